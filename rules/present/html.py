"""HTML rendering of results (notebooks, the /ask page): signed, coloured chains, quoted.

Every fragment uses inline styles only (notebook viewers strip ``<style>``) and says the
sign in text as well as in colour (+ green, − red), so it reads without colour too.

>>> from rules.results import Source, Step, Term
>>> s = Step(cause=Term(iri="a", label="yen", change="decrease"),
...          effect=Term(iri="b", label="imports", change="increase"), sign=-1,
...          kind="causal", claim="c", quote="q", source=Source(document="d", section="s"),
...          confidence=0.9)
>>> "−" in to_html(s)
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rules.present.palette import AMBER, GREEN, GREY, RED
from rules.results import (
    Candidate,
    Chain,
    ConditionNote,
    Contradiction,
    ContradictionsResult,
    Effect,
    Explanation,
    Loop,
    LoopsResult,
    ObservationRef,
    Offset,
    PathsResult,
    PremiseCheck,
    PremiseStatus,
    ResolvedQuery,
    Step,
    Term,
    WhatIfResult,
    WhyResult,
)

__all__ = [
    "GREEN",
    "RED",
    "Fragment",
    "chain_html",
    "html_of",
    "query_table",
    "shorten",
    "to_html",
]

_BOX = (
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
    "line-height:1.45;max-width:1100px"
)
_NODE = "display:inline-block;padding:1px 6px;border:1px solid #d0d7de;border-radius:10px"
_QUOTE = f"color:{GREY};font-style:italic"
_TH = "text-align:left;border-bottom:1px solid #d0d7de;padding:2px 8px"
_TD = "text-align:left;vertical-align:top;padding:2px 8px;border-bottom:1px solid #eaeef2"
_PREFIXES = (
    ("https://w3id.org/tradekg/id/", "tkd:"),
    ("https://w3id.org/tradekg/ontology#", "tk:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://www.w3.org/2002/07/owl#", "owl:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://www.w3.org/ns/oa#", "oa:"),
    ("http://purl.org/linked-data/cube#", "qb:"),
)
_MAX_CHAINS = 3


class Fragment:
    """An HTML fragment that Jupyter displays as HTML and ``str()`` gives as markup."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def shorten(value: object) -> str:
    """An IRI with the project's prefixes (tk:, tkd:, rdfs: …); other values as they are."""
    s = "" if value is None else str(value)
    for prefix, short in _PREFIXES:
        if s.startswith(prefix):
            return short + s[len(prefix) :]
    return s


def _sign(sign: int) -> str:
    return "+" if sign > 0 else "−"


def _sign_colour(sign: int) -> str:
    return GREEN if sign > 0 else RED


def _change(change: str | None) -> tuple[str, str]:
    """Arrow and colour of a movement (increase ↑ green, decrease ↓ red, ambiguous ↕ amber)."""
    if change == "increase":
        return "↑", GREEN
    if change == "decrease":
        return "↓", RED
    if change == "ambiguous":
        return "↕", AMBER
    return "", GREY


def _term(t: Term, *, kind: str = "variable") -> str:
    arrow, colour = _change(t.change)
    mark = f' <b style="color:{colour}">{arrow}</b>' if arrow else ""
    style = _NODE + (";background:#fff8c5" if kind == "event" else "")
    return f'<span class="tk-term" style="{style}" title="{_e(t.iri)}">{_e(t.label)}{mark}</span>'


def _arrow(s: Step) -> str:
    colour = _sign_colour(s.sign)
    dash = "⇢" if s.kind == "identity" else "→"
    tip = f"“{s.quote}” — {s.source.section} [{shorten(s.claim)}]"
    return (
        f' <span class="tk-sign" style="color:{colour};font-weight:bold;cursor:help" '
        f'title="{_e(tip)}">—{_sign(s.sign)}{dash}</span> '
    )


def _conditions(notes: Sequence[ConditionNote]) -> str:
    out = []
    for n in notes:
        colour = {"holds": GREEN, "fails": RED}.get(n.status, AMBER)
        out.append(
            f'<span style="color:{colour}" title="{_e(n.premise or "")}">'
            f"if {_e(n.condition)}: {_e(n.status)}</span>"
        )
    return " ".join(out)


