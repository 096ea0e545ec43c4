"""The CLI as a new user meets it: messages verbatim, no store made by a query, --limit, paths."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.compile
from api import cli
from kg.build import build
from kg.compile import claims_dir
from kg.store import open_store
from rules.materialize import post_load
from rules.projection import Projection
from tests.rules.test_saved_projection import _parts

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "why did Japan's trade deficit widen in 2022?"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built store on disk, as `tradekg build` makes it."""
    path = tmp_path_factory.mktemp("cli") / "store"
    build(path, post_load=post_load)
    return path


def tradekg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess: what a user sees on a terminal, stack traces included."""
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
    )


# ------------------------------------------------------------ 1. messages verbatim
def test_error_with_markup_like_text_prints_verbatim(store: Path) -> None:
    """The hint names ITEM[/PRODUCT[/MEASURE]]: once a MarkupError traceback."""
    done = tradekg(
        "why", "--variable", "JPN/WLD/nope", "--change", "decrease", "--store", str(store)
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "error: unknown variable 'JPN/WLD/nope'" in done.stderr
    assert "ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]" in done.stderr


@pytest.mark.parametrize("text", ["[/x]", "[offshoring-cuts-exports]", "[bold]b[/bold] :smile:"])
def test_say_error_prints_brackets_as_they_are(text: str) -> None:
    runner = CliRunner()

    @cli.app.command("echo-error-for-test")
    def _echo() -> None:
        cli.say_error(f"a message with {text} in it")

    try:
        res = runner.invoke(cli.app, ["echo-error-for-test"])
    finally:
        cli.app.registered_commands.pop()
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert f"error: a message with {text} in it" in res.stderr


def test_build_error_keeps_the_claim_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A misspelt field: the error names file:line [claim-id], nothing eaten as markup."""
    claims = tmp_path / "claims"
    shutil.copytree(claims_dir(), claims)
    japan = claims / "japan.yaml"
    text = japan.read_text(encoding="utf-8")
    at = text.index("  - id: offshoring-cuts-exports")
    text = text[:at] + text[at:].replace(
        "    effect: JPN/WLD/exports", "    efect: JPN/WLD/exports", 1
    )
    japan.write_text(text, encoding="utf-8")
    monkeypatch.setattr(kg.compile, "claims_dir", lambda: claims)
    res = CliRunner().invoke(cli.app, ["build", "--store", str(tmp_path / "store")])
    assert res.exit_code == 2, res.output
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit)
    assert re.search(r"japan\.yaml:\d+ \[offshoring-cuts-exports\]", res.stderr), res.stderr
    assert "ITEM[/PRODUCT[/MEASURE]]" in res.stderr
    assert not (tmp_path / "store").exists()


