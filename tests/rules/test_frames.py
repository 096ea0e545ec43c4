"""pandas DataFrames of claims, observations and answers: typed columns, content from the graph."""

from __future__ import annotations

import pytest

from kg.store import OxigraphStore
from rules import explain
from rules.frames import answer_frame, claims_frame, observations_frame

GOODS = "JPN/WLD/goodsBalance/total/value"


def test_claims_frame(reasoned: OxigraphStore) -> None:
    df = claims_frame(reasoned)
    assert df["id"].is_unique and len(df) > 20
    assert str(df["sign"].dtype) == "int64" and str(df["valid_from"].dtype) == "Int64"
    yen = df.set_index("id").loc["weak-yen-drives-deficit"]
    assert yen["cause"] == "JPN/WLD/currencyValue/total/value" and yen["effect"] == GOODS
    assert yen["sign"] == 1 and "depreciating yen" in yen["quote"]
    derived = df[df["rule"].notna()]
    assert len(derived) > 0 and derived["instance_of"].notna().all()
    dated = df[df["valid_from"].notna()]
    assert len(dated) > 0 and ((dated["valid_from"] >= 1900) & (dated["valid_from"] < 2100)).all()


def test_observations_frame(reasoned: OxigraphStore) -> None:
    df = observations_frame(reasoned)
    assert str(df["period_start"].dtype) == "int64" and str(df["value"].dtype) == "float64"
    row = df.set_index("id").loc["deficit-2024-level"]
    assert row["variable"] == GOODS and row["value"] == -5.5 and row["unit"] == "JPY trillion"
    assert row["period_start"] == row["period_end"] == 2024
    assert (df[df["kind"] == "movement"]["direction"].isin(["increase", "decrease"])).all()
    of_2024 = df[(df["period_start"] <= 2024) & (df["period_end"] >= 2024)]
    assert "deficit-2024-down-44pct" in set(of_2024["id"])


def test_answer_frame_of_why(reasoned: OxigraphStore) -> None:
    result = explain.why(reasoned, GOODS, "decrease", economy="JPN")
    df = answer_frame(result)
    assert df["answer"].nunique() == len(result.explanations) > 0
    first = df[df["answer"] == 0].sort_values("step")
    steps = result.explanations[0].steps
    assert list(first["claim"]) == [s.claim for s in steps]
    assert first["effect"].iloc[-1] == GOODS  # the chain ends at the asked variable
    assert str(df["sign"].dtype) == "int64" and str(df["score"].dtype) == "float64"


def test_answer_frame_of_whatif_and_loops(reasoned: OxigraphStore) -> None:
    w = answer_frame(explain.whatif(reasoned, "JPN/WLD/currencyValue/total/value", "decrease"))
    assert {"variable", "direction", "claim"} <= set(w.columns) and len(w) > 0
    loops = explain.loops(reasoned)
    df = answer_frame(loops)
    assert df["answer"].nunique() == len(loops.loops)
    assert set(df["polarity"]) <= {"reinforcing", "balancing", "accounting"}


def test_without_pandas_the_error_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, reasoned: OxigraphStore
) -> None:
    import builtins

    real = builtins.__import__

    def no_pandas(name: str, *args: object, **kwargs: object) -> object:
        if name == "pandas":
            raise ImportError("no pandas here")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match="pip install"):
        claims_frame(reasoned)
