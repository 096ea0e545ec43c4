"""Plain-text rendering of results: the CLI's output and the API's text/plain responses."""

from __future__ import annotations

import textwrap

from rules.results import (
    Chain,
    ContradictionsResult,
    Explanation,
    LoopsResult,
    PathsResult,
    ResolvedQuery,
    Step,
    WhatIfResult,
    WhyResult,
)

__all__ = ["render", "render_text"]

_ARROW = {1: "+", -1: "−"}


def _wrap(text: str, indent: str, width: int) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def _query(q: ResolvedQuery) -> str:
    parts = [f"intent={q.intent}"]
    if q.variable_label:
        parts.append(f"variable={q.variable_label!r}")
    elif q.item:
        parts.append(f"item={q.item}")
    if q.change:
        parts.append(f"change={q.change}")
    if q.economy:
        parts.append(f"economy={q.economy}")
    if q.period:
        parts.append(f"period={q.period}")
    if q.horizon and q.horizon != "any":
        parts.append(f"horizon={q.horizon}")
    if q.target:
        parts.append(f"target={q.target.rsplit('/var/', 1)[-1]}")
    line = "query: " + " ".join(parts)
    for a in q.assumptions:
        line += f"\n  assumed: {a}"
    return line


def _step(s: Step, width: int) -> str:
    kind = "" if s.kind == "causal" else f" [{s.kind}]"
    rule = f" (derived by {', '.join(s.rule_ids)})" if s.rule_ids else ""
    cond = "".join(f" [if {c.condition}: {c.status}]" for c in s.conditions)
    head = (
        f"  {s.cause.label} ({s.cause.change or 'occurs'}) —{_ARROW[s.sign]}→ "
        f"{s.effect.label} ({s.effect.change}){kind}{cond}"
    )
    quote = _wrap(f"“{s.quote}” — {s.source.section}{rule}", "      ", width)
    return head + "\n" + quote


def _explanation(i: int, e: Explanation, width: int) -> str:
    flags = []
    if e.horizon != "any":
        flags.append(f"{e.horizon} run")
    if e.conditional:
        flags.append(
            "conditional: " + ", ".join(c.condition for c in e.conditions if c.status == "unknown")
        )
    flag = f" [{'; '.join(flags)}]" if flags else ""
    lines = [f"{i}. [{e.score:.2f}] via {e.channel}{flag}", _wrap(e.summary, "   ", width)]
    lines += [_step(s, width) for s in e.steps]
    if e.note:
        lines.append(f"   note: {e.note}")
    return "\n".join(lines)


def _chain(c: Chain, width: int) -> str:
    flags = []
    if c.horizon != "any":
        flags.append(f"{c.horizon} run")
    if c.conditional:
        flags.append("conditional")
    if c.dominated:
        flags.append("outweighed")
    flag = f" [{'; '.join(flags)}]" if flags else ""
    return "\n".join(
        [_wrap(f"- {c.summary}{flag}", "    ", width)] + [_step(s, width) for s in c.steps]
    )


def render(result: object, *, width: int = 100, verbose: bool = False) -> str:
    """Render any result type as text."""
    if isinstance(result, WhyResult):
        return _why(result, width)
    if isinstance(result, WhatIfResult):
        return _whatif(result, width, verbose)
    if isinstance(result, LoopsResult):
        return _loops(result, width)
    if isinstance(result, PathsResult):
        out = [f"{result.result_code}", _query(result.query)]
        out += [_chain(c, width) for c in result.paths]
        return "\n".join(out) + "\n"
    if isinstance(result, ContradictionsResult):
        return _contradictions(result, width)
    raise TypeError(f"cannot render {type(result).__name__}")


render_text = render


def _candidates(result: WhyResult | WhatIfResult | LoopsResult) -> list[str]:
    if not result.candidates:
        return []
    return ["candidates:"] + [
        f"  - {c.label}  ({c.iri})" + (f" matched {c.matched!r}" if c.matched else "")
        for c in result.candidates
    ]


def _why(r: WhyResult, width: int) -> str:
    out = [f"{r.result_code}", _query(r.query)]
    if r.message:
        out.append(r.message)
    if r.premise:
        out.append(_wrap(f"premise: {r.premise.status} — {r.premise.statement}", "", width))
    out += _candidates(r)
    group_of = {i: g for g in r.groups for i in g.explanations}
    last = None
    for i, e in enumerate(r.explanations, 1):
        g = group_of.get(i - 1)
        if g and g.economy != last:
            out.append(f"\n== {g.economy} ({g.premise})")
            last = g.economy
        out.append(_explanation(i, e, width))
    if r.offsets:
        out.append("offsets:")
        out += [_wrap(f"- {o.note}: “{o.quote}”", "  ", width) for o in r.offsets]
    if r.outweighed:
        out.append("outweighed (net effect of the root goes the other way):")
        out += [_wrap(f"- {e.summary} ({e.note})", "  ", width) for e in r.outweighed[:5]]
    if r.caveats:
        out.append("caveats:")
        out += [_wrap(f"- {c}", "  ", width) for c in r.caveats]
    return "\n".join(out) + "\n"


def _whatif(r: WhatIfResult, width: int, verbose: bool) -> str:
    out = [f"{r.result_code}", _query(r.query)]
    if r.message:
        out.append(r.message)
    out += _candidates(r)
    for e in r.effects:
        hz = ", ".join(f"{k}: {v}" for k, v in e.by_horizon.items())
        out.append(
            f"* {e.variable.label}: {e.direction.upper()} (by {e.decided_by})"
            + (f" [{hz}]" if hz else "")
        )
        shown = e.chains if verbose else e.chains[:1]
        out += [_chain(c, width) for c in shown]
        if e.competing:
            out.append(
                f"    competing: {len(e.competing)} chain(s); " + "; ".join(e.what_would_decide)
            )
    return "\n".join(out) + "\n"


def _loops(r: LoopsResult, width: int) -> str:
    out = [f"{r.result_code}", _query(r.query), f"{len(r.loops)} loop(s)"]
    if r.message:
        out.append(r.message)
    out += _candidates(r)
    for i, lp in enumerate(r.loops, 1):
        out.append(_wrap(f"{i}. {lp.polarity.upper()}: {lp.summary}", "", width))
        out += [_step(s, width) for s in lp.steps]
    return "\n".join(out) + "\n"


def _contradictions(r: ContradictionsResult, width: int) -> str:
    out = [f"{r.result_code}", f"{len(r.contradictions)} pair(s) of opposing claims"]
    for c in r.contradictions:
        out.append(_wrap(f"- {c.cause.label} → {c.effect.label}: {c.explanation}", "", width))
        out += [_step(s, width) for s in c.positive[:2] + c.negative[:2]]
    if r.status_conflicts:
        out.append(f"{len(r.status_conflicts)} role(s) the report's own figures contradict")
    for sc in r.status_conflicts:
        out.append(_wrap(f"- {sc.explanation}", "", width))
        out.append(_wrap(f'"{sc.quote}"', "    ", width))
    return "\n".join(out) + "\n"
