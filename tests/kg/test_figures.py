"""Every figure of the document as an observation, with the right direction; negative goldens."""

from __future__ import annotations

from typing import Any

import pytest

from kg.store import OxigraphStore

OBSERVATIONS = """
SELECT ?o ?key ?kind ?value ?unit ?period ?start ?end ?basis ?direction ?quote WHERE {
  ?o a qb:Observation ; tk:variable/tk:key ?key ; tk:kind ?kind ; tk:period ?period ;
     tk:periodStart ?start ; tk:periodEnd ?end ; tk:quote ?quote .
  OPTIONAL { ?o tk:value ?value }
  OPTIONAL { ?o tk:unit ?unit }
  OPTIONAL { ?o tk:basis ?basis }
  OPTIONAL { ?o tk:direction ?direction }
}
"""
TK = "https://w3id.org/tradekg/ontology#"
GOODS = "JPN/WLD/goodsBalance/total/value"
YEN = "JPN/WLD/currencyValue/total/value"


@pytest.fixture(scope="module")
def observations(kg_store: OxigraphStore) -> list[dict[str, Any]]:
    return kg_store.select(OBSERVATIONS)


def find(rows: list[dict[str, Any]], **want: Any) -> list[dict[str, Any]]:
    """Rows whose fields equal ``want`` (floats compared to 1e-9; ``quote`` is a substring)."""
    out = []
    for row in rows:
        ok = True
        for k, v in want.items():
            got = row.get(k)
            if k == "quote":
                ok = ok and got is not None and v in got
            elif isinstance(v, float):
                ok = ok and got is not None and abs(float(got) - v) < 1e-9
            else:
                ok = ok and got == v
        if ok:
            out.append(row)
    return out


@pytest.mark.parametrize(
    "want",
    [
        # page 2: goods
        dict(
            key="JPN/WLD/productShare/HS87/share",
            kind="share",
            value=15.4,
            unit="percent of exports",
            quote="15.4% of exports",
        ),
        dict(
            key="JPN/WLD/selfSufficiency/FOOD/share",
            kind="share",
            value=40.0,
            unit="percent",
            basis="caloric",
            quote="40% food self-sufficiency (caloric basis)",
        ),
        # page 2: services, fiscal year 2024 (April 2024 - March 2025)
        dict(
            key="JPN/WLD/servicesBalance/total/value",
            kind="level",
            value=-2.6,
            unit="JPY trillion",
            period="FY2024",
            start=2024,
            end=2025,
            quote="¥2.6 trillion",
        ),
        dict(
            key="JPN/WLD/servicesBalance/DIGITAL/value",
            kind="level",
            value=-7.0,
            unit="JPY trillion",
            period="FY2024",
            quote="¥7.0 trillion",
        ),
        dict(
            key="JPN/WLD/servicesBalance/SD/value",
            kind="level",
            value=6.7,
            unit="JPY trillion",
            period="FY2024",
            quote="¥6.7 trillion travel surplus",
        ),
        # page 3: RCEP
        dict(
            key="JPN/CHN/exportShare/total/share",
            kind="share",
            value=48.0,
            period="2020",
            quote="48% in 2020",
        ),
        dict(
            key="JPN/CHN/exportShare/total/share",
            kind="share",
            value=41.7,
            period="2023",
            quote="41.7% in 2023",
        ),
        dict(
            key="JPN/CHN/exportShare/total/share",
            kind="movement",
            direction=TK + "Decrease",
            period="2020-2023",
            quote="declining",
        ),
        # page 3/4: the deficits; the 2024 narrowing is the balance going up
        dict(
            key=GOODS,
            kind="count",
            value=4.0,
            period="2021-2024",
            quote="four consecutive annual trade deficits (2021-2024)",
        ),
        dict(
            key=GOODS,
            kind="level",
            value=-5.5,
            unit="JPY trillion",
            period="2024",
            quote="¥5.5 trillion",
        ),
        dict(
            key=GOODS,
            kind="pct_change",
            value=44.0,
            period="2024",
            direction=TK + "Increase",
            quote="down 44% to ¥5.5 trillion",
        ),
        dict(
            key=GOODS,
            kind="movement",
            period="2024",
            direction=TK + "Increase",
            quote="the deficit showed significant narrowing in 2024",
        ),
        # the synthesis: bond markets
        dict(
            key="WLD/WLD/bondMarketSize/total/value",
            kind="level",
            value=70.0,
            unit="USD trillion",
            quote="$70 trillion global sovereign bond market",
        ),
        dict(
            key="USA/WLD/bondMarketSize/total/value",
            kind="level",
            value=24.0,
            unit="USD trillion",
            quote="$24 trillion U.S. Treasuries",
        ),
        # stated movements without a figure
        dict(
            key=YEN,
            kind="movement",
            period="2021-2024",
            direction=TK + "Decrease",
            quote="depreciating yen",
        ),
        dict(
            key="JPN/WLD/imports/HS27/value",
            kind="movement",
            period="2021-2024",
            direction=TK + "Increase",
            quote="soaring costs of energy and food imports",
        ),
        dict(
            key="JPN/WLD/imports/FOOD/value",
            kind="movement",
            period="2021-2024",
            direction=TK + "Increase",
            quote="soaring costs of energy and food imports",
        ),
    ],
    ids=lambda w: f"{w['key'].split('/', 2)[2]}:{w['kind']}:{w.get('value', w.get('period'))}",
)
def test_figure_is_observed(observations: list[dict[str, Any]], want: dict[str, Any]) -> None:
    assert len(find(observations, **want)) == 1, want


