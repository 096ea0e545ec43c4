"""The sign of every claim is checked against the directions its sentence states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.compile import claims_dir, compile_files
from kg.errors import ClaimError

# Claims that had no cause_change/effect_change before every claim had to state them:
# a flipped sign on any of them used to build silently.
FORMERLY_UNCHECKED = [
    "bond-purchases-foreign-demand",
    "dollar-dominance-shields-us",
    "us-food-deficit",
    "self-sufficiency-food-imports",
    "china-plus-one-export-share",
    "covid-deficit",
    "population-labour-force",
    "renewables-fuel-imports",
    "energy-crisis-prices",
]


def _records() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(claims_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(data["document"], rec) for rec in data.get("claims") or []]
    return out


RECORDS = _records()


def _compile_one(tmp_path: Path, document: str, rec: dict[str, Any]) -> None:
    f = tmp_path / "one.yaml"
    f.write_text(
        yaml.safe_dump({"document": document, "claims": [rec]}, allow_unicode=True),
        encoding="utf-8",
    )
    compile_files([f])


@pytest.mark.parametrize(("document", "rec"), RECORDS, ids=[r["id"] for _, r in RECORDS])
def test_every_claim_states_its_directions(document: str, rec: dict[str, Any]) -> None:
    assert rec.get("effect_change"), rec["id"]
    if "cause" in rec:
        assert rec.get("cause_change"), rec["id"]


@pytest.mark.parametrize(("document", "rec"), RECORDS, ids=[r["id"] for _, r in RECORDS])
def test_a_flipped_sign_fails_the_build(tmp_path: Path, document: str, rec: dict[str, Any]) -> None:
    flipped = {**rec, "sign": -rec["sign"], "elaborates": [], "instance_of": None}
    flipped = {k: v for k, v in flipped.items() if v not in ([], None)}
    with pytest.raises(ClaimError, match="disagrees with") as info:
        _compile_one(tmp_path, document, flipped)
    assert info.value.claim == rec["id"]


@pytest.mark.parametrize("cid", FORMERLY_UNCHECKED)
def test_formerly_unchecked_claims_are_checked(tmp_path: Path, cid: str) -> None:
    document, rec = next((d, r) for d, r in RECORDS if r["id"] == cid)
    with pytest.raises(ClaimError, match="disagrees with"):
        _compile_one(
            tmp_path,
            document,
            {**rec, "sign": -rec["sign"], **({"elaborates": []} if "elaborates" in rec else {})},
        )


def test_a_claim_without_directions_is_refused(tmp_path: Path) -> None:
    document, rec = next((d, r) for d, r in RECORDS if r["id"] == "us-food-deficit")
    bare = {k: v for k, v in rec.items() if k not in ("cause_change", "effect_change")}
    with pytest.raises(ClaimError, match="missing cause_change and effect_change") as info:
        _compile_one(tmp_path, document, bare)
    assert info.value.claim == "us-food-deficit"
    assert "increase or decrease" in (info.value.fix or "")