def _quote_item(s: Step) -> str:
    extra: list[str] = []
    if s.kind != "causal":
        extra.append(s.kind)
    if s.horizon != "any":
        extra.append(f"{s.horizon} run")
    if s.rule_ids:
        extra.append("derived by " + ", ".join(s.rule_ids))
    if s.instance_of:
        extra.append("instance of " + shorten(s.instance_of))
    tail = f" <small>({_e('; '.join(extra))})</small>" if extra else ""
    cond = f" {_conditions(s.conditions)}" if s.conditions else ""
    return (
        f'<li><span style="color:{_sign_colour(s.sign)}">{_e(s.cause.label)} '
        f"{_sign(s.sign)}→ {_e(s.effect.label)}</span>: "
        f'<span style="{_QUOTE}">“{_e(s.quote)}”</span> — {_e(s.source.section)} '
        f'<small style="color:{GREY}">[{_e(shorten(s.claim))}]</small>{tail}{cond}</li>'
    )


def chain_html(steps: Sequence[Step], *, quotes: bool = True) -> str:
    """A chain of steps as ``cause —±→ effect —±→ …`` with each quote on hover and below."""
    if not steps:
        return ""
    kind0 = "event" if steps[0].kind == "event" else "variable"
    parts = [_term(steps[0].cause, kind=kind0)]
    for s in steps:
        parts.append(_arrow(s))
        parts.append(_term(s.effect))
    line = f'<div class="tk-chain" style="margin:4px 0">{"".join(parts)}</div>'
    if not quotes:
        return line
    items = "".join(_quote_item(s) for s in steps)
    return line + f'<ol class="tk-quotes" style="margin:2px 0 8px 0">{items}</ol>'


def _flags(horizon: str, conditional: bool, dominated: bool = False) -> str:
    flags = []
    if horizon != "any":
        flags.append(f"{horizon} run")
    if conditional:
        flags.append("conditional")
    if dominated:
        flags.append("outweighed")
    return f' <span style="color:{AMBER}">[{_e("; ".join(flags))}]</span>' if flags else ""


def _observation(o: ObservationRef, labels: Mapping[str, str] | None = None) -> str:
    if o.agrees is True:
        mark = f'<b style="color:{GREEN}">✓ supports</b>'
    elif o.agrees is False:
        mark = f'<b style="color:{RED}">✗ contradicts</b>'
    else:
        mark = f'<span style="color:{GREY}">·</span>'
    value = "" if o.value is None else f" {o.value:g}{(' ' + o.unit) if o.unit else ''}"
    arrow, colour = _change(o.direction)
    moved = f' <b style="color:{colour}">{arrow}</b>' if arrow else ""
    name = (labels or {}).get(o.variable) or shorten(o.variable)
    return (
        f"<li>{mark} {_e(name)}{moved} {_e(o.period)} ({_e(o.kind)}{_e(value)}): "
        f'<span style="{_QUOTE}">“{_e(o.quote)}”</span></li>'
    )


def _observations(
    obs: Iterable[ObservationRef], title: str, labels: Mapping[str, str] | None = None
) -> str:
    items = "".join(_observation(o, labels) for o in obs)
    if not items:
        return ""
    return f'<div style="margin-left:1em"><small>{_e(title)}</small><ul>{items}</ul></div>'


def _labels(steps: Iterable[Step]) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in steps:
        out[s.cause.iri] = s.cause.label
        out[s.effect.iri] = s.effect.label
    return out


def _explanation(i: int, e: Explanation) -> str:
    head = (
        f'<div class="tk-explanation" style="margin:6px 0 10px 0"><b>{i}.</b> '
        f'<span style="color:{GREY}">[{e.score:.2f}]</span> via <b>{_e(e.channel)}</b>'
        f"{_flags(e.horizon, e.conditional)}"
    )
    if e.economy:
        head += f" <small>({_e(e.economy)})</small>"
    body = chain_html(e.steps)
    body += _observations(e.evidence, "observations on this chain", _labels(e.steps))
    if e.note:
        body += f'<div style="color:{AMBER}">note: {_e(e.note)}</div>'
    if e.elaborated_summaries:
        body += f"<div><small>spells out: {_e('; '.join(e.elaborated_summaries))}</small></div>"
    return head + body + "</div>"