@pytest.mark.parametrize("year", ["2021", "2022", "2023", "2024"])
def test_four_consecutive_deficits(observations: list[dict[str, Any]], year: str) -> None:
    rows = find(
        observations,
        key=GOODS,
        kind="sign",
        period=year,
        value=-1.0,
        quote="four consecutive annual trade deficits",
    )
    assert len(rows) == 1


def test_2024_narrowing_is_never_a_decrease(observations: list[dict[str, Any]]) -> None:
    of_2024 = find(observations, key=GOODS, start=2024, end=2024)
    assert {r["kind"] for r in of_2024} >= {"level", "pct_change", "movement"}
    assert all(r.get("direction") != TK + "Decrease" for r in of_2024)
    assert all(r["value"] > 0 for r in of_2024 if r["kind"] in {"pct_change", "change"})


def test_levels_of_deficits_are_negative(observations: list[dict[str, Any]]) -> None:
    deficits = [
        r
        for r in observations
        if r["kind"] == "level" and "deficit" in r["quote"] and "Balance" in r["key"]
    ]
    assert deficits
    assert all(r["value"] < 0 for r in deficits), deficits


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("yen depreciation", YEN),
        ("weak yen", YEN),
        ("trade deficit", GOODS),
        ("trade gap", GOODS),
    ],
)
def test_opposite_phrases_are_inverse_labels(kg_store: OxigraphStore, label: str, key: str) -> None:
    inverse = kg_store.select(
        f'SELECT ?v WHERE {{ ?v tk:key "{key}" ; tk:inverseLabel ?l . '
        f'FILTER (LCASE(STR(?l)) = "{label}") }}'
    )
    assert len(inverse) == 1
    as_alt = kg_store.select(
        f'SELECT ?v WHERE {{ ?v skos:altLabel ?l . FILTER (LCASE(STR(?l)) = "{label}") }}'
    )
    assert as_alt == []


def test_yen_depreciation_claims_move_the_yen_down(kg_store: OxigraphStore) -> None:
    rows = kg_store.select(f"""
        SELECT ?id ?change ?sign WHERE {{
          ?c tk:claimId ?id ; tk:cause/tk:key "{YEN}" ; tk:sign ?sign ; tk:quote ?q .
          OPTIONAL {{ ?c tk:causeChange ?change }}
          FILTER (CONTAINS(LCASE(?q), "depreciat") || CONTAINS(LCASE(?q), "weak"))
        }}""")
    assert {r["id"] for r in rows} >= {
        "yen-energy-import-bill",
        "yen-food-import-bill",
        "weak-yen-drives-deficit",
    }
    assert all(r.get("change") == TK + "Decrease" for r in rows), rows
    energy = next(r for r in rows if r["id"] == "yen-energy-import-bill")
    assert energy["sign"] == -1  # yen down -> dollar energy bill up
