"""List the why-answers on the main balances of the main economies, for an audit.

For each economy and each of goods balance, current account, currency value, bond yield
and capital inflows, both directions: the explanations ``why`` gives (score, chain with
each step's claim) and what was outweighed, so a reader can check each report-stated
cause is there with its sign (docs/propagation.md). It reads the built store.

    PYTHONPATH=$PWD python3 bench/sweep_why.py [--store DIR] [--economies JPN,USA] [-n 5]
"""

from __future__ import annotations

import argparse

from kg.store import open_store
from rules.errors import QueryError
from rules.projection import projection
from rules.why import why

__all__ = ["main"]

ECONOMIES = "JPN,USA,CHN,DEU,TUR,ARG,AUS,GCC,EME,X"
ITEMS = ("goodsBalance", "currentAccount", "currencyValue", "bondYield", "capitalInflows")


def _claim(iri: str) -> str:
    return iri.split("/claim/", 1)[-1].split("/identity/", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", default=".tradekg/store")
    ap.add_argument("--economies", default=ECONOMIES)
    ap.add_argument("-n", type=int, default=5, help="explanations shown per answer")
    args = ap.parse_args(argv)
    store = open_store(args.store, read_only=True)
    keys = {d.get("key") for _n, d in projection(store).graph.nodes(data=True)}
    keys.discard(None)
    for eco in args.economies.split(","):
        todo = [f"{eco}/WLD/{i}/total/{'rate' if i == 'bondYield' else 'value'}" for i in ITEMS]
        # an economy the report speaks of only as a partner: its balances with others
        todo += sorted(k for k in keys if k and k.split("/")[1] == eco and k.split("/")[2] in ITEMS)
        for key in todo:
            if key not in keys:
                print(f"{key}: not in the graph")
                continue
            for change in ("increase", "decrease"):
                try:
                    r = why(store, key, change, limit=args.n)
                except QueryError as exc:
                    print(f"{key} {change}: {exc}")
                    continue
                print(
                    f"{key} {change}: {r.result_code.value} "
                    f"({len(r.explanations)} shown{', truncated' if r.truncated else ''})"
                )
                for e in r.explanations:
                    chain = " > ".join(f"{_claim(s.claim)}[{s.cause.change}]" for s in e.steps)
                    print(
                        f"    {e.score:.3f} {e.steps[0].cause.key} {e.steps[0].cause.change}: "
                        f"{chain}"
                    )
                for o in (getattr(r, "outweighed", None) or [])[:3]:
                    print(f"    outweighed {o.score:.3f}: {o.summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
