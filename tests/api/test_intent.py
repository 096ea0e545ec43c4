"""The endpoint decides the intent; one resolver for Python, CLI and HTTP alike."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

import rules
from api import cli
from kg.build import build_memory
from kg.store import OxigraphStore
from rules.materialize import post_load
from rules.resolve import AmbiguousTermError, UnknownTermError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

VAR = "https://w3id.org/tradekg/id/var/"
YEN = f"{VAR}JPN/WLD/currencyValue/total/value"
BALANCE = f"{VAR}JPN/WLD/goodsBalance/total/value"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s, _ = build_memory(post_load=post_load)
    return s


@pytest.fixture()
def client(store: OxigraphStore, make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(store)


@pytest.fixture()
def runner(store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(cli, "_open", lambda path: store)
    return CliRunner()


def _effects(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["variable"]["iri"], e["direction"]) for e in body["effects"]]


@pytest.mark.parametrize(
    "statement", ["the yen falls", "the yen strengthens sharply", "a sharp devaluation of the yen"]
)
def test_bare_statements_are_shocks_on_whatif(client: TestClient, statement: str) -> None:
    r = client.get("/whatif", params={"q": statement})
    assert r.status_code == 200, r.text
    assert r.json()["query"]["intent"] == "whatif"
    assert r.json()["query"]["variable"] == YEN


def test_cli_get_and_post_agree(client: TestClient, runner: CliRunner) -> None:
    got = client.get("/whatif", params={"q": "the yen falls", "limit": 10}).json()
    posted = client.post("/whatif", json={"shock": "yen", "change": "decrease"}).json()
    res = runner.invoke(cli.app, ["whatif", "the yen falls", "--json"])
    assert res.exit_code == 0, res.output
    printed = json.loads(res.output)
    assert got["query"]["variable"] == posted["query"]["variable"] == YEN
    assert printed["query"]["variable"] == YEN
    assert got["query"]["change"] == posted["query"]["change"] == printed["query"]["change"]
    assert got["query"]["change"] == "decrease"
    assert set(_effects(got)) <= set(_effects(posted))
    assert _effects(printed) == _effects(got)


def test_a_why_wording_sent_to_whatif_is_a_shock(client: TestClient) -> None:
    r = client.get("/whatif", params={"q": "why did the yen fall?"})
    assert r.status_code == 200 and r.json()["query"]["intent"] == "whatif"
    assert r.json()["query"]["change"] == "decrease"


def test_labels_read_as_an_economist_writes_them(store: OxigraphStore) -> None:
    proj = rules.projection(store)
    assert proj.label(f"{VAR}CHN/USA/bondPurchases/total/value") == (
        "China's purchases of U.S. Treasuries"
    )
    assert proj.label(f"{VAR}JPN/AUS/imports/FOOD/value") == "Japan's food imports from Australia"
    assert proj.label(f"{VAR}USA/WLD/bondYield/total/rate") == "yield on U.S. Treasuries"
    assert "(rate)" not in proj.label(f"{VAR}JPN/WLD/policyRate/total/rate")


def test_in_process_names_resolve_like_http(store: OxigraphStore, client: TestClient) -> None:
    here = rules.why(store, "trade deficit", "increase", economy="JPN")
    assert here.query.variable == BALANCE and here.query.change == "decrease"
    assert any("other way" in a for a in here.query.assumptions)
    there = client.post(
        "/why", json={"effect": "trade deficit", "change": "increase", "economy": "JPN"}
    ).json()
    assert there["query"]["variable"] == BALANCE and there["query"]["change"] == "decrease"
    assert there == json.loads(here.model_dump_json())
    with pytest.raises(AmbiguousTermError) as amb:
        rules.why(store, "trade deficit", "increase")
    assert BALANCE in amb.value.candidates
    assert (
        client.post("/why", json={"effect": "trade deficit", "change": "increase"}).status_code
        == 422
    )


@pytest.mark.parametrize(
    "name",
    [
        "goods balance",
        "Japan's goods balance",
        "trade balance",
        "Japanese trade balance",
        "JPN/WLD/goodsBalance",
    ],
)
def test_every_label_resolves_with_or_without_the_economy(
    store: OxigraphStore, client: TestClient, name: str
) -> None:
    r = client.post("/why", json={"effect": name, "change": "decrease", "economy": "JPN"})
    assert r.status_code == 200, r.text
    assert r.json()["query"]["variable"] == BALANCE
    assert rules.resolve(store, name, economy="JPN").iri == BALANCE


def test_a_typo_resolves_only_when_clearly_nearest(store: OxigraphStore) -> None:
    res = rules.resolve(store, "Japan's trade defecit")
    assert (res.iri, res.inverse, res.corrected) == (BALANCE, True, "trade deficit")
    with pytest.raises(UnknownTermError) as unknown:
        rules.resolve(store, "price of tea in Mongolia")
    assert unknown.value.candidates


def test_the_fed_names_the_us_policy_rate_first(client: TestClient) -> None:
    items = client.get("/entities", params={"search": "Fed"}).json()["items"]
    assert items[0]["iri"] == f"{VAR}USA/WLD/policyRate/total/rate"
    assert items[0]["matched"] == "Fed"
    assert not any(m["economy"] == "JPN" for m in items)  # the Fed sets no rate of Japan
