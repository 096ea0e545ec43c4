"""The projection built from a stream of quads is the one the store's queries build."""

from __future__ import annotations

import gc
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import OxigraphStore
from rules.projection import Projection, save_projection
from tests.kg.test_scale_shape import _bench
from tests.rules.test_saved_projection import _parts

TK = "https://w3id.org/tradekg/ontology#"
ID = "https://w3id.org/tradekg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
OA = "http://www.w3.org/ns/oa#"
G, G2 = "<urn:g:one>", "<urn:g:two>"


def _claim(c: str, cause: str, effect: str | None, *, extra: str = "", ev: str = "") -> str:
    """A claim's required quads (no effect when ``effect`` is None) and ``extra``."""
    ev = ev or f"<{c}/ev>"
    lines = [
        f"<{c}> {A} <{TK}CausalClaim> {G} .",
        f"<{c}> <{TK}cause> <{cause}> {G} .",
        f'<{c}> <{TK}sign> "1"^^<{XSD}integer> {G} .',
        f'<{c}> <{TK}quote> "quote of {c}" {G} .',
        f'<{c}> <{TK}section> "S" {G} .',
        f"<{c}> <{TK}evidence> {ev} {G} .",
        f"<{c}/ev> <{OA}hasTarget> <{c}/t> {G} .",
        f"<{c}/t> <{OA}hasSource> <{ID}document/d> {G} .",
    ]
    if effect:
        lines.append(f"<{c}> <{TK}effect> <{effect}> {G} .")
    return "\n".join(lines) + "\n" + extra


