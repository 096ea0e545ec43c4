"""Score question sets on the answer, not only on the parse (the numbers in docs/questions.md).

A question counts as right when the parse names the variable asked about in the right direction
(intent, economy, item, product, direction) **and** the answer contains what the set's ``expect``
block says the report supports: the named causes among a why-answer's chains, the named effects
with their direction among a what-if's net effects, the named variables on one loop. An
*inversion* is the right variable read the wrong way, or an expected what-if effect answered in
the opposite direction: the worst error the tool can make.

Usage::

    python bench/score_questions.py tests/data/questions_ninth.yaml [--by-endpoint] [--show-wrong]

``--by-endpoint`` sends why questions to the why entry and what-if questions to the what-if
entry (as ``/why`` and ``/whatif`` do), instead of letting ``rules.ask`` guess the intent.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

__all__ = ["score"]


def _key_parts(key: str | None) -> tuple[str, str, str] | None:
    """(economy, item, product) of a variable key 'ECON/COUNTERPART/item/product/measure'."""
    if not key:
        return None
    parts = key.split("/")
    if len(parts) < 4:
        return None
    return parts[0], parts[2], parts[3]


def _same(want: dict[str, Any], key: str | None) -> bool:
    got = _key_parts(key)
    if got is None:
        return False
    econ, item, product = got
    if want.get("item") and want["item"] != item:
        return False
    if want.get("product") and want["product"] != product:
        return False
    return not (want.get("economy") and want["economy"] != econ)


def _ask(store: Any, q: dict[str, Any], by_endpoint: bool) -> Any:
    import rules

    if by_endpoint and q["intent"] in {"why", "whatif", "loops"}:
        params = inspect.signature(rules.ask).parameters
        if "intent" in params:
            return rules.ask(store, q["question"], intent=q["intent"])
    return rules.ask(store, q["question"])


def _parse_ok(result: Any, q: dict[str, Any]) -> tuple[bool, bool]:
    query = result.query
    ok = query.intent == q["intent"]
    if q.get("item"):
        ok &= query.item == q["item"]
    if q.get("economy") and q["intent"] != "loops" and not q.get("general"):
        ok &= query.economy == q["economy"]
    if q.get("product") and query.product:
        ok &= query.product == q["product"]
    inverted = False
    if q.get("direction"):
        same_variable = query.item == q.get("item")
        inverted = bool(same_variable and query.change and query.change != q["direction"])
        ok &= query.change == q["direction"]
    return bool(ok), inverted


def _answer_ok(result: Any, q: dict[str, Any]) -> tuple[bool, bool, list[str]]:
    expect = q.get("expect") or {}
    missing: list[str] = []
    inverted = False
    if q["intent"] == "why":
        causes = [s.cause for e in getattr(result, "explanations", []) or [] for s in e.steps]
        for want in expect.get("causes") or []:
            hits = [t for t in causes if _same(want, t.key)]
            if not hits:
                missing.append(f"cause {want}")
            elif want.get("direction") and all(
                t.change and t.change != want["direction"] for t in hits
            ):
                missing.append(f"cause {want} (direction)")
    elif q["intent"] == "whatif":
        effects = getattr(result, "effects", []) or []
        for want in expect.get("effects") or []:
            hits = [e for e in effects if _same(want, e.variable.key)]
            if not hits:
                missing.append(f"effect {want}")
                continue
            dirs = {e.direction for e in hits}
            if want.get("direction") and want["direction"] not in dirs:
                missing.append(f"effect {want} got {sorted(dirs)}")
                if dirs & {"increase", "decrease"}:
                    inverted = True
    elif q["intent"] == "loops":
        through = expect.get("through") or []
        loops = getattr(result, "loops", []) or []
        if through and not any(
            all(any(_same(w, t.key) for t in lp.variables) for w in through) for lp in loops
        ):
            missing.append(f"loop through {through}")
    return not missing, inverted, missing


def score(
    path: Path, *, by_endpoint: bool = False, show_wrong: bool = False, store: Any = None
) -> dict[str, Any]:
    """Score one question file; returns counts by intent, parse and answer accuracy, inversions.
    ``store``: a reasoned store to ask (read only); by default one is built in memory."""
    from kg.build import build_memory
    from rules.materialize import post_load

    if store is None:
        store, _ = build_memory(post_load=post_load)
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    total: Counter[str] = Counter()
    parsed: Counter[str] = Counter()
    right: Counter[str] = Counter()
    inversions: list[str] = []
    wrong: list[dict[str, Any]] = []
    for q in questions:
        intent = q["intent"]
        total[intent] += 1
        try:
            result = _ask(store, q, by_endpoint)
        except Exception as exc:  # a crash is a wrong answer: counted and shown
            wrong.append({"question": q["question"], "why": f"raised {type(exc).__name__}: {exc}"})
            continue
        p_ok, p_inv = _parse_ok(result, q)
        a_ok, a_inv, missing = _answer_ok(result, q)
        parsed[intent] += p_ok
        right[intent] += p_ok and a_ok
        if p_inv or a_inv:
            inversions.append(q["question"])
        if not (p_ok and a_ok):
            q_ = result.query
            wrong.append(
                {
                    "question": q["question"],
                    "code": str(getattr(result, "result_code", "")),
                    "parsed": f"{q_.intent} {q_.economy} {q_.item} {q_.product} {q_.change}",
                    "missing": missing,
                }
            )
    n = sum(total.values())
    out = {
        "set": path.name,
        "questions": n,
        "by_intent": {
            k: {"n": total[k], "parsed": parsed[k], "right": right[k]} for k in sorted(total)
        },
        "parse_accuracy": round(sum(parsed.values()) / n, 3) if n else None,
        "answer_accuracy": round(sum(right.values()) / n, 3) if n else None,
        "inversions": inversions,
    }
    if show_wrong:
        out["wrong"] = wrong
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--by-endpoint", action="store_true")
    ap.add_argument("--show-wrong", action="store_true")
    args = ap.parse_args(argv)
    for f in args.files:
        print(
            json.dumps(
                score(f, by_endpoint=args.by_endpoint, show_wrong=args.show_wrong),
                indent=1,
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
