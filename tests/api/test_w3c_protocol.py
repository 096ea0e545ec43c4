"""The W3C SPARQL 1.1 Protocol test manifest, run against a live server (34 tests).

``tests/data/w3c-protocol/`` is ``sparql/sparql11/protocol/`` of w3c/rdf-tests
(commit ad541a5f), unchanged. The manifest speaks of one endpoint, ``/sparql/``;
this server answers queries at /sparql and updates at /update (with the bearer
token), so each request goes to the one its operation belongs to. The server runs
with ``TRADEKG_NO_BUNDLED`` on an empty store: the update tests CLEAR ALL, which a
store with build-owned graphs refuses by design.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from .conftest import TOKEN

DIR = Path(__file__).resolve().parents[1] / "data" / "w3c-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


@dataclass
class Req:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None
    fmt: str | None


@dataclass
class Case:
    name: str
    label: str
    graphs: list[tuple[Path, str]] = field(default_factory=list)
    requests: list[Req] = field(default_factory=list)


def _load() -> list[Case]:
    g = rdflib.Graph()
    g.parse(DIR / "manifest.ttl", format="turtle", publicID=(DIR / "manifest.ttl").as_uri())
    manifest = next(g.subjects(MF.entries, None))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        case = Case(str(entry).rsplit("#", 1)[1], str(g.value(entry, MF.name)))
        for gd in g.objects(entry, UT.graphData):
            case.graphs.append(
                (Path(urlsplit(str(g.value(gd, UT.graph))).path), str(g.value(gd, RDFS.label)))
            )
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            for h in Collection(g, g.value(req, HT.headers)) if g.value(req, HT.headers) else []:
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                enc = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(enc)
            resp = g.value(req, HT.resp)
            statuses = {
                str(s).rsplit("StatusCode", 1)[1] for s in g.objects(resp, MF.expectedStatus)
            }
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            expected = None if boolean is None else bool(boolean.toPython())
            case.requests.append(
                Req(
                    str(g.value(req, HT.methodName)),
                    str(g.value(req, HT.absolutePath)),
                    headers,
                    body,
                    statuses,
                    expected,
                    None if fmt is None else str(fmt),
                )
            )
        cases.append(case)
    return cases


CASES = _load()


def test_the_manifest_has_34_tests() -> None:
    assert len(CASES) == 34


@pytest.fixture(scope="module")
def endpoint(start, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("w3c")
    return start(
        tmp / "store", tmp / "server.log", TRADEKG_NO_BUNDLED="1", TRADEKG_UPDATE_TOKEN=TOKEN
    )


def _is_update(req: Req) -> bool:
    ctype = req.headers.get("content-type", "")
    query = parse_qs(urlsplit(req.path).query)
    form = parse_qs((req.body or b"").decode("utf-8", "replace")) if "form" in ctype else {}
    return (
        "sparql-update" in ctype
        or "update" in query
        or "update" in form
        or any(k.startswith("using-") for k in query)
    )


def _send(endpoint, req: Req) -> httpx.Response:
    parts = urlsplit(req.path)
    op = "/update" if _is_update(req) else "/sparql"
    url = f"{endpoint.base}{op}" + (f"?{parts.query}" if parts.query else "")
    headers = dict(req.headers)
    if op == "/update":
        headers["Authorization"] = f"Bearer {TOKEN}"
    return httpx.request(req.method, url, headers=headers, content=req.body, timeout=60)


def _ok(status: int, classes: set[str]) -> bool:
    return f"{status // 100}xx" in classes


def _boolean(r: httpx.Response) -> bool:
    ctype = r.headers["content-type"]
    if "json" in ctype:
        return bool(json.loads(r.text)["boolean"])
    if "xml" in ctype:
        return "<boolean>true</boolean>" in r.text
    return r.text.strip().splitlines()[-1].strip().lower() == "true"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol(endpoint, case: Case) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    assert httpx.post(endpoint.update, content="DROP ALL", headers=auth).status_code == 204
    for path, label in case.graphs:
        data = (DIR / path.name).read_text()
        r = httpx.post(
            endpoint.update, headers=auth, content=f"INSERT DATA {{ GRAPH <{label}> {{ {data} }} }}"
        )
        assert r.status_code == 204, r.text
    for req in case.requests:
        r = _send(endpoint, req)
        assert _ok(r.status_code, req.statuses), (case.label, r.status_code, r.text[:300])
        if req.fmt == "boolean" and req.boolean is not None:
            assert _boolean(r) is req.boolean, (case.label, r.text[:300])
        if req.fmt == "RDF":
            assert r.headers["content-type"].split(";")[0] in (
                "application/rdf+xml",
                "text/turtle",
                "application/n-triples",
            )
            rdflib.Graph().parse(data=r.content, format=r.headers["content-type"].split(";")[0])
