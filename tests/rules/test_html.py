"""HTML rendering of results (rules.present.html) and their display in Jupyter."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

import rules
from kg.store import OxigraphStore
from rules.present.html import html_of, query_table, to_html
from rules.present.palette import GREEN, RED
from rules.results import (
    LoopsResult,
    Source,
    Step,
    Term,
    WhatIfResult,
    WhyResult,
    result_schemas,
)

_VOID = {"br", "hr", "img", "meta", "input", "wbr"}


class _Balance(HTMLParser):
    """Checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.titles += [v or "" for k, v in attrs if k == "title"]
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _check(markup: str) -> _Balance:
    p = _Balance()
    p.feed(markup)
    p.close()
    assert not p.errors, p.errors[:3]
    assert not p.stack, p.stack
    return p


@pytest.fixture(scope="module")
def why(reasoned: OxigraphStore) -> WhyResult:
    r = rules.ask(reasoned, "why did Japan's trade deficit widen?")
    assert isinstance(r, WhyResult)
    return r


@pytest.fixture(scope="module")
def whatif(reasoned: OxigraphStore) -> WhatIfResult:
    r = rules.ask(reasoned, "what if the yen falls?")
    assert isinstance(r, WhatIfResult)
    return r


@pytest.fixture(scope="module")
def loops(reasoned: OxigraphStore) -> LoopsResult:
    r = rules.ask(reasoned, "which feedback loops involve the dollar?")
    assert isinstance(r, LoopsResult)
    return r


def test_why_quotes_every_step_on_hover_and_below(why: WhyResult) -> None:
    markup = html_of(why)
    assert markup is not None
    parsed = _check(markup)
    for e in why.explanations:
        for s in e.steps:
            # on hover: the sign's title attribute carries the quote
            assert any(s.quote in t for t in parsed.titles), s.claim
            # below: the quote is printed in the list under the chain
            assert f"“{html.escape(s.quote)}”</span>" in markup


def test_signs_are_coloured(why: WhyResult) -> None:
    markup = to_html(why)
    steps = [s for e in why.explanations for s in e.steps]
    assert any(s.sign < 0 for s in steps) and any(s.sign > 0 for s in steps)
    assert f'<span class="tk-sign" style="color:{RED};font-weight:bold' in markup
    assert f'<span class="tk-sign" style="color:{GREEN};font-weight:bold' in markup
    assert "—−→" in markup and ("—+→" in markup or "—+⇢" in markup)


def test_explanations_grouped_by_channel(why: WhyResult) -> None:
    markup = to_html(why)
    assert markup.count("Channel: ") == len(why.channels) >= 2
    # each channel's heading comes before its chains
    for ch in why.channels:
        head = markup.index(f"Channel: {html.escape(ch.channel)}")
        first = why.explanations[ch.explanations[0]]
        assert markup.index(html.escape(first.steps[-1].quote), head) > head


def test_premise_offsets_and_caveats(why: WhyResult) -> None:
    markup = to_html(why)
    assert why.premise is not None
    assert why.premise.status in markup
    assert why.offsets, "the travel surplus offsets the goods deficit"
    assert "Offsets" in markup and "travel" in markup
    assert "Caveats" in markup and "DollarDenominatedImports" in markup


def test_whatif_table_has_a_row_per_effect(whatif: WhatIfResult) -> None:
    markup = html_of(whatif)
    assert markup is not None
    _check(markup)
    table = markup[markup.index("<table") : markup.index("</table>")]
    assert table.count("<tr>") == len(whatif.effects) + 1
    for e in whatif.effects:
        assert html.escape(e.variable.label) in table
    directions = {e.direction for e in whatif.effects}
    assert "ambiguous" in directions
    assert "↕ ambiguous" in table and "↑ increase" in table and "↓ decrease" in table


def test_whatif_shows_competing_chains(whatif: WhatIfResult) -> None:
    markup = to_html(whatif)
    ambiguous = [e for e in whatif.effects if e.direction == "ambiguous"]
    assert ambiguous and all(e.competing for e in ambiguous)
    assert "Competing</b>" in markup
    assert "would decide" in markup


def test_loops_table(loops: LoopsResult) -> None:
    markup = html_of(loops)
    assert markup is not None
    _check(markup)
    table = markup[markup.index("<table") : markup.index("</table>")]
    assert table.count("<tr>") == len(loops.loops) + 1 > 1
    assert "accounting" in table
    assert markup.count("<details>") == len(loops.loops)


def test_paths_and_contradictions_render(reasoned: OxigraphStore) -> None:
    proj = rules.projection(reasoned).graph
    yen = next(n for n, d in proj.nodes(data=True) if d.get("label") == "value of the yen")
    bal = next(
        n for n, d in proj.nodes(data=True) if d.get("key") == "JPN/WLD/goodsBalance/total/value"
    )
    p = rules.paths(reasoned, yen, bal)
    _check(to_html(p))
    assert to_html(p).count('class="tk-chain"') == len(p.paths) > 0
    c = rules.contradictions(reasoned)
    _check(to_html(c))


def test_parts_render_and_others_do_not(why: WhyResult, whatif: WhatIfResult) -> None:
    e = why.explanations[0]
    assert html_of(e) is not None and "tk-chain" in (html_of(e) or "")
    assert html_of(whatif.effects[0]) is not None
    assert html_of(e.steps[0]) is not None
    # a Term has no HTML form: Jupyter falls back to its text repr
    assert html_of(e.steps[0].cause) is None
    with pytest.raises(TypeError):
        to_html(e.steps[0].cause)


def test_markup_is_escaped() -> None:
    s = Step(
        cause=Term(iri="urn:a", label="<script>", change="increase"),
        effect=Term(iri="urn:b", label='a "b" & c', change="decrease"),
        sign=-1,
        kind="causal",
        claim="urn:c",
        quote='x < y & "z"',
        source=Source(document="urn:d", section="s"),
        confidence=0.5,
    )
    markup = to_html(s)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup and "x &lt; y &amp; &quot;z&quot;" in markup
    _check(markup)


def test_query_table(reasoned: OxigraphStore) -> None:
    rows = reasoned.select(
        "SELECT ?c ?q WHERE { ?c a tk:CausalClaim ; tk:quote ?q } ORDER BY ?c LIMIT 7"
    )
    frag = query_table(rows, limit=5)
    markup = frag._repr_html_()
    _check(markup)
    assert markup.count("<tr>") == 1 + 5
    assert "tkd:claim/" in markup and "https://w3id.org/tradekg/id/claim/" not in markup
    assert "… 2 more row(s)" in markup and "7 row(s)" in markup
    assert to_html(rows).count("<tr>") == 1 + 7


def test_schema_unchanged_by_html_methods() -> None:
    for schema in result_schemas().values():
        assert "_repr_html_" not in str(schema)


def test_results_know_nothing_of_rendering() -> None:
    """rules.results imports no renderer; notebooks get HTML through IPython's formatter."""
    import ast
    import inspect

    import rules.results as results

    tree = ast.parse(inspect.getsource(results))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and ("present" in m or "html" in m or "render" in m)}
    assert not hasattr(results.WhyResult, "_repr_html_")


def test_notebook_display_is_html(why) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from rules.present import enable_notebook_display

    shell = InteractiveShell.instance()
    try:
        assert enable_notebook_display()
        data, _ = shell.display_formatter.format(why)
        assert "text/html" in data and "tk-result" in data["text/html"]
        data, _ = shell.display_formatter.format(why.explanations[0].steps[0].cause)
        assert "text/html" not in data  # a bare term has no HTML form: text repr
    finally:
        InteractiveShell.clear_instance()
