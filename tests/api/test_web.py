"""The web side as a newcomer meets it: landing page, offline API docs, counts, diagrams.

The browser tests drive Debian's Chromium headless against a server on 127.0.0.1 with every
other host unresolvable, so a page that needs a CDN shows blank here as it would offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import httpx
import pytest

from api.routes.home import EXAMPLES
from kg.counts import count_graph
from kg.store import OxigraphStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI (.ci/run) installs Chromium and sets this, so there the browser tests cannot skip.
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("TRADEKG_REQUIRE_BROWSER"),
    reason="Chromium not installed (apt-get install chromium)",
)
WINDOW = (1400, 1000)


class _Refs(HTMLParser):
    """Every URL a page loads or links: src and href attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name == "src":
                self.loads.append(value)
            elif value and name == "href":
                (self.links if tag == "a" else self.loads).append(value)


def refs(page: str) -> _Refs:
    parser = _Refs()
    parser.feed(page)
    return parser


# ------------------------------------------------------------------ 7. docs offline
@pytest.mark.parametrize("path", ["/docs", "/redoc", "/sparql"])
def test_docs_pages_load_every_asset_from_the_app(server, path: str) -> None:
    page = httpx.get(server.base + path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    found = refs(page.text)
    # Scripts configure the spec URL in JS, not in an attribute.
    spec = re.findall(r"(?:url: *'|spec-url=\")([^'\"]+)", page.text)
    assets = found.loads + spec
    assert any(a.endswith(".js") for a in assets), assets
    for ref in assets:
        url = urljoin(server.base + path, ref)
        assert urlparse(url).netloc == urlparse(server.base).netloc, f"{path} loads {url}"
        r = httpx.get(url)
        assert r.status_code == 200, f"{path}: {url} is {r.status_code}"
        assert len(r.content) > 0
    assert "cdn.jsdelivr" not in page.text and "fonts.googleapis" not in page.text


# ------------------------------------------------------------------ 6, 10. counts and build
def test_build_health_and_claims_count_alike(server, built_store) -> None:
    direct = OxigraphStore()
    direct.native.extend(built_store.direct.quads_for_pattern(None, None, None, None))
    expected = count_graph(direct)
    h = httpx.get(f"{server.base}/health").json()
    assert h["counts"] == expected
    assert h["claims"] == expected["claims"] == expected["stated"] + expected["derived"]
    assert expected["stated"] == expected["specific"] + expected["general"] + expected["events"]
    page = httpx.get(f"{server.base}/claims", params={"limit": 1}).json()
    assert page["total"] == expected["claims"]
    assert page["counts"] == {
        k: expected[k] for k in ("stated", "specific", "general", "events", "derived")
    }
    stated = httpx.get(f"{server.base}/claims", params={"derived": "false", "limit": 1}).json()
    assert stated["total"] == expected["stated"]
    # Stated claims are the records of the claim files: causal claims and event shocks.
    from kg.compile import compile_files

    assert expected["stated"] == len(compile_files().claims)
    assert expected["identities"] == len(compile_files().identities)


def test_health_names_the_build_it_serves(server, built_store) -> None:
    from kg.build import build_info

    info = build_info(built_store.path)
    assert info is not None
    h = httpx.get(f"{server.base}/health").json()
    assert h["status"] == "ok"
    assert h["build"]["id"] == info["build_id"] and len(h["build"]["id"]) == 12
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", h["build"]["built_at"])
    assert h["build"]["reasoner"] in (None, "hermit", "owlrl")  # None: built without reasoning


def test_health_of_an_unbuilt_store_has_no_build(make_client, memory_store) -> None:
    h = make_client(memory_store).get("/health").json()
    assert h["build"] is None
    assert h["counts"]["stated"] == h["claims"] == 2


# ------------------------------------------------------------------ 8. landing page
def test_landing_page_links_and_counts(server) -> None:
    page = httpx.get(server.base + "/", timeout=60)  # links and counts, not latency
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    links = refs(page.text).links
    assert {"/sparql", "/docs", "/redoc"} <= set(links)
    asks = [link for link in links if link.startswith("/ask?")]
    assert len(asks) == len(EXAMPLES)
    counts = httpx.get(f"{server.base}/health").json()["counts"]
    for n in (counts["claims"], counts["stated"], counts["derived"]):
        assert f'<td class="n">{n}</td>' in page.text
    for link in asks:
        answer = httpx.get(server.base + link.replace("&amp;", "&"), timeout=60)
        assert answer.status_code == 200, link
        assert "“" in answer.text, f"{link}: no quoted step"


def test_ask_page_says_what_it_did_not_understand(server) -> None:
    r = httpx.get(f"{server.base}/ask", params={"q": "why did the moon [/x] <b>fall</b>?"})
    assert r.status_code in (404, 422)
    assert "<b>fall</b>" not in r.text and "&lt;b&gt;fall&lt;/b&gt;" in r.text


# ------------------------------------------------------------------ 9. diagrams fit
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
@pytest.mark.parametrize("question", EXAMPLES)
def test_svg_answers_fit_a_1400px_window(server, question: str) -> None:
    from api.diagrams import MAX_WIDTH_PX, svg_width_pt

    # the width is what is tested, not the latency: a worker still warming its tables on
    # a loaded two-core machine may take longer than httpx's default 5 s
    ask = httpx.get(f"{server.base}/ask", params={"q": question}, timeout=60)
    endpoint = re.search(r'href="(/\w+)\?q=', ask.text)
    assert endpoint is not None
    r = httpx.get(
        server.base + endpoint.group(1),
        params={"q": question, "limit": 100},
        headers={"Accept": "image/svg+xml"},
        timeout=60,
    )
    if r.status_code == 406:  # /loops and /paths answer JSON or text only
        return
    assert r.status_code == 200, r.text
    assert svg_width_pt(r.content) * 4 / 3 <= MAX_WIDTH_PX < WINDOW[0]


# ------------------------------------------------------------------ browser
def chromium(url: str, *, screenshot: Path | None = None) -> str:
    """The DOM after the page's scripts ran (or a screenshot), other hosts unresolvable."""
    assert CHROMIUM is not None, "Chromium is required here (TRADEKG_REQUIRE_BROWSER)"
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--virtual-time-budget=15000",
        "--run-all-compositor-stages-before-draw",
    ]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    # headless Chromium now and then hangs at start-up with a virtual time budget (seen once
    # in ~40 suite runs; the same page renders in seconds): a hung browser is given one
    # more start, a page that fails twice fails the test
    for attempt in (1, 2):
        try:
            done = subprocess.run(
                [*args, url], capture_output=True, text=True, timeout=150, check=False
            )
            break
        except subprocess.TimeoutExpired:
            if attempt == 2:
                raise
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def keep(shot: Path) -> None:
    """Copy a screenshot where a person can look at it ($TRADEKG_SCREENSHOTS)."""
    if out := os.environ.get("TRADEKG_SCREENSHOTS"):
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / shot.name)