def _query(q: ResolvedQuery) -> str:
    parts = [f"<b>{_e(q.intent)}</b>"]
    if q.variable_label:
        parts.append(_e(q.variable_label))
    if q.change:
        arrow, colour = _change(q.change)
        parts.append(f'<span style="color:{colour}">{arrow} {_e(q.change)}</span>')
    for name in ("economy", "period", "horizon"):
        value = getattr(q, name)
        if value and value != "any":
            parts.append(f"{name}={_e(value)}")
    line = " ".join(parts)
    if q.question:
        line = f"“{_e(q.question)}” → {line}"
    for a in q.assumptions:
        line += f"<br><small>assumed: {_e(a)}</small>"
    return f'<div class="tk-query" style="color:{GREY}">{line}</div>'


def _code(code: str, message: str | None) -> str:
    colour = GREEN if code == "FOUND" else AMBER
    msg = f" — {_e(message)}" if message else ""
    return f'<div><b style="color:{colour}">{_e(code)}</b>{msg}</div>'


def _candidates(cands: Sequence[Candidate]) -> str:
    if not cands:
        return ""
    rows = [[c.label, c.kind, shorten(c.iri), c.matched or ""] for c in cands]
    return "<div><b>Did you mean</b></div>" + _table(["label", "kind", "IRI", "matched"], rows)


def _premise(p: PremiseCheck, label: str | None = None) -> str:
    colour = {
        PremiseStatus.PREMISE_CONFIRMED: GREEN,
        PremiseStatus.PREMISE_CONTRADICTED: RED,
    }.get(p.status, GREY)
    out = (
        f'<div class="tk-premise" style="border-left:4px solid {colour};padding-left:8px;'
        f'margin:6px 0"><b style="color:{colour}">{_e(p.status)}</b> {_e(p.statement)}'
    )
    labels = {p.variable: label} if label else {}
    out += _observations(p.confirming, "confirming observations", labels)
    out += _observations(p.contradicting, "contradicting observations", labels)
    return out + "</div>"


def _offset(o: Offset) -> str:
    obs = "".join(_observation(x, {o.variable.iri: o.variable.label}) for x in o.observations)
    return (
        f"<li><b>{_e(o.variable.label)}</b>: {_e(o.note)}<br>"
        f'<span style="{_QUOTE}">“{_e(o.quote)}”</span> <small>({_e(o.statement)})</small>'
        f"{f'<ul>{obs}</ul>' if obs else ''}</li>"
    )


def _why(r: WhyResult) -> str:
    out = [_code(r.result_code, r.message), _query(r.query)]
    if r.premise:
        out.append(_premise(r.premise, r.query.variable_label))
    out.append(_candidates(r.candidates))
    shown: set[int] = set()
    for ch in r.channels:
        out.append(
            f'<h4 style="margin:10px 0 2px 0">Channel: {_e(ch.channel)} '
            f'<small style="color:{GREY}">({len(ch.explanations)} chain(s))</small></h4>'
        )
        for i in ch.explanations:
            if 0 <= i < len(r.explanations):
                out.append(_explanation(i + 1, r.explanations[i]))
                shown.add(i)
    rest = [i for i in range(len(r.explanations)) if i not in shown]
    if rest:
        out.append('<h4 style="margin:10px 0 2px 0">Other chains</h4>')
        out += [_explanation(i + 1, r.explanations[i]) for i in rest]
    if r.offsets:
        out.append("<h4 style='margin:10px 0 2px 0'>Offsets</h4><ul>")
        out += [_offset(o) for o in r.offsets]
        out.append("</ul>")
    if r.outweighed:
        items = "".join(
            f"<li>{_e(e.summary)} <small style='color:{GREY}'>({_e(e.note or '')})</small>"
            f"{chain_html(e.steps)}</li>"
            for e in r.outweighed
        )
        out.append(
            f"<details><summary><b>Outweighed</b> ({len(r.outweighed)}): the net effect "
            f"of their root goes the other way</summary><ul>{items}</ul></details>"
        )
    if r.caveats:
        items = "".join(f"<li>{_e(c)}</li>" for c in r.caveats)
        out.append(f"<h4 style='margin:10px 0 2px 0'>Caveats</h4><ul>{items}</ul>")
    return _wrap("".join(out), "tk-why")