# ------------------------------------------------------------ 3. no store made by a query
@pytest.mark.parametrize(
    "command",
    [
        ["why", QUESTION],
        ["whatif", "what if the yen falls?"],
        ["loops"],
        ["paths", "--from", "value of the yen", "--to", "JPN/WLD/goodsBalance"],
        ["sparql", "ASK {}"],
        ["contradictions"],
        ["export", "-f", "turtle"],
    ],
)
def test_query_commands_refuse_a_missing_store(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "sotre"
    done = tradekg(*command, "--store", str(typo), cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"tradekg build --store {typo}" in done.stderr
    assert not typo.exists()
    assert not (tmp_path / ".tradekg").exists()


def test_default_store_missing_is_refused_too(tmp_path: Path) -> None:
    done = tradekg("why", QUESTION, cwd=tmp_path)
    assert done.returncode == 2
    assert "`tradekg build`" in done.stderr
    assert not (tmp_path / ".tradekg").exists()


# ------------------------------------------------------------ 4. --limit and paths
def _numbered(out: str) -> list[int]:
    return [int(m) for m in re.findall(r"^(\d+)\. \[", out, flags=re.M)]


def test_why_shows_five_by_default_and_says_so(store: Path) -> None:
    done = tradekg("why", QUESTION, "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert _numbered(done.stdout) == [1, 2, 3, 4, 5]
    assert "truncated: the first 5 explanations are shown" in done.stdout
    more = tradekg("why", QUESTION, "--store", str(store), "--limit", "8")
    assert _numbered(more.stdout) == list(range(1, 9))
    # The first five are the same chains, in the same order.
    head = re.split(r"^6\. \[", more.stdout, flags=re.M)[0]
    assert done.stdout.split("\n5. [")[0] in head


def test_limit_that_cuts_nothing_says_nothing(store: Path) -> None:
    done = tradekg("why", QUESTION, "--store", str(store), "--limit", "100")
    n = len(_numbered(done.stdout))
    assert 5 < n < 100
    assert "truncated" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("command", "marker"),
    [
        (["whatif", "what happens if the yen falls?"], r"^\* "),
        (
            ["loops", "which feedback loops involve the dollar?"],
            r"^\d+\. (REINFORCING|BALANCING|ACCOUNTING)",
        ),
    ],
)
def test_limit_on_whatif_and_loops(store: Path, command: list[str], marker: str) -> None:
    done = tradekg(*command, "--store", str(store), "--limit", "2")
    assert done.returncode == 0, done.stderr
    assert len(re.findall(marker, done.stdout, flags=re.M)) == 2
    assert "truncated: the first 2 " in done.stdout


def test_json_limit_cuts_and_says_so_on_stderr(store: Path) -> None:
    import json

    done = tradekg("why", QUESTION, "--store", str(store), "--json", "--limit", "3")
    assert len(json.loads(done.stdout)["explanations"]) == 3
    assert "truncated" in done.stderr


def test_paths_command(store: Path) -> None:
    done = tradekg(
        "paths",
        "--from",
        "value of the yen",
        "--to",
        "JPN/WLD/goodsBalance",
        "--store",
        str(store),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    import json

    result = json.loads(done.stdout)
    assert result["result_code"] == "FOUND"
    assert result["paths"]
    for chain in result["paths"]:
        assert chain["steps"][-1]["effect"]["iri"].endswith("/JPN/WLD/goodsBalance/total/value")
    bad = tradekg("paths", "--from", "the moon", "--to", "trade balance", "--store", str(store))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "the moon" in bad.stderr


# ------------------------------------------------------------ 5. SPARQL positions
def test_sparql_syntax_error_names_the_users_line_and_column(store: Path) -> None:
    """The predeclared prefixes (tk:, tkd: …) must not shift the position the parser gives."""
    import pyoxigraph as ox

    query = "SELECT * WHERE { ?s ?p ?o .\n  FILTER(?s = ) }"
    with pytest.raises(SyntaxError) as bare:
        ox.Store().query(query)
    line, column = re.findall(r"error at (\d+):(\d+)", str(bare.value))[0]
    assert line == "2"
    done = tradekg("sparql", query, "--store", str(store))
    assert done.returncode == 2
    assert f"at line 2, column {column}:" in done.stderr, done.stderr
    done = tradekg(
        "sparql", "SELECT ?c WHERE { ?c a tk:CausalClaim } LIMIT 1", "--store", str(store)
    )
    assert done.returncode == 0 and "tkd:claim/" in done.stdout


def test_build_without_java_warns(tmp_path: Path) -> None:
    """HermiT needs Java; without it the build says it fell back to OWL RL."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dot",):
        if found := shutil.which(tool):
            (bin_dir / tool).symlink_to(found)
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "build", "--store", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"PATH": str(bin_dir), "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "warning: java not found" in done.stderr
    assert "reasoner: owlrl" in done.stdout


def test_assume_takes_a_condition_as_given(store: Path) -> None:
    """``--assume MarshallLerner=fails`` on a structured what-if: the balance keeps
    worsening after a depreciation, and the answer states the assumption."""
    import json

    verdicts = {}
    for status in ("holds", "fails"):
        done = tradekg(
            "whatif",
            "-v",
            "X/WLD/currencyValue",
            "-c",
            "decrease",
            "--assume",
            f"MarshallLerner={status}",
            "--store",
            str(store),
            "--json",
        )
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert any(f"MarshallLerner {status}" in a for a in data["query"]["assumptions"])
        (bal,) = [
            e for e in data["effects"] if e["variable"]["key"] == "X/WLD/goodsBalance/total/value"
        ]
        verdicts[status] = bal["direction"]
    assert verdicts == {"holds": "increase", "fails": "decrease"}


@pytest.mark.parametrize("given", ["MarshallLerner", "MarshallLerner=maybe", "Elasticity=holds"])
def test_a_bad_assume_is_a_clear_error(store: Path, given: str) -> None:
    done = tradekg(
        "whatif",
        "-v",
        "X/WLD/currencyValue",
        "-c",
        "decrease",
        "--assume",
        given,
        "--store",
        str(store),
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert given.partition("=")[0] in done.stderr or "holds or" in done.stderr


def test_build_saves_the_projection_of_the_store_it_built(tmp_path: Path) -> None:
    """`tradekg build` leaves the store uncompacted and saves the projection built from
    its quads: equal to the queries'; with user data carried into the new generation
    after that projection was made, the one built from queries instead."""

    def built() -> Projection:
        res = CliRunner().invoke(cli.app, ["build", "--store", str(tmp_path / "store")])
        assert res.exit_code == 0, res.output
        store = open_store(tmp_path / "store", read_only=True)
        saved = Projection(store)
        assert saved.source == "saved"
        assert _parts(saved) == _parts(Projection(store, saved=False))
        return saved

    built()
    writer = open_store(tmp_path / "store")
    v, user = ox.NamedNode("urn:user:variable"), ox.NamedNode("urn:user:graph")
    tk = "https://w3id.org/tradekg/ontology#"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    writer.add_quads(
        [
            ox.Quad(v, ox.NamedNode(rdf_type), ox.NamedNode(tk + "Variable"), user),
            ox.Quad(v, ox.NamedNode(tk + "key"), ox.Literal("AAA/WLD/x/total/value"), user),
        ]
    )
    del writer
    gc.collect()
    assert "urn:user:variable" in built().graph
