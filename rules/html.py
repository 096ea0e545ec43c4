"""Moved to :mod:`rules.present.html`; this name is kept so that existing imports work."""

from rules.present.html import (
    GREEN,
    RED,
    Fragment,
    chain_html,
    html_of,
    query_table,
    shorten,
    to_html,
)

__all__ = ["GREEN", "RED", "Fragment", "chain_html", "html_of", "query_table", "shorten", "to_html"]
