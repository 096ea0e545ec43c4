"""The scale bench's synthetic claims have the shape `tradekg build` gives a real claim.

The bench's load times are only the product's if every claim it generates carries at
least what a compiled claim carries: the same properties on the claim and on each node
of its evidence annotation, and as many quads."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox

from kg.compile import Compiled

ROOT = Path(__file__).resolve().parents[2]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CAUSAL = "https://w3id.org/tradekg/ontology#CausalClaim"
# the nodes of a claim's evidence annotation, by the suffix of their IRI
PARTS = ("", "/evidence", "/evidence/target", "/evidence/quote", "/evidence/position")


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "bench_scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_scale"] = module
    spec.loader.exec_module(module)
    return module


def _claims(quads: list[ox.Quad]) -> dict[str, dict[str, list[str]]]:
    """Each causal claim (not an event shock or a general mechanism): part -> predicates
    of its quads (one entry per quad)."""
    by_subject: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        by_subject[q.subject.value].append(q.predicate.value)
        if q.predicate.value == RDF_TYPE:
            kinds[q.subject.value].add(q.object.value)
    return {
        c: {part: by_subject.get(c + part, []) for part in PARTS}
        for c, k in kinds.items()
        if k == {CAUSAL}
    }


def test_a_synthetic_claim_carries_what_a_compiled_one_does(
    compiled: Compiled, tmp_path: Path
) -> None:
    real = _claims(list(compiled.quads))
    assert len(real) > 50
    bench = _bench()
    path = tmp_path / "g.nq"
    bench.write_nquads(path, *bench.generate(30, seed=3))
    synthetic = _claims(list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)))
    assert len(synthetic) == 30
    for part in PARTS:
        # what every compiled claim has on this node, the synthetic ones have too
        common = set.intersection(*(set(c[part]) for c in real.values()))
        assert common, part
        for c in synthetic.values():
            assert common <= set(c[part]), (part, common - set(c[part]))
    fewest = min(sum(map(len, c.values())) for c in real.values())
    assert min(sum(map(len, c.values())) for c in synthetic.values()) >= fewest
