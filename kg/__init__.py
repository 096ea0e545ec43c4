"""tradekg: kg layer."""
