"""tradekg: api layer."""
