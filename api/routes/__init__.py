"""The HTTP routers of tradekg, one module per resource; api.app includes them all."""

__all__: list[str] = []
