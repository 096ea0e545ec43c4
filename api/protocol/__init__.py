"""SPARQL 1.1 Protocol machinery behind /sparql and /update: negotiation, results, guards."""

__all__: list[str] = []
