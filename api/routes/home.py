"""``/`` and ``/ask``: the landing page, and questions answered as an HTML page."""

from __future__ import annotations

import html
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

import rules
from api.deps import StoreDep
from api.routes.health import _build, counts_of
from kg.errors import KGError
from rules.present import limited, ranked_items
from rules.results import ResultCode

__all__ = ["EXAMPLES", "router"]

router = APIRouter(include_in_schema=False)

# Questions a newcomer can click; each is answered (FOUND) by the bundled graph.
EXAMPLES = (
    "why did Japan's trade deficit widen in 2022?",
    "what happens if the yen falls?",
    "what if Japan restarts its nuclear plants?",
    "which feedback loops involve the dollar?",
    "how does the yen affect Japan's trade balance?",
    "why did US Treasury yields rise?",
)
ANSWER_LIMIT = 5
_ENDPOINT = {
    "WhyResult": "/why",
    "WhatIfResult": "/whatif",
    "LoopsResult": "/loops",
    "PathsResult": "/paths",
}
_STATUS = {ResultCode.UNKNOWN_TERM: 404, ResultCode.AMBIGUOUS: 422, ResultCode.NOT_UNDERSTOOD: 422}

_STYLE = """
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328}
header{background:#0d419d;color:#fff;padding:14px 28px}
header a{color:#fff;text-decoration:none} header h1{margin:0;font-size:22px}
header p{margin:2px 0 0;opacity:.9}
main{max-width:1100px;margin:0 auto;padding:8px 28px 40px}
nav a{margin-right:18px}
form{display:flex;gap:8px;margin:18px 0}
input[name=q]{flex:1;font-size:16px;padding:8px 10px;border:1px solid #8c959f;border-radius:6px}
button{font-size:16px;padding:8px 18px;border:0;border-radius:6px;background:#1f883d;
color:#fff;cursor:pointer}
ul.examples li{margin:4px 0}
table.counts td{padding:2px 14px 2px 0} table.counts td.n{text-align:right;font-weight:600}
.note{color:#57606a} .error{color:#cf222e;font-weight:600}
.diagram svg{max-width:100%;height:auto}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, *, q: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<link rel="icon" href="/static/swagger-ui/favicon-32x32.png">
<style>{_STYLE}</style></head>
<body><header><h1><a href="/">tradekg</a></h1>
<p>A knowledge graph of trade causality: why balances move, every step quoting its source.</p>
</header><main>
<nav><a href="/">Home</a><a href="/sparql">SPARQL query page</a>
<a href="/docs">API docs (Swagger UI)</a><a href="/redoc">API reference (ReDoc)</a>
<a href="/health">Health</a></nav>
<form action="/ask" method="get" role="search">
<input name="q" value="{_e(q)}" aria-label="Your question" maxlength="500"
 placeholder="Ask, e.g. why did Japan's trade deficit widen in 2022?">
<button type="submit">Ask</button></form>
{body}
</main></body></html>"""


def _ask_link(question: str) -> str:
    return f'<a href="/ask?{_e(urlencode({"q": question}))}">{_e(question)}</a>'


@router.get("/", response_class=HTMLResponse)
def home(store: StoreDep) -> HTMLResponse:
    counts = counts_of(store)
    build = _build(store)
    rows = [
        ("claims (stated + derived)", counts.claims),
        ("stated in the claim files, each quoting the source", counts.stated),
        ("— about named economies", counts.specific),
        ("— general mechanisms (for a role, e.g. a fuel importer)", counts.general),
        ("— event shocks", counts.events),
        ("derived instances of general mechanisms", counts.derived),
        (
            "accounting identities (+ derived instances)",
            f"{counts.identities} (+{counts.identity_instances})",
        ),
        ("observations (figures from the source)", counts.observations),
        ("triples, all graphs", len(store.native)),
    ]
    table = "".join(f'<tr><td>{_e(k)}</td><td class="n">{_e(v)}</td></tr>' for k, v in rows)
    built = f'<p class="note">Build {_e(build.id)}, made {_e(build.built_at)}.</p>' if build else ""
    body = f"""
<h2>Try a question</h2>
<ul class="examples">{"".join(f"<li>{_ask_link(q)}</li>" for q in EXAMPLES)}</ul>
<h2>What the graph holds</h2>
<table class="counts">{table}</table>{built}
<h2>Other ways in</h2>
<ul>
<li><a href="/sparql">SPARQL query page</a> — SPARQL 1.1 over every graph (YASGUI).</li>
<li><a href="/docs">API documentation</a> (Swagger UI: try each endpoint) and
<a href="/redoc">API reference</a> (ReDoc); the schema is <a href="/openapi.json">
/openapi.json</a>.</li>
<li><a href="/claims">/claims</a> lists the claims with their quotes;
<a href="/health">/health</a> gives the build and these counts as JSON.</li>
<li>The same answers from a terminal: <code>tradekg why "…"</code>, <code>tradekg whatif
"…"</code>, <code>tradekg loops</code>, <code>tradekg paths</code>.</li>
</ul>"""
    return HTMLResponse(_page("tradekg", body))


def _diagram(result: object) -> str:
    from rules.present import DiagramError, dot_available, svg_of

    if not dot_available() or not (ranked_items(result) or ("", []))[1]:
        return ""
    try:
        svg = svg_of(result).decode("utf-8")  # type: ignore[arg-type]
    except DiagramError:
        return ""
    return f'<h2>Diagram</h2><div class="diagram">{svg[svg.index("<svg") :]}</div>'


@router.get("/ask", response_class=HTMLResponse)
def ask(store: StoreDep, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    """A question answered as a page: the chains and their quotes, as notebooks show them."""
    from rules.present import to_html

    q = q.strip()
    if not q:
        return HTMLResponse(
            _page(
                "tradekg — ask",
                "<p>Type a question above, or try one of "
                + ", ".join(_ask_link(x) for x in EXAMPLES[:3])
                + ".</p>",
            )
        )
    try:
        result, cut = limited(lambda n: rules.ask(store, q, limit=n), ANSWER_LIMIT)
    except KGError as exc:
        return HTMLResponse(
            _page("tradekg — ask", f'<p class="error">{_e(exc)}</p>', q=q), status_code=422
        )
    word = (ranked_items(result) or ("items", []))[0]
    note = (
        f'<p class="note">Truncated: the first {ANSWER_LIMIT} {word} are shown; the '
        f"JSON below has up to 100 (<code>limit</code>).</p>"
        if cut
        else ""
    )
    endpoint = _ENDPOINT.get(type(result).__name__, "/why")
    api = f"{endpoint}?{urlencode({'q': q, 'limit': 100})}"
    body = (
        f"<h2>{_e(q)}</h2>{to_html(result)}{note}{_diagram(result)}"
        f'<p class="note">As JSON: <a href="{_e(api)}">{_e(endpoint)}?q=…</a></p>'
    )
    status = _STATUS.get(ResultCode(result.result_code), 200)
    return HTMLResponse(_page(f"tradekg — {q}", body, q=q), status_code=status)
