"""Presentation of results, one package for the CLI, the API and notebooks."""

from rules.present.limits import RANKED, limited, ranked_items

__all__ = ["RANKED", "limited", "ranked_items"]
