"""tradekg: ontology layer."""
