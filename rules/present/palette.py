"""The colours every rendering uses: + green, − red, ambiguous amber, notes grey.

The sign is always said in text as well (+/−, ↑/↓), so nothing depends on colour alone.
"""

from __future__ import annotations

__all__ = ["AMBER", "EVENT_FILL", "FILL", "GREEN", "GREY", "RED", "sign_colour"]

GREEN = "#1a7f37"
RED = "#cf222e"
AMBER = "#9a6700"
GREY = "#57606a"
# Node fills by the way a variable moves; events are blue.
FILL: dict[str | None, str] = {
    "increase": "#dafbe1",
    "decrease": "#ffebe9",
    "ambiguous": "#fff8c5",
    None: "#ffffff",
}
EVENT_FILL = "#ddf4ff"


def sign_colour(sign: int) -> str:
    """Green for a positive link, red for a negative one.

    >>> sign_colour(-1) == RED
    True
    """
    return GREEN if sign > 0 else RED
