"""``tradekg serve`` with a fault injected: the engine spins on any question that says 'spin'.

For test_hardening's explanation deadline test. Started as a script, so worker processes
(multiprocessing runs a script's top level again in each child) get the same engine.
"""

from __future__ import annotations

import time
from typing import Any

import rules
from api.server import serve
from api.settings import Settings

_ask = rules.ask


def _spinning_ask(store: Any, question: str, *args: Any, **kwargs: Any) -> Any:
    if "spin" in question:
        end = time.monotonic() + 600
        while time.monotonic() < end:  # pure CPU, like a runaway search
            pass
    return _ask(store, question, *args, **kwargs)


rules.ask = _spinning_ask

if __name__ == "__main__":
    serve(Settings())
