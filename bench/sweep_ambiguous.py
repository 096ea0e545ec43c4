"""List every AMBIGUOUS what-if verdict, with its competing chains, over all shocked variables.

For each variable that is the cause of at least one causal edge (per economy and the
general X/Y slots), both directions: ``whatif`` is run and each affected variable whose
net direction is ``ambiguous`` is printed with the chains on each side. Used to audit
the propagation rules (docs/propagation.md); it reads the built store.

    PYTHONPATH=$PWD python3 bench/sweep_ambiguous.py [--store DIR] [--only KEYPART]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from kg.store import open_store
from rules.projection import projection
from rules.whatif import whatif

__all__ = ["main"]


def _claim(iri: str) -> str:
    return iri.split("/claim/", 1)[-1].split("/identity/", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", default=".tradekg/store")
    ap.add_argument("--only", default=None, help="only shocks whose key contains this")
    ap.add_argument("--brief", action="store_true", help="one line per verdict")
    args = ap.parse_args(argv)
    store = open_store(args.store, read_only=True)
    proj = projection(store)
    g = proj.graph
    shocks = sorted(
        {u for u, _v, d in g.edges(data=True) if d.get("kind") == "causal"},
        key=lambda n: g.nodes[n].get("key") or n,
    )
    total: Counter[str] = Counter()
    for node in shocks:
        key = g.nodes[node].get("key") or node
        if args.only and args.only not in key:
            continue
        for change in ("increase", "decrease"):
            res = whatif(store, node, change, limit=100)
            total["shocks"] += 1
            for eff in res.effects:
                total["verdicts"] += 1
                if eff.direction != "ambiguous":
                    continue
                total["ambiguous"] += 1
                print(
                    f"{key} {change} -> {eff.variable.key}: AMBIGUOUS ({eff.decided_by}) "
                    f"{dict(eff.by_horizon)}"
                )
                if args.brief:
                    continue
                print(f"    decide: {eff.what_would_decide}")
                for tag, chains in (("for ", eff.chains), ("vs  ", eff.competing)):
                    for c in chains:
                        cl = " > ".join(_claim(s.claim or "") for s in c.steps)
                        flags = f"{c.horizon}{' cond' if c.conditional else ''}"
                        print(f"    {tag} {c.sign:+d} [{flags}] {cl}")
    print(f"# {dict(total)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
