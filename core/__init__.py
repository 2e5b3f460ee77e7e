"""Domain types and pure logic: prices, offerings, diffs, freshness. No I/O here."""
