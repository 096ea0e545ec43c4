"""The explanation endpoints over HTTP, against a live server on the bundled graph with its rules.

Content (golden questions, quotes, offsets, instances), text and SVG renderings, every
error status, parity with the engine called in-process, concurrency, and schemathesis
over the OpenAPI schema of these endpoints.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

import rules
from kg.build import ensure_built
from kg.store import OxigraphStore
from rules.materialize import post_load
from rules.results import LoopsResult, PathsResult, WhatIfResult, WhyResult

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]
DATA = "https://w3id.org/tradekg/id/"
VAR = f"{DATA}var/"
BALANCE = f"{VAR}JPN/WLD/goodsBalance/total/value"
YEN = f"{VAR}JPN/WLD/currencyValue/total/value"
DOLLAR = f"{VAR}USA/WLD/currencyValue/total/value"
EQ2011 = f"{DATA}event/EQ2011"
WHY_DEFICIT = "why did Japan's trade deficit widen in 2022"
WHATIF_YEN = "what if the yen falls"
LOOPS_DOLLAR = "which feedback loops involve the dollar"


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def reasoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, OxigraphStore]:
    """The bundled graph built with its rules (instances, condition states), on disk for the
    server, and a copy of the same store files for calling the engine in-process.

    A byte copy, not an in-memory load of the same quads: the engine's ranking depends on
    the order the store returns rows in, which differs between pyoxigraph's in-memory and
    on-disk stores (reported to the rules layer).
    """
    root = tmp_path_factory.mktemp("explain")
    ensure_built(root / "store", post_load=post_load)
    shutil.copytree(root / "store", root / "copy")
    return root / "store", OxigraphStore(root / "copy")


@pytest.fixture(scope="module")
def engine(reasoned: tuple[Path, OxigraphStore]) -> OxigraphStore:
    return reasoned[1]


@pytest.fixture(scope="module")
def base(
    start: Callable[..., Any],
    reasoned: tuple[Path, OxigraphStore],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    srv = start(reasoned[0], tmp_path_factory.mktemp("explain-log") / "server.log")
    return str(srv.base)


@pytest.fixture(scope="module")
def api(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        yield client


def _json(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, (r.status_code, r.text[:2000])
    assert r.headers["content-type"].startswith("application/json"), r.headers
    return r.json()


def _engine_json(result: Any) -> Any:
    return json.loads(result.model_dump_json())


def _check_step(step: dict[str, Any]) -> None:
    for end in ("cause", "effect"):
        assert step[end]["iri"].startswith(DATA)
        assert step[end]["label"]
    assert step["effect"]["change"] in ("increase", "decrease")
    assert step["sign"] in (1, -1)
    assert step["claim"].startswith(DATA)
    assert step["quote"].strip()
    assert step["source"]["document"].startswith(f"{DATA}document/")
    assert step["source"]["section"]


# ---------------------------------------------------------------------- /why
def test_why_question_golden(api: httpx.Client) -> None:
    body = _json(api.get("/why", params={"q": WHY_DEFICIT}))
    WhyResult.model_validate(body)
    assert body["result_code"] == "FOUND"
    assert body["query"]["variable"].endswith("JPN/WLD/goodsBalance/total/value")
    assert body["query"]["change"] == "decrease"
    assert body["query"]["period"] == "2022"
    assert body["premise"]["status"] == "PREMISE_CONFIRMED"
    explanations = body["explanations"]
    assert explanations
    scores = [e["score"] for e in explanations]
    assert scores == sorted(scores, reverse=True)
    for ex in explanations:
        assert {
            "score",
            "summary",
            "sign",
            "channel",
            "conditions",
            "horizon",
            "economy",
            "steps",
        } <= ex.keys()
        steps = ex["steps"]
        for step in steps:
            _check_step(step)
        for a, b in itertools.pairwise(steps):
            assert a["effect"]["iri"] == b["cause"]["iri"]  # a chain, root cause → effect
        assert steps[-1]["effect"]["iri"] == BALANCE
        assert steps[-1]["effect"]["change"] == "decrease"
    assert any("massively inflated" in s["quote"] for e in explanations for s in e["steps"])


def test_why_structured(api: httpx.Client) -> None:
    question = _json(api.get("/why", params={"q": WHY_DEFICIT}))
    body = _json(
        api.post(
            "/why", json={"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "2022"}
        )
    )
    assert body["query"]["variable"] == BALANCE
    assert body["explanations"] == question["explanations"]
    assert body["premise"] == question["premise"]


def test_why_structured_by_inverse_label(api: httpx.Client) -> None:
    """'trade deficit' increase is Japan's goods balance decrease."""
    body = _json(
        api.post(
            "/why",
            json={
                "effect": "trade deficit",
                "change": "increase",
                "economy": "jpn",
                "period": "2022",
            },
        )
    )
    assert body["query"]["variable"] == BALANCE
    assert body["query"]["change"] == "decrease"
    assert body["result_code"] == "FOUND"


