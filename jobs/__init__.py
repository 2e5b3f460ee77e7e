"""Commands that wire scrapers, core and storage together: python -m jobs.refresh, ..."""