def looks_drawn(shot: Path, *, min_colours: int = 8, min_ink: float = 0.02) -> None:
    """A screenshot of a page that rendered: window-sized, many colours, not mostly blank."""
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == WINDOW
    small = img.resize((350, 250))
    colours = small.getcolors(maxcolors=350 * 250) or []
    assert len(colours) >= min_colours, f"{shot.name}: {len(colours)} colours"
    raw = small.tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert ink >= min_ink, f"{shot.name}: {ink:.1%} of the page drawn"


@needs_browser
def test_landing_page_in_a_browser(server, tmp_path: Path) -> None:
    dom = chromium(server.base + "/")
    assert "What the graph holds" in dom
    first = re.search(r'<a href="(/ask\?q=[^"]+)">', dom)
    assert first is not None
    shot = tmp_path / "landing.png"
    chromium(server.base + "/", screenshot=shot)
    keep(shot)
    looks_drawn(shot)
    # Following an example link answers it in the page, quotes and all.
    answer = chromium(server.base + first.group(1).replace("&amp;", "&"))
    assert "Japan" in answer and "“" in answer
    shot = tmp_path / "answer.png"
    chromium(server.base + first.group(1).replace("&amp;", "&"), screenshot=shot)
    keep(shot)
    looks_drawn(shot)


@needs_browser
@pytest.mark.parametrize(
    ("path", "drawn"),
    [
        ("/docs", 'class="opblock'),  # Swagger UI drew the operations
        ("/redoc", "/whatif"),  # ReDoc drew the endpoint list
    ],
)
def test_api_docs_render_offline(server, tmp_path: Path, path: str, drawn: str) -> None:
    dom = chromium(server.base + path)
    assert drawn in dom, dom[-2000:]
    shot = tmp_path / f"{path.strip('/')}.png"
    chromium(server.base + path, screenshot=shot)
    keep(shot)
    looks_drawn(shot)


@needs_browser
def test_svg_answer_in_a_browser(server, tmp_path: Path) -> None:
    r = httpx.get(
        f"{server.base}/whatif",
        params={"q": "what happens if the yen falls?"},
        headers={"Accept": "image/svg+xml"},
    )
    if r.status_code == 406:
        pytest.skip("the server has no Graphviz")
    svg = tmp_path / "whatif.svg"
    svg.write_bytes(r.content)
    shot = tmp_path / "svg-answer.png"
    chromium(svg.as_uri(), screenshot=shot)
    keep(shot)
    looks_drawn(shot, min_ink=0.01)