# ---------------------------------------------------------------------- /whatif
def _effect(body: dict[str, Any], iri: str) -> dict[str, Any]:
    found = [e for e in body["effects"] if e["variable"]["iri"] == iri]
    assert len(found) == 1, [e["variable"]["iri"] for e in body["effects"]]
    return found[0]


def test_whatif_question_golden(api: httpx.Client) -> None:
    body = _json(api.get("/whatif", params={"q": WHATIF_YEN}))
    WhatIfResult.model_validate(body)
    assert body["result_code"] == "FOUND"
    assert body["query"]["variable"] == YEN
    assert body["query"]["change"] == "decrease"
    balance = _effect(body, BALANCE)
    assert balance["direction"] == "decrease"
    assert balance["variable"]["label"]
    assert balance["chains"]
    for chain in balance["chains"]:
        assert chain["steps"][0]["cause"]["iri"] == YEN
        assert chain["steps"][-1]["effect"]["iri"] == BALANCE
        for step in chain["steps"]:
            _check_step(step)


def test_whatif_structured(api: httpx.Client) -> None:
    question = _json(api.get("/whatif", params={"q": WHATIF_YEN}))
    body = _json(api.post("/whatif", json={"shock": "JPN/WLD/currencyValue", "change": "decrease"}))
    assert _effect(body, BALANCE) == _effect(question, BALANCE)


def test_whatif_event(api: httpx.Client) -> None:
    body = _json(api.post("/whatif", json={"shock": EQ2011, "change": "increase"}))
    assert body["query"]["variable"] == EQ2011
    assert _effect(body, f"{VAR}JPN/WLD/powerOutput/NUCLEAR/value")["direction"] == "decrease"
    assert _effect(body, BALANCE)["direction"] == "decrease"


def test_whatif_by_label(api: httpx.Client) -> None:
    """A label of the yen, read with its polarity: 'the weak yen increases' = the yen falls."""
    body = _json(api.post("/whatif", json={"shock": "weak yen", "change": "increase"}))
    assert body["query"]["variable"] == YEN
    assert body["query"]["change"] == "decrease"
    assert _effect(body, BALANCE)["direction"] == "decrease"


# ---------------------------------------------------------------------- /paths, /loops
def test_paths(api: httpx.Client) -> None:
    body = _json(
        api.get(
            "/paths", params={"source": "JPN/WLD/currencyValue", "target": "JPN/WLD/goodsBalance"}
        )
    )
    PathsResult.model_validate(body)
    assert body["result_code"] == "FOUND"
    assert body["paths"]
    for path in body["paths"]:
        assert path["steps"][0]["cause"]["iri"] == YEN
        assert path["steps"][-1]["effect"]["iri"] == BALANCE
        sign = 1
        for step in path["steps"]:
            _check_step(step)
            sign *= step["sign"]
        assert path["sign"] == sign
    asked = _json(api.get("/paths", params={"q": "how does the yen affect the trade balance"}))
    assert asked["query"]["variable"] == YEN
    assert asked["paths"] == body["paths"]


