"""tradekg: rules layer."""