def _chain_block(c: Chain) -> str:
    return (
        f'<div style="margin:4px 0"><span style="color:{GREY}">[{c.score:.2f}]</span> '
        f"{_e(c.summary)}{_flags(c.horizon, c.conditional, c.dominated)}"
        f"{chain_html(c.steps)}</div>"
    )


def _direction_cell(direction: str) -> str:
    arrow, colour = _change(direction)
    return f'<b style="color:{colour}">{arrow} {_e(direction)}</b>'


def _effect_details(e: Effect) -> str:
    chains = "".join(_chain_block(c) for c in e.chains[:_MAX_CHAINS])
    if len(e.chains) > _MAX_CHAINS:
        chains += f"<div><small>… {len(e.chains) - _MAX_CHAINS} more chain(s)</small></div>"
    competing = ""
    if e.competing:
        competing = (
            f'<div style="margin-top:6px"><b style="color:{AMBER}">Competing</b> '
            f"({len(e.competing)}):</div>"
            + "".join(_chain_block(c) for c in e.competing[:_MAX_CHAINS])
        )
        if len(e.competing) > _MAX_CHAINS:
            competing += (
                f"<div><small>… {len(e.competing) - _MAX_CHAINS} more competing</small></div>"
            )
    decide = ""
    if e.what_would_decide:
        decide = f"<div><small>would decide: {_e('; '.join(e.what_would_decide))}</small></div>"
    return (
        f"<details><summary>{_e(e.variable.label)}: {_direction_cell(e.direction)} "
        f"<small>(by {_e(e.decided_by)})</small></summary>{chains}{competing}{decide}</details>"
    )


def _effects_table(effects: Sequence[Effect]) -> str:
    rows = []
    for e in effects:
        hz = ", ".join(f"{k}: {v}" for k, v in e.by_horizon.items())
        rows.append(
            [
                _e(e.variable.label),
                _direction_cell(e.direction),
                _e(e.decided_by),
                _e(hz),
                str(len(e.chains)),
                str(len(e.competing)),
                _e("; ".join(e.what_would_decide)),
            ]
        )
    head = ["variable", "net", "decided by", "by horizon", "chains", "competing", "would decide"]
    return _table(head, rows, escape=False)


def _whatif(r: WhatIfResult) -> str:
    out = [_code(r.result_code, r.message), _query(r.query), _candidates(r.candidates)]
    if r.effects:
        out.append(_effects_table(r.effects))
        out.append("<h4 style='margin:10px 0 2px 0'>Chains per effect</h4>")
        out += [_effect_details(e) for e in r.effects]
    return _wrap("".join(out), "tk-whatif")


def _polarity(p: str) -> str:
    colour = {"reinforcing": RED, "balancing": GREEN}.get(p, GREY)
    return f'<b style="color:{colour}">{_e(p)}</b>'


def _loops(r: LoopsResult) -> str:
    out = [_code(r.result_code, r.message), _query(r.query), _candidates(r.candidates)]
    rows = []
    for i, lp in enumerate(r.loops, 1):
        cycle = " → ".join(t.label for t in lp.variables)
        if lp.variables:
            cycle += f" → {lp.variables[0].label}"
        rows.append(
            [
                str(i),
                _polarity(lp.polarity),
                _polarity(lp.sign_polarity),
                _e(cycle),
                _conditions(lp.conditions),
                str(len(lp.steps)),
            ]
        )
    if rows:
        out.append(
            _table(["#", "loop", "signs", "cycle", "conditions", "steps"], rows, escape=False)
        )
        out += [
            f"<details><summary>{i}. {_polarity(lp.polarity)} {_e(lp.summary)}</summary>"
            f"{chain_html(lp.steps)}</details>"
            for i, lp in enumerate(r.loops, 1)
        ]
    return _wrap("".join(out), "tk-loops")


def _paths(r: PathsResult) -> str:
    out = [_code(r.result_code, r.message), _query(r.query), _candidates(r.candidates)]
    out += [_chain_block(c) for c in r.paths]
    return _wrap("".join(out), "tk-paths")