def test_loops_question_golden(api: httpx.Client) -> None:
    body = _json(api.get("/loops", params={"q": LOOPS_DOLLAR}))
    LoopsResult.model_validate(body)
    assert body["result_code"] == "FOUND"
    assert body["loops"]
    for loop in body["loops"]:
        assert loop["polarity"] in ("reinforcing", "balancing", "accounting")
        assert DOLLAR in {v["iri"] for v in loop["variables"]}
        steps = loop["steps"]
        assert steps[0]["cause"]["iri"] == steps[-1]["effect"]["iri"]  # it closes
        for step in steps:
            assert step["quote"].strip()
            assert step["claim"].startswith(DATA)
    by_variable = _json(api.get("/loops", params={"variable": "USA/WLD/currencyValue"}))
    assert sorted(lp["summary"] for lp in by_variable["loops"]) == sorted(
        lp["summary"] for lp in body["loops"]
    )
    everything = _json(api.get("/loops"))
    assert len(everything["loops"]) > len(body["loops"])


def test_contradictions(api: httpx.Client) -> None:
    body = _json(api.get("/contradictions"))
    assert body["result_code"] == "FOUND"
    assert body["contradictions"]
    for c in body["contradictions"]:
        assert c["positive"] and c["negative"]
        assert {s["sign"] for s in c["positive"]} != {s["sign"] for s in c["negative"]}
        assert c["explanation"]