def _odd_quads(var: str, var2: str) -> str:
    """Quads the queries read partly or not at all: each must come out as they leave it."""
    c, gen, x = f"{ID}claim/odd", f"{ID}claim/general", f"{ID}var/X/WLD/g/total/value"
    i, i2, i3, m = f"{ID}identity/a", f"{ID}identity/x", f"{ID}identity/n", f"{ID}mech/m"

    def ident(iri: str, target: str) -> str:
        return (
            f"<{iri}> {A} <{TK}Identity> {G} .\n"
            f"<{iri}> <{TK}target> <{target}> {G} .\n"
            f"<{iri}> <{TK}term> <{iri}/t1> {G} .\n"
            f"<{iri}/t1> <{TK}variable> <{var}> {G} .\n"
            f'<{iri}/t1> <{TK}coefficient> "-1"^^<{XSD}integer> {G} .\n'
            f'<{iri}> <{TK}quote> "identity quote" {G} .\n'
            f'<{iri}> <{TK}section> "I" {G} .\n'
            f'<{iri}> {LABEL} "identity {iri}" {G} .\n'
            f"<{iri}> <{TK}evidence> <{iri}/ev> {G} .\n"
            f"<{iri}/ev> <{OA}hasTarget> <{iri}/tg> {G} .\n"
            f"<{iri}/tg> <{OA}hasSource> <{ID}document/d> {G} .\n"
        )

    return "".join(
        [
            # several values of one property, optional properties, conditions, elaborates
            _claim(
                c,
                var,
                var2,
                extra=f'<{c}> <{TK}sign> "-1"^^<{XSD}integer> {G2} .\n'
                f"<{c}> <{TK}horizon> <{TK}ShortRun> {G} .\n"
                f"<{c}> <{TK}causeChange> <{TK}Decrease> {G} .\n"
                f'<{c}> <{TK}validFrom> "2001-01-01"^^<{XSD}date> {G} .\n'
                f'<{c}> <{TK}ifConditionFails> "reverse" {G} .\n'
                f'<{c}> <{TK}ceterisParibus> "true"^^<{XSD}boolean> {G} .\n'
                f'<{c}> <{TK}confidence> "0.4"^^<{XSD}decimal> {G} .\n'
                f'<{c}> <{TK}ruleId> "R1" {G} .\n'
                f"<{c}> <{TK}instanceOf> <{gen}> {G} .\n"
                f"<{c}> {A} <{TK}Background> {G} .\n"
                f"<{c}> <{TK}elaborates> <{ID}claim/e1> {G} .\n"
                f"<{c}> <{TK}elaborates> <{ID}claim/e1> {G2} .\n"
                f"<{c}> <{TK}elaborates> <{ID}claim/e2> {G} .\n"
                f"<{c}> <{TK}conditionState> <{c}/cs> {G} .\n"
                f"<{c}/cs> <{TK}aboutCondition> <{ID}condition/k> {G} .\n"
                f'<{ID}condition/k> <{TK}code> "k" {G} .\n'
                f"<{c}/cs> <{TK}status> <{TK}Holds> {G} .\n"
                f"<{c}/cs> <http://www.w3.org/ns/prov#wasDerivedFrom> <{c}> {G} .\n"
                f"<{c}> <{TK}conditionState> <{c}/cs2> {G} .\n"
                f"<{c}/cs2> <{TK}aboutCondition> <{ID}condition/j> {G} .\n"
                f'<{ID}condition/j> <{TK}code> "j" {G} .\n'
                f'<{c}/cs2> <{TK}status> "holds" {G} .\n'
                f"<{c}/cs2> <http://www.w3.org/ns/prov#wasDerivedFrom> <{ID}claim/p> {G} .\n"
                f"<{c}> <{TK}unknownProperty> <{TK}Whatever> {G} .\n",
            ),
            # a general mechanism between role slots, with a stated condition
            f'<{x}> {A} <{TK}Variable> {G} .\n<{x}> <{TK}key> "X/WLD/g/total/value" {G} .\n',
            _claim(
                gen,
                x,
                var2,
                extra=f"<{gen}> {A} <{TK}GeneralMechanism> {G} .\n"
                f"<{gen}> <{TK}condition> <{ID}condition/k> {G} .\n"
                f'<{gen}> <{TK}horizon> "ShortRun" {G} .\n',
            ),
            # left out: no effect, an unknown cause, a literal evidence, a blank claim,
            # a class given as a literal
            _claim(f"{ID}claim/no-effect", var, None),
            _claim(f"{ID}claim/unknown-cause", f"{ID}var/nowhere", var2),
            _claim(f"{ID}claim/literal-evidence", var, var2, ev='"evidence"'),
            f"_:b {A} <{TK}CausalClaim> {G} .\n_:b <{TK}cause> <{var}> {G} .\n",
            f'<{ID}claim/e1> {A} "{TK}CausalClaim" {G} .\n',
            # events: one with a year, one without a label; an event shock
            f'<{ID}event/e> {A} <{TK}Event> {G} .\n<{ID}event/e> {LABEL} "an event" {G} .\n'
            f'<{ID}event/e> <{TK}year> "2020"^^<{XSD}gYear> {G} .\n'
            f"<{ID}event/f> {A} <{TK}Event> {G} .\n",
            _claim(f"{ID}claim/shock", var, var2).replace(
                f"{TK}CausalClaim> {G}", f"{TK}EventShock> {G}"
            )
            + f"<{ID}claim/shock> <{TK}event> <{ID}event/e> {G} .\n",
            # a variable with two labels, one without a key
            f'<{var}> {LABEL} "another label" {G2} .\n<{ID}var/keyless> {A} <{TK}Variable> {G} .\n',
            # dominance stated twice
            f"<{ID}dom/a> {A} <{TK}DominanceClaim> {G} .\n"
            f"<{ID}dom/a> <{TK}dominates> <{c}> {G} .\n"
            f"<{ID}dom/a> <{TK}dominated> <{ID}claim/e1> {G} .\n"
            f"<{ID}dom/b> {A} <{TK}DominanceClaim> {G} .\n"
            f"<{ID}dom/b> <{TK}dominates> <{c}> {G} .\n"
            f"<{ID}dom/b> <{TK}dominated> <{ID}claim/e1> {G} .\n",
            # identities: kept, left out (a general balance), kept (a partial sum through
            # the mechanism it instantiates), and one whose target's key is no string
            ident(i, var2),
            ident(i2, x),
            ident(i3, x)
            + f"<{i3}> <{TK}instanceOf> <{m}> {G} .\n"
            + f'<{m}> <{TK}partialSum> "true"^^<{XSD}boolean> {G} .\n',
            ident(f"{ID}identity/k", f"{ID}var/odd-key")
            + f'<{ID}var/odd-key> <{TK}key> "7"^^<{XSD}integer> {G} .\n',
        ]
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scale bench's graph at 10^3 edges, plus :func:`_odd_quads`, as N-Quads."""
    bench = _bench()
    n, u, v, sign, conf = bench.generate(1000, 8)
    path = tmp_path_factory.mktemp("quads") / "graph.nq"
    bench.write_nquads(path, n, u, v, sign, conf)
    with path.open("a", encoding="utf-8") as f:
        f.write(_odd_quads(bench.var_iri(1), bench.var_iri(2)))
    return path


def _same(a: Projection, b: Projection) -> None:
    pa, pb = _parts(a), _parts(b)
    for name in pa:
        assert pa[name] == pb[name], name
    assert a.graph.graph == b.graph.graph


def test_the_bundled_graph(reasoned: OxigraphStore) -> None:
    from_quads = Projection.from_quads(reasoned.quads())
    assert from_quads.source == "quads"
    _same(Projection(reasoned, saved=False), from_quads)


def test_a_synthetic_graph_with_odd_quads(synthetic: Path, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.native.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
    queried = Projection(store, saved=False)
    streamed = Projection.from_quads(synthetic)
    _same(queried, streamed)
    g = streamed.graph
    assert g.number_of_edges() > 900  # same cause, effect and sign: one edge
    odd = f"{ID}claim/odd"
    assert streamed.claim_info[odd]["conditions"] == (
        ("j", "unknown", f"{ID}claim/p"),
        ("k", "holds", ""),
    )
    assert streamed.claim_info[odd]["elaborates"] == (f"{ID}claim/e1",) * 2 + (f"{ID}claim/e2",)
    assert streamed.claim_info[odd]["sign"] == -1 and streamed.claim_info[odd]["horizon"] == "short"
    for left_out in ("no-effect", "unknown-cause", "literal-evidence"):
        assert f"{ID}claim/{left_out}" not in streamed.claim_info
    assert f"{ID}identity/a" in streamed.claim_info
    assert f"{ID}identity/n" in streamed.claim_info
    assert f"{ID}identity/x" not in streamed.claim_info
    assert streamed.dominance_claims == {(odd, f"{ID}claim/e1"): f"{ID}dom/b"}


def test_saved_from_the_stream_is_read_back(synthetic: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    writer = OxigraphStore(root)
    writer.native.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
    writer.flush()
    del writer
    gc.collect()
    streamed = Projection.from_quads(synthetic)
    saved = save_projection(OxigraphStore(root, read_only=True), built=streamed)
    assert saved is not None
    read = Projection(OxigraphStore(root, read_only=True))
    assert read.source == "saved"
    _same(read, streamed)


@pytest.mark.skipif(shutil.which("oxigraph") is None, reason="no oxigraph CLI")
def test_lines_the_lenient_loader_skips(synthetic: Path, tmp_path: Path) -> None:
    """``oxigraph load --lenient`` skips a statement that does not parse; so does the
    stream."""
    path = tmp_path / "bad.nq"
    var = f"{ID}var/S1/WLD/v1/total/value"
    path.write_text(
        synthetic.read_text(encoding="utf-8")
        + f'not a quad\n<{var}> {LABEL} "unterminated {G} .\n'
        + f'<{var}> {LABEL} "after the errors" {G} .\n',
        encoding="utf-8",
    )
    subprocess.run(
        ["oxigraph", "load", "--location", str(tmp_path / "store"), "--lenient", "--file", path],
        check=True,
        capture_output=True,
    )
    store = OxigraphStore(tmp_path / "store", read_only=True)
    streamed = Projection.from_quads(path)
    _same(Projection(store, saved=False), streamed)
