"""Rules as data: SPARQL Update files under rules/rules/, loaded, checked and run to a fixpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.compile import INFERENCE_GRAPH
from kg.store import PREFIXES, OxigraphStore
from rules.errors import RuleError

__all__ = ["Rule", "load_rules", "rules_dir", "run_rules"]

_ID = re.compile(r"^#\s*id:\s*([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)
_WHERE = re.compile(r"^WHERE\s*\{", re.MULTILINE)
_FORBIDDEN = re.compile(r"\b(BNODE|UUID|STRUUID|RAND|NOW)\s*\(", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """One rule: an id, its comment, and a SPARQL 1.1 INSERT … WHERE update."""

    rule_id: str
    path: Path
    comment: str
    text: str

    @property
    def iri(self) -> str:
        return f"https://w3id.org/tradekg/id/rule/{self.rule_id}"

    def scoped(self, graphs: list[str]) -> str:
        """The update with a USING clause per graph, so WHERE reads the union of the
        graphs on any SPARQL 1.1 server (SPARQL 1.1 Update, section 3.1.3)."""
        using = "".join(f"USING <{g}>\n" for g in graphs)
        m = _WHERE.search(self.text)
        if m is None:  # load_rules refuses such a file; a hand-made Rule may not
            raise RuleError("no top-level WHERE", file=str(self.path), rule=self.rule_id)
        return PREFIXES + self.text[: m.start()] + using + self.text[m.start() :]


def rules_dir() -> Path:
    return Path(__file__).resolve().parent / "rules"


def load_rules(directory: str | Path | None = None) -> list[Rule]:
    """Load and check every ``*.rq`` rule, in file-name order.

    Raises RuleError naming the file, the rule id and the reason for a rule without an
    id, with a duplicate id, without a top-level WHERE, with non-deterministic IRI
    minting (BNODE/UUID/RAND/NOW), or that does not parse.
    """
    base = Path(directory) if directory else rules_dir()
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    probe = ox.Store()
    for path in sorted(base.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        m = _ID.search(text)
        if not m:
            raise RuleError(
                "rule has no '# id: NAME' line",
                file=str(path),
                fix="start the file with a comment line '# id: my-rule'",
            )
        rid = m.group(1)
        if rid in seen:
            raise RuleError(
                f"duplicate rule id (also in {seen[rid].name})",
                file=str(path),
                rule=rid,
                fix="give every rule its own id",
            )
        seen[rid] = path
        if not _WHERE.search(text):
            raise RuleError(
                "no top-level 'WHERE {' at the start of a line",
                file=str(path),
                rule=rid,
                fix="write the rule as INSERT { … } WHERE { … }",
            )
        bad = _FORBIDDEN.search(text)
        if bad:
            raise RuleError(
                f"{bad.group(1)}() mints a different IRI on each run",
                file=str(path),
                rule=rid,
                fix="mint IRIs with IRI(CONCAT(...)) from the key parts",
            )
        if "INSERT" not in text.upper():
            raise RuleError(
                "a rule must INSERT what it derives",
                file=str(path),
                rule=rid,
                fix="write the rule as INSERT { GRAPH <…/inferred> { … } } WHERE { … }",
            )
        if INFERENCE_GRAPH not in text:
            raise RuleError(
                "a rule must write into the inference graph",
                file=str(path),
                rule=rid,
                fix=f"wrap the template in GRAPH <{INFERENCE_GRAPH}> {{ … }}",
            )
        comment = "\n".join(
            line.lstrip("# ").rstrip()
            for line in text.splitlines()
            if line.startswith("#") and not _ID.match(line)
        ).strip()
        rule = Rule(rid, path, comment, text)
        try:
            probe.update(rule.scoped(["urn:x-tradekg:probe"]))
        except SyntaxError as exc:
            raise RuleError(
                f"SPARQL Update syntax error: {exc}",
                file=str(path),
                rule=rid,
                fix="fix the query; test it with `tradekg sparql`",
            ) from exc
        rules.append(rule)
    return rules


def run_rules(
    store: OxigraphStore, rules: list[Rule] | None = None, *, max_iterations: int = 10
) -> dict[str, int]:
    """Run the rules until a pass inserts nothing; return quads inserted per rule.

    Raises RuleError if the cap is reached without a fixpoint.
    """
    rules = load_rules() if rules is None else rules
    inferred = ox.NamedNode(INFERENCE_GRAPH)
    counts = {r.rule_id: 0 for r in rules}

    def size() -> int:
        return sum(1 for _ in store.native.quads_for_pattern(None, None, None, inferred))

    for _ in range(max_iterations):
        before_pass = size()
        for rule in rules:
            graphs = store.graphs() or [INFERENCE_GRAPH]
            before = size()
            store.update_raw(rule.scoped(graphs))
            counts[rule.rule_id] += size() - before
        if size() == before_pass:
            return counts
    raise RuleError(
        f"no fixpoint after {max_iterations} passes",
        fix="a rule keeps inserting new facts: check its IRIs are minted from keys",
    )