# ---------------------------------------------------------------------- /claims
def test_claims_pagination(api: httpx.Client) -> None:
    everything = _json(api.get("/claims", params={"economy": "JPN", "limit": 500}))
    total = everything["total"]
    assert total == len(everything["items"]) > 10
    ids = [c["id"] for c in everything["items"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all("JPN" in c["economies"] for c in everything["items"])
    pages: list[str] = []
    for offset in range(0, total, 7):
        page = _json(api.get("/claims", params={"economy": "JPN", "limit": 7, "offset": offset}))
        assert page["total"] == total and page["offset"] == offset and page["limit"] == 7
        assert len(page["items"]) == min(7, total - offset)
        pages += [c["id"] for c in page["items"]]
    assert pages == ids
    past = _json(api.get("/claims", params={"economy": "JPN", "offset": total + 5}))
    assert past["items"] == [] and past["total"] == total
    assert _json(api.get("/claims", params={"limit": 500}))["total"] > total


def test_claims_filters(api: httpx.Client) -> None:
    prefix = "JPN/WLD/goodsBalance"
    body = _json(api.get("/claims", params={"variable": prefix, "limit": 500}))
    assert body["total"] > 0
    for c in body["items"]:
        keys = [t["key"] for t in (c["cause"], c["effect"]) if t and t["key"]]
        assert any(k == prefix or k.startswith(prefix + "/") for k in keys), c["id"]
    assert "j-curve-short-run/JPN" in {c["id"] for c in body["items"]}
    section = _json(api.get("/claims", params={"section": "economic theory", "limit": 500}))
    assert section["total"] > 0
    assert all("economic theory" in c["section"].lower() for c in section["items"])
    derived = _json(api.get("/claims", params={"derived": "true", "limit": 500}))
    stated = _json(api.get("/claims", params={"derived": "false", "limit": 500}))
    assert derived["total"] > 0 and stated["total"] > 0
    assert all(c["derived"] and c["instance_of"] for c in derived["items"])
    assert not any(c["derived"] for c in stated["items"])
    assert derived["total"] + stated["total"] == _json(api.get("/claims"))["total"]


def test_claim_quote_and_offsets(api: httpx.Client) -> None:
    claim = _json(api.get("/claims/yen-energy-import-bill"))
    assert claim["iri"] == f"{DATA}claim/yen-energy-import-bill"
    assert "massively inflated" in claim["quote"]
    assert claim["cause"]["iri"] == YEN and claim["sign"] == -1
    doc = claim["document"].rsplit("/", 1)[-1]
    text = (ROOT / "kg" / "sources" / f"{doc}.txt").read_text(encoding="utf-8")
    assert text[claim["start"] : claim["end"]] == claim["quote"]  # code-point offsets, verbatim
    assert claim["instances"] == [] and not claim["derived"]


def test_claim_instances(api: httpx.Client) -> None:
    general = _json(api.get("/claims/j-curve-short-run"))
    assert general["general"] and not general["derived"]
    assert general["horizon"] == "short"
    instances = general["instances"]
    assert len(instances) >= 2
    for inst in instances:
        assert inst["id"].startswith("j-curve-short-run/")
        assert inst["derived"] and inst["instance_of"] == general["iri"]
        assert inst["rule_ids"]
        assert inst["quote"] == general["quote"]
    jpn = _json(api.get("/claims/j-curve-short-run/JPN"))  # an id with a slash
    assert jpn["instance_of"] == general["iri"]
    assert general["iri"] in jpn["derived_from"]
    assert jpn["effect"]["iri"] == BALANCE
    assert jpn["economies"] == ["JPN"]


# ---------------------------------------------------------------------- /entities
def test_entities_inverse_label(api: httpx.Client) -> None:
    body = _json(api.get("/entities", params={"search": "trade deficit"}))
    hit = [e for e in body["items"] if e["iri"] == BALANCE]
    assert len(hit) == 1
    assert hit[0]["inverse"] is True
    assert hit[0]["matched_property"] == "inverseLabel"
    assert hit[0]["matched"].lower() == "trade deficit"
    assert hit[0]["kind"] == "variable" and hit[0]["key"] == "JPN/WLD/goodsBalance/total/value"
    assert all("trade deficit" in e["matched"].lower() for e in body["items"])
    upper = _json(api.get("/entities", params={"search": "TRADE DEFICIT"}))
    assert upper["items"] == body["items"]


def test_entities_kinds(api: httpx.Client) -> None:
    body = _json(api.get("/entities", params={"search": "japan", "limit": 500}))
    kinds = {e["kind"] for e in body["items"]}
    assert {"economy", "variable"} <= kinds
    assert body["items"][0]["iri"] == f"{DATA}economy/JPN"  # the exact name first
    only = _json(api.get("/entities", params={"search": "japan", "kind": ["economy", "event"]}))
    assert only["items"] and {e["kind"] for e in only["items"]} <= {"economy", "event"}
    yen = _json(api.get("/entities", params={"search": "yen", "kind": "currency"}))
    assert [e["code"] for e in yen["items"]] == ["JPY"]


def test_an_assumed_condition_decides_the_long_run_over_http(api: httpx.Client) -> None:
    """POST /whatif with ``assume`` takes Marshall-Lerner as given: failing, a depreciation
    keeps worsening the balance; holding, it improves it in the long run."""
    verdicts = {}
    for status in ("holds", "fails"):
        body = {"shock": "X/WLD/currencyValue", "change": "decrease"}
        r = api.post("/whatif", json=body | {"assume": {"MarshallLerner": status}})
        assert r.status_code == 200, r.text
        data = r.json()
        assert any(f"MarshallLerner {status}" in a for a in data["query"]["assumptions"])
        (bal,) = [
            e for e in data["effects"] if e["variable"]["key"] == "X/WLD/goodsBalance/total/value"
        ]
        verdicts[status] = bal["direction"]
    assert verdicts == {"holds": "increase", "fails": "decrease"}


@pytest.mark.parametrize(
    "assume",
    [{"Elasticity": "holds"}, {"MarshallLerner": "maybe"}, {"Marshall Lerner!": "holds"}],
)
def test_a_bad_assumption_is_a_422_naming_it(api: httpx.Client, assume: dict[str, str]) -> None:
    body = {"shock": "X/WLD/currencyValue", "change": "decrease", "assume": assume}
    r = api.post("/whatif", json=body)
    assert r.status_code == 422, r.text
    assert "Traceback" not in r.text
    key = next(iter(assume))
    assert key in r.text or assume[key] in r.text


# ---------------------------------------------------------------------- representations
@pytest.mark.parametrize(
    "path,question",
    [
        ("/why", WHY_DEFICIT),
        ("/whatif", WHATIF_YEN),
        ("/loops", LOOPS_DOLLAR),
        ("/paths", "how does the yen affect the trade balance"),
    ],
)
def test_text_plain_is_the_cli_rendering(
    api: httpx.Client, engine: OxigraphStore, path: str, question: str
) -> None:
    r = api.get(path, params={"q": question}, headers={"Accept": "text/plain"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text == rules.render(rules.ask(engine, question))
    assert "Accept" in r.headers["vary"]


def test_text_plain_of_an_unresolved_question(api: httpx.Client) -> None:
    r = api.get("/why", params={"q": "foo bar baz"}, headers={"Accept": "text/plain"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/plain")
    assert "UNKNOWN_TERM" in r.text


def test_contradictions_text(api: httpx.Client, engine: OxigraphStore) -> None:
    r = api.get("/contradictions", headers={"Accept": "text/plain"})
    assert r.status_code == 200 and r.text == rules.render(rules.contradictions(engine))


@pytest.mark.parametrize(
    "path,question", [("/why", WHY_DEFICIT), ("/whatif", WHATIF_YEN), ("/loops", LOOPS_DOLLAR)]
)
def test_svg(api: httpx.Client, path: str, question: str) -> None:
    r = api.get(path, params={"q": question}, headers={"Accept": "image/svg+xml"})
    if shutil.which("dot") is None:  # the server offers SVG only with Graphviz
        assert r.status_code == 406
        return
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in r.content


def test_accept_prefers_json_and_honours_q(api: httpx.Client) -> None:
    params = {"q": WHATIF_YEN}
    for accept in (
        "*/*",
        "application/json",
        "text/plain;q=0.5, application/json",
        "text/html,application/xhtml+xml,*/*;q=0.8",
    ):
        r = api.get("/whatif", params=params, headers={"Accept": accept})
        assert r.headers["content-type"] == "application/json", accept
    r = api.get("/whatif", params=params, headers={"Accept": "application/json;q=0, text/*"})
    assert r.headers["content-type"].startswith("text/plain")


# ---------------------------------------------------------------------- parity with the engine
WHY_INPUTS: list[dict[str, Any]] = [
    {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "2022"},
    {"effect": "JPN/WLD/goodsBalance", "change": "increase"},
    {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "horizon": "short"},
    {"effect": BALANCE, "change": "decrease", "period": "2021-2024", "limit": 3},
    {"effect": "JPN/WLD/currentAccount", "change": "decrease", "period": "FY2024"},
    {"effect": "USA/WLD/currencyValue", "change": "increase"},
    {"effect": "JPN/WLD/imports/HS27", "change": "increase", "horizon": "long"},
    {"effect": "X/WLD/goodsBalance", "change": "increase", "assume": {"MarshallLerner": "fails"}},
]
WHATIF_INPUTS: list[dict[str, Any]] = [
    {"shock": "JPN/WLD/currencyValue", "change": "decrease"},
    {"shock": "JPN/WLD/currencyValue", "change": "increase", "horizon": "short"},
    {"shock": EQ2011, "change": "increase"},
    {"shock": "USA/WLD/policyRate", "change": "increase", "period": "2022", "limit": 5},
    {"shock": "X/WLD/currencyValue", "change": "decrease", "assume": {"MarshallLerner": "fails"}},
    {"shock": "X/WLD/currencyValue", "change": "decrease", "assume": {"MarshallLerner": "holds"}},
]


@pytest.mark.parametrize("body", WHY_INPUTS, ids=lambda b: f"{b['effect']}-{b['change']}")
def test_why_post_equals_engine(
    api: httpx.Client, engine: OxigraphStore, body: dict[str, Any]
) -> None:
    kwargs = {k: body[k] for k in ("horizon", "period", "limit", "assume") if k in body}
    expected = rules.why(engine, body["effect"], body["change"], **kwargs)
    assert _json(api.post("/why", json=body)) == _engine_json(expected)


@pytest.mark.parametrize("body", WHATIF_INPUTS, ids=lambda b: f"{b['shock']}-{b['change']}")
def test_whatif_post_equals_engine(
    api: httpx.Client, engine: OxigraphStore, body: dict[str, Any]
) -> None:
    kwargs = {k: body[k] for k in ("horizon", "period", "limit", "assume") if k in body}
    expected = rules.whatif(engine, body["shock"], body["change"], **kwargs)
    assert _json(api.post("/whatif", json=body)) == _engine_json(expected)


@pytest.mark.parametrize(
    "path,question",
    [
        ("/why", WHY_DEFICIT),
        ("/why", "why did the deficit widen"),
        ("/whatif", WHATIF_YEN),
        ("/whatif", "what if Japan restarts its nuclear plants"),
        ("/loops", LOOPS_DOLLAR),
    ],
)
def test_questions_equal_engine(
    api: httpx.Client, engine: OxigraphStore, path: str, question: str
) -> None:
    assert _json(api.get(path, params={"q": question})) == _engine_json(rules.ask(engine, question))


def test_concurrent_requests_agree(api: httpx.Client, base: str) -> None:
    """The engine's caches hold under concurrent requests (each runs in a worker thread)."""
    calls = [("/why", WHY_DEFICIT), ("/whatif", WHATIF_YEN), ("/loops", LOOPS_DOLLAR)] * 8
    expected = {p: api.get(p, params={"q": q}).content for p, q in calls[:3]}

    def get(call: tuple[str, str]) -> tuple[str, int, bytes]:
        # A burst past the slots and the queue is told "busy, retry" (503, Retry-After), as
        # a client is; this test is of the answers, so it retries as a client would.
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(30):
                r = client.get(call[0], params={"q": call[1]})
                if r.status_code != 503 or r.json().get("error") != "busy":
                    break
                time.sleep(float(r.headers.get("Retry-After", "1")))
            return call[0], r.status_code, r.content

    with ThreadPoolExecutor(max_workers=12) as pool:
        for path, status, content in pool.map(get, calls):
            assert status == 200 and content == expected[path], (path, content[:300])


# ---------------------------------------------------------------------- errors
Case = tuple[str, str, dict[str, Any], int, str]
ERROR_CASES: list[Case] = [
    # method, path, request kwargs, status, error code
    ("GET", "/why", {}, 422, "invalid_request"),
    ("GET", "/why", {"params": {"q": ""}}, 422, "invalid_request"),
    ("GET", "/why", {"params": {"q": "   "}}, 422, "invalid_query"),
    ("GET", "/why", {"params": {"q": WHY_DEFICIT, "limit": 0}}, 422, "invalid_request"),
    ("GET", "/why", {"params": {"q": "x" * 501}}, 422, "invalid_request"),
    ("GET", "/why", {"params": {"q": "foo bar baz"}}, 404, "unknown_term"),
    (
        "GET",
        "/why",
        {"params": {"q": "why did Japan's deficit widen between 2024 and 2020"}},
        422,
        "invalid_query",
    ),
    ("GET", "/whatif", {"params": {"q": "what if the currency falls"}}, 422, "ambiguous"),
    ("GET", "/whatif", {"params": {"q": "what if the yen"}}, 422, "not_understood"),
    ("GET", "/loops", {"params": {"q": WHATIF_YEN}}, 422, "wrong_intent"),
    ("POST", "/why", {"json": {}}, 422, "invalid_request"),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "sideways"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "colour": "red"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"content": b"effect=x", "headers": {"Content-Type": "text/plain"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/whatif",
        {"content": b'{"shock": "\xff"}', "headers": {"Content-Type": "application/json"}},
        400,
        "http_error",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "horizon": "medium"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "20x2"}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "2024-2020"}},
        422,
        "invalid_query",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "limit": 1000}},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "XXX/WLD/goodsBalance", "change": "decrease"}},
        404,
        "unknown_term",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalanc", "change": "decrease"}},
        404,
        "unknown_term",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "flux capacitor", "change": "decrease"}},
        404,
        "unknown_term",
    ),
    ("POST", "/why", {"json": {"effect": "trade deficit", "change": "increase"}}, 422, "ambiguous"),
    (
        "POST",
        "/why",
        {"json": {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "economy": "USA"}},
        422,
        "invalid_query",
    ),
    (
        "POST",
        "/why",
        {"json": {"effect": "trade deficit", "change": "increase", "economy": "ZZZ"}},
        404,
        "unknown_term",
    ),
    (
        "POST",
        "/whatif",
        {"json": {"shock": f"{DATA}event/NOPE", "change": "increase"}},
        404,
        "unknown_term",
    ),
    ("POST", "/whatif", {"json": {"shock": "JPN/WLD/currencyValue"}}, 422, "invalid_request"),
    ("GET", "/paths", {}, 422, "invalid_query"),
    ("GET", "/paths", {"params": {"source": "JPN/WLD/currencyValue"}}, 422, "invalid_query"),
    ("GET", "/paths", {"params": {"q": "x", "source": "y", "target": "z"}}, 422, "invalid_query"),
    (
        "GET",
        "/paths",
        {"params": {"source": "nowhere land", "target": "JPN/WLD/goodsBalance"}},
        404,
        "unknown_term",
    ),
    (
        "GET",
        "/paths",
        {
            "params": {
                "source": "JPN/WLD/currencyValue",
                "target": "JPN/WLD/goodsBalance",
                "horizon": "soon",
            }
        },
        422,
        "invalid_request",
    ),
    ("GET", "/loops", {"params": {"variable": "flux capacitor"}}, 404, "unknown_term"),
    ("GET", "/loops", {"params": {"q": LOOPS_DOLLAR, "variable": "x"}}, 422, "invalid_query"),
    ("GET", "/loops", {"params": {"economy": "ZZZ"}}, 404, "unknown_term"),
    ("GET", "/claims", {"params": {"limit": 0}}, 422, "invalid_request"),
    ("GET", "/claims", {"params": {"offset": -1}}, 422, "invalid_request"),
    ("GET", "/claims", {"params": {"economy": "1X"}}, 422, "invalid_request"),
    ("GET", "/claims", {"params": {"economy": "ZZZ"}}, 404, "unknown_term"),
    ("GET", "/claims", {"params": {"derived": "maybe"}}, 422, "invalid_request"),
    ("GET", "/claims/no-such-claim", {}, 404, "not_found"),
    ("GET", "/claims/j-curve-short-run/ZZZ", {}, 404, "not_found"),
    ("GET", "/entities", {}, 422, "invalid_request"),
    ("GET", "/entities", {"params": {"search": "  "}}, 422, "invalid_query"),
    ("GET", "/entities", {"params": {"search": "yen", "kind": "planet"}}, 422, "invalid_request"),
    (
        "GET",
        "/why",
        {"params": {"q": WHY_DEFICIT}, "headers": {"Accept": "image/png"}},
        406,
        "not_acceptable",
    ),
    ("GET", "/claims", {"headers": {"Accept": "text/plain"}}, 406, "not_acceptable"),
    ("GET", "/contradictions", {"headers": {"Accept": "text/csv"}}, 406, "not_acceptable"),
    ("PUT", "/why", {}, 405, "method_not_allowed"),
    ("DELETE", "/claims/yen-energy-import-bill", {}, 405, "method_not_allowed"),
]