def _contradiction(c: Contradiction) -> list[str]:
    def cell(steps: Sequence[Step]) -> str:
        return "<br>".join(
            f'<span style="{_QUOTE}" title="{_e(s.source.section)}">“{_e(s.quote)}”</span>'
            for s in steps[:2]
        )

    return [
        f"{_e(c.cause.label)} → {_e(c.effect.label)}",
        cell(c.positive),
        cell(c.negative),
        _e(", ".join(c.reconciled_by) or "unreconciled"),
        _e(c.explanation),
    ]


def _contradictions(r: ContradictionsResult) -> str:
    out = [_code(r.result_code, None)]
    rows = [_contradiction(c) for c in r.contradictions]
    head = ["link", "+ claims", "− claims", "reconciled by", "explanation"]
    out.append(_table(head, rows, escape=False))
    if r.status_conflicts:
        out.append(
            _table(
                ["economy", "role in the report", "observed", "period", "sentence"],
                [
                    [sc.economy, sc.role, sc.status, sc.period, sc.quote]
                    for sc in r.status_conflicts
                ],
            )
        )
    return _wrap("".join(out), "tk-contradictions")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], *, escape: bool = True) -> str:
    th = "".join(f'<th style="{_TH}">{_e(h)}</th>' for h in head)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_TD}">{_e(c) if escape else c}</td>' for c in row) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="tk-table" style="border-collapse:collapse;margin:4px 0">'
        f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
    )


def _wrap(inner: str, cls: str) -> str:
    return f'<div class="tk-result {cls}" style="{_BOX}">{inner}</div>'


def query_table(rows: Sequence[Mapping[str, Any]], *, limit: int = 100) -> Fragment:
    """Rows of ``store.select(...)`` as an HTML table, IRIs shortened (tk:, tkd: …).

    >>> str(query_table([{"s": "https://w3id.org/tradekg/id/var/X"}])).count("tkd:var/X")
    1
    """
    names: list[str] = []
    for r in rows:
        names += [k for k in r if k not in names]
    shown = [[shorten(r.get(n)) for n in names] for r in rows[:limit]]
    more = (
        f"<div><small>… {len(rows) - limit} more row(s)</small></div>" if len(rows) > limit else ""
    )
    count = f'<div style="color:{GREY}"><small>{len(rows)} row(s)</small></div>'
    return Fragment(_wrap(_table(names, shown) + more + count, "tk-query-result"))


def html_of(obj: object) -> str | None:
    """HTML of a result, explanation, chain, effect, loop, step or premise; else None.

    What the results' ``_repr_html_`` returns (None lets Jupyter fall back to text).
    """
    if isinstance(obj, WhyResult):
        return _why(obj)
    if isinstance(obj, WhatIfResult):
        return _whatif(obj)
    if isinstance(obj, LoopsResult):
        return _loops(obj)
    if isinstance(obj, PathsResult):
        return _paths(obj)
    if isinstance(obj, ContradictionsResult):
        return _contradictions(obj)
    if isinstance(obj, Explanation):
        return _wrap(_explanation(1, obj), "tk-explanation")
    if isinstance(obj, Chain):
        return _wrap(_chain_block(obj), "tk-chain")
    if isinstance(obj, Effect):
        return _wrap(_effects_table([obj]) + _effect_details(obj), "tk-effect")
    if isinstance(obj, Loop):
        return _wrap(
            f"{_polarity(obj.polarity)} {_e(obj.summary)}{chain_html(obj.steps)}", "tk-loop"
        )
    if isinstance(obj, Step):
        return _wrap(chain_html([obj]), "tk-step")
    if isinstance(obj, PremiseCheck):
        return _wrap(_premise(obj), "tk-premise")
    return None


def to_html(obj: object) -> str:
    """HTML of any result type, of one explanation, chain, effect, loop or step, or of the
    rows of ``store.select`` (a list of dicts). Raises TypeError for anything else.
    """
    if isinstance(obj, list) and all(isinstance(r, Mapping) for r in obj):
        return query_table(obj).markup
    out = html_of(obj)
    if out is None:
        raise TypeError(f"no HTML rendering for {type(obj).__name__}")
    return out
