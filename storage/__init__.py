"""The price-history database: SQLModel tables, the analyst views, and the only code that writes them."""
