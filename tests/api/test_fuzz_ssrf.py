"""Grammar-aware fuzz of the SSRF guard against a loopback canary: 0 hits, 0 crashes.

A seeded generator writes queries and updates from SPARQL's grammar: SERVICE and
LOAD in every position, with escapes in IRIs (``\\u``/``\\U``), keyword-prefixed
names (``SERVICE:x``), relative IRIs under BASE, PN_LOCAL escapes, and decoys around
them (comments, strings holding quotes and ``#``, IRIs holding ``#``). pyoxigraph
itself, with no guard, is the oracle: every text it sends to the canary must be
one the guard refuses. Then the live server gets them all: no connection may reach
the canary and no request may get a 5xx.
"""

from __future__ import annotations

import random

import httpx
import pyoxigraph as ox
import pytest

from api.errors import APIError
from api.protocol.guard import SizeLimits, check_remote, check_size, scan
from api.protocol.runner import PREFIXES

from .conftest import TOKEN

SEED = 9
N_QUERIES = 900
N_UPDATES = 300
LIMITS = SizeLimits(1_000_000, 128, 2000)


def _esc(text: str, rng: random.Random) -> str:
    """Write some characters of an IRI body as UCHARs, the way an attacker would."""
    out = []
    for ch in text:
        r = rng.random()
        if r < 0.15 and ch not in "<>":
            out.append(f"\\u{ord(ch):04x}")
        elif r < 0.2 and ch not in "<>":
            out.append(f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    return "".join(out)


class Gen:
    def __init__(self, port: int, seed: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.rng = random.Random(seed)  # noqa: S311 - a seeded, repeatable fuzz

    def ws(self) -> str:
        return self.rng.choice([" ", "", "\n", "\t", " # c \n", "  "])

    def keyword(self, word: str) -> str:
        return "".join(c.upper() if self.rng.random() < 0.5 else c.lower() for c in word)

    def decoy(self) -> str:
        r = self.rng
        return r.choice(
            [
                "BIND(<urn:x\\u0041#> AS ?d1)",
                "BIND(<urn:x\\U00000041#> AS ?d2)",
                'BIND("\\u0022#" AS ?d3)',
                "BIND('it\\'s # not' AS ?d4)",
                'BIND("""SERVICE <http://127.0.0.1:1/> {}""" AS ?d5)',
                "BIND(<urn:a#b> AS ?d6)",
                "BIND(e:a\\#b AS ?d7)",
                "# SERVICE <http://127.0.0.1:1/> {}\n",
                "?s <urn:service> ?o .",
                'BIND("x"@en AS ?d8)',
                "FILTER(1 < 2)",
                "",
            ]
        )

    def target(self) -> tuple[str, str]:
        """(prologue, target term) naming the canary in one of many spellings."""
        r = self.rng
        path = r.choice(["/x", "/sparql", "/a/b", "/"])
        url = self.base + path
        kind = r.randrange(7)
        if kind == 0:
            return "", f"<{url}>"
        if kind == 1:
            return "", f"<{_esc(url, r)}>"
        if kind == 2:
            return f"PREFIX c: <{_esc(self.base, r)}/> ", f"c:{path.strip('/') or 'x'}"
        if kind == 3:
            return f"BASE <{self.base}/base/> ", r.choice(["<../x>", "<x>", "</y>"])
        if kind == 4:
            return f"PREFIX : <{self.base}/> ", ":" + (path.strip("/").split("/")[0] or "x")
        if kind == 5:
            return f"PREFIX c: <{self.base}/> ", "c:a\\/b"
        return "", f"<{url.replace('/', chr(92) + 'u002f', r.randrange(1, 4))}>"

    def service(self) -> tuple[str, str]:
        pro, tgt = self.target()
        silent = self.keyword("SILENT") + " " if self.rng.random() < 0.3 else ""
        sep = self.ws()
        if tgt.startswith(":") and self.rng.random() < 0.5:
            sep = ""  # SERVICE:x
        elif not sep and not tgt.startswith("<"):
            sep = " "
        clause = f"{self.keyword('SERVICE')}{sep}{silent}{tgt}{self.ws()}{{ ?s ?p ?o }}"
        return pro, clause

    def query(self) -> str:
        r = self.rng
        pro, clause = self.service()
        body = [self.decoy(), clause, self.decoy()]
        r.shuffle(body)
        inner = " ".join(body)
        wrap = r.randrange(5)
        if wrap == 1:
            inner = f"OPTIONAL {{ {inner} }}"
        elif wrap == 2:
            inner = f"{{ SELECT * WHERE {{ {inner} }} }}"
        elif wrap == 3:
            inner = f"{{ ?s ?p ?o }} UNION {{ {inner} }}"
        elif wrap == 4:
            inner = f"FILTER EXISTS {{ {inner} }}"
        return f"{pro}PREFIX e: <urn:e:> SELECT * WHERE {{ {inner} }} LIMIT 1"

    def update(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            pro, tgt = self.target()
            into = f" {self.keyword('INTO')} GRAPH <urn:fuzz:g>" if r.random() < 0.5 else ""
            load = f"{self.keyword('LOAD')} {tgt}{into}"
            pre = r.choice(
                [
                    "",
                    'INSERT DATA { <urn:a> <urn:b> "\\u0022#" } ; ',
                    "INSERT DATA { <urn:a> <urn:b> <urn:x\\u0041#> } ; ",
                ]
            )
            return f"{pro}{pre}{load}"
        pro, clause = self.service()
        return (
            f"{pro}PREFIX e: <urn:e:> INSERT {{ GRAPH <urn:fuzz:g> {{ ?s ?p ?o }} }} "
            f"WHERE {{ {self.decoy()} {clause} }}"
        )


def _raw_engine_hits(canary, text: str, *, update: bool) -> int:
    """Connections pyoxigraph itself makes for ``text``, with no guard in front of it."""
    before = len(canary.connections)
    store = ox.Store()
    try:
        if update:
            store.update(text, prefixes=PREFIXES)
        else:
            list(store.query(text, prefixes=PREFIXES))
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return len(canary.connections) - before


def _guard_refuses(text: str) -> bool:
    try:
        toks = check_size(text, LIMITS)
        check_remote(scan(toks, prefixes=PREFIXES, base="http://127.0.0.1:1/sparql"), ())
    except APIError:
        return True
    return False


@pytest.fixture(scope="module")
def corpus(canary) -> list[tuple[str, bool]]:
    gen = Gen(canary.port, SEED)
    return [(gen.query(), False) for _ in range(N_QUERIES)] + [
        (gen.update(), True) for _ in range(N_UPDATES)
    ]


def test_guard_refuses_everything_the_engine_would_fetch(canary, corpus) -> None:
    potent = misses = 0
    for text, update in corpus:
        hits = _raw_engine_hits(canary, text, update=update)
        if hits:
            potent += 1
            if not _guard_refuses(text):
                misses += 1
                pytest.fail(f"the guard let through a text the engine fetches: {text!r}")
    print(
        f"fuzz: {len(corpus)} texts, {potent} reach the canary through the bare engine, "
        f"{misses} pass the guard"
    )
    # The corpus must be worth something: most of it really reaches the canary unguarded.
    assert potent > len(corpus) // 2


def test_live_server_makes_no_connection(server, canary, corpus) -> None:
    before = len(canary.connections)
    statuses: dict[int, int] = {}
    with httpx.Client(timeout=30) as client:
        for n, (text, update) in enumerate(corpus):
            if update:
                r = client.post(
                    server.update,
                    content=text,
                    headers={
                        "Authorization": f"Bearer {TOKEN}",
                        "Content-Type": "application/sparql-update",
                    },
                )
            elif n % 2:
                r = client.get(server.sparql, params={"query": text})
            else:
                r = client.post(
                    server.sparql,
                    content=text,
                    headers={"Content-Type": "application/sparql-query"},
                )
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            # Every text fetches from the canary: none may be applied, here or anywhere.
            assert r.status_code != 204, text
    hits = len(canary.connections) - before
    print(
        f"fuzz: {len(corpus)} requests to the live server, statuses {statuses}, canary hits {hits}"
    )
    assert hits == 0
    assert not any(s >= 500 for s in statuses), statuses
    assert httpx.get(f"{server.base}/health", timeout=10).status_code == 200