@pytest.mark.parametrize(
    "case", ERROR_CASES, ids=[f"{c[0]} {c[1]} {c[3]} {c[4]} {i}" for i, c in enumerate(ERROR_CASES)]
)
def test_error_statuses(api: httpx.Client, case: Case) -> None:
    method, path, kwargs, status, code = case
    r = api.request(method, path, **kwargs)
    body = _json(r, status)
    assert body["error"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_unresolved_questions_carry_result_and_candidates(api: httpx.Client) -> None:
    unknown = _json(api.get("/why", params={"q": "foo bar baz"}), 404)
    assert unknown["result"]["result_code"] == "UNKNOWN_TERM"
    assert unknown["candidates"] and all(c.startswith(DATA) for c in unknown["candidates"])
    assert unknown["candidates"] == list(
        dict.fromkeys(c["iri"] for c in unknown["result"]["candidates"])
    )
    ambiguous = _json(api.get("/whatif", params={"q": "what if the currency falls"}), 422)
    assert ambiguous["result"]["result_code"] == "AMBIGUOUS"
    assert len(ambiguous["candidates"]) >= 2
    assert all("/currencyValue/" in c for c in ambiguous["candidates"])
    # the endpoint decides the intent: a what-if wording sent to /why is a why-question
    asked = _json(api.get("/why", params={"q": WHATIF_YEN}))
    assert asked["query"]["intent"] == "why"


def test_structured_errors_list_candidates(api: httpx.Client) -> None:
    typo = _json(
        api.post("/why", json={"effect": "JPN/WLD/goodsBalanc", "change": "decrease"}), 404
    )
    assert BALANCE in typo["candidates"]
    ambiguous = _json(api.post("/why", json={"effect": "trade deficit", "change": "increase"}), 422)
    assert BALANCE in ambiguous["candidates"] and len(ambiguous["candidates"]) > 1
    claim = _json(api.get("/claims/yen-energy-import-bil"), 404)
    assert f"{DATA}claim/yen-energy-import-bill" in claim["candidates"]


# ---------------------------------------------------------------------- schema
def test_openapi_shows_the_result_types(api: httpx.Client) -> None:
    spec = _json(api.get("/openapi.json"))
    schemas = spec["components"]["schemas"]
    for name in (
        "WhyResult",
        "WhatIfResult",
        "LoopsResult",
        "PathsResult",
        "ContradictionsResult",
        "ClaimPage",
        "ClaimDetail",
        "EntityPage",
        "WhyRequest",
        "WhatIfRequest",
        "Unresolved",
        "ErrorBody",
    ):
        assert name in schemas, name
    ops = spec["paths"]
    for path, method, model in [
        ("/why", "get", "WhyResult"),
        ("/why", "post", "WhyResult"),
        ("/whatif", "get", "WhatIfResult"),
        ("/whatif", "post", "WhatIfResult"),
        ("/paths", "get", "PathsResult"),
        ("/loops", "get", "LoopsResult"),
        ("/contradictions", "get", "ContradictionsResult"),
        ("/claims", "get", "ClaimPage"),
        ("/claims/{id}", "get", "ClaimDetail"),
        ("/entities", "get", "EntityPage"),
    ]:
        content = ops[path][method]["responses"]["200"]["content"]
        assert content["application/json"]["schema"]["$ref"].endswith(f"/{model}")
    assert "text/plain" in ops["/why"]["get"]["responses"]["200"]["content"]
    assert "image/svg+xml" in ops["/loops"]["get"]["responses"]["200"]["content"]
    why_get = ops["/why"]["get"]
    assert {"404", "406", "422"} <= why_get["responses"].keys()
    assert "not_understood" in why_get["description"]  # the status policy is documented
    assert "endpoint decides the intent" in " ".join(why_get["description"].split())
    assert why_get["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Unresolved"
    )


@pytest.fixture(scope="module")
def explain_schema(base: str) -> Any:
    return schemathesis.openapi.from_url(f"{base}/openapi.json")


schema = schemathesis.pytest.from_fixture("explain_schema").include(
    path_regex=r"^/(why|whatif|paths|loops|contradictions|claims|entities)"
)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_errors(case: Any) -> None:
    # Whatever is sent, never a 5xx, and every status, content type and body as documented.
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
