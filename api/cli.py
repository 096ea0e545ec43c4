"""The `tradekg` command line: build, sparql, ledger, why, whatif, loops, paths, export, serve."""

from __future__ import annotations

import inspect
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import KGError

__all__ = ["app", "main"]

app = typer.Typer(
    name="tradekg",
    help="Trade causality knowledge graph: build it, query it, ask it why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Messages carry user text (claim ids in [brackets], keys like ITEM[/PRODUCT], quotes): Rich
# must print them as they are, never read them as markup, emoji codes or highlights.
_PLAIN = {"markup": False, "emoji": False, "highlight": False, "soft_wrap": True}
console = Console(**_PLAIN)  # type: ignore[arg-type]
err = Console(stderr=True, **_PLAIN)  # type: ignore[arg-type]

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="TRADEKG_STORE",
        help="Store directory (default ./.tradekg/store), or the URL of a SPARQL 1.1 query "
        "endpoint (http://host:7878/query) to use a server instead.",
    ),
]
UpdateUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--update-url",
        envvar="TRADEKG_UPDATE_URL",
        help="With an endpoint --store: its SPARQL Update endpoint (default: the query URL "
        "with /query replaced by /update, else the query URL itself).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

EXIT_OK, EXIT_NO_RESULT, EXIT_BAD_INPUT = 0, 1, 2


def say_error(message: str) -> None:
    """Print ``error: message`` on stderr, the message verbatim."""
    err.print(Text.assemble(("error:", "bold red"), " ", message))


def say_warning(message: str) -> None:
    """Print ``warning: message`` on stderr, the message verbatim."""
    err.print(Text.assemble(("warning:", "bold yellow"), " ", message))


def _fail(exc: Exception) -> None:
    say_error(str(exc))
    candidates = getattr(exc, "candidates", None)
    if candidates:
        err.print("candidates:\n" + "\n".join(f"  - {c}" for c in candidates))
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def _reported_warnings() -> Iterator[None]:
    """Show the warnings a build raises (no Java: OWL RL fallback) after its progress line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        try:
            yield
        finally:
            for w in caught:
                if issubclass(w.category, UserWarning):
                    say_warning(str(w.message))


def _post_load() -> Any:
    from rules.materialize import post_load

    return post_load


@app.command()
def build(
    store: StoreOpt = None, update_url: UpdateUrlOpt = None, as_json: JsonOpt = False
) -> None:
    """Validate the claim files, compile them and load the store (old store kept on error).

    With --store http://host:7878/query the graphs are loaded into that SPARQL server.

    Example: tradekg build --store /tmp/kg
    """
    from kg.build import build as do_build
    from kg.build import build_remote
    from kg.store import SparqlStore, is_endpoint

    remote = SparqlStore(str(store), update_url=update_url) if is_endpoint(store) else None
    projected: list[Any] = []  # the projection of the store as the build left it
    try:
        with (
            _reported_warnings(),
            err.status("building: validate → compile → check → load …") as status,
        ):
            if remote is not None:
                report = build_remote(remote, post_load=_staged(status, _post_load()))
            else:
                # not compacted: the projection is built from the store's quads once the
                # rules have run, not from its queries (docs/benchmarks.md, session 10)
                post_load = _projecting(_staged(status, _post_load()), projected)
                report = do_build(store, post_load=post_load, compact=False)
    except KGError as exc:
        _fail(exc)
        return
    from kg.counts import count_graph, describe
    from kg.store import open_store

    # Counted on the store as built, the way /health and /claims count.
    try:
        built = remote or open_store(report.store, read_only=True)
        counts = count_graph(built)
    except KGError as exc:
        _fail(exc)
        return
    if remote is None:
        from kg.store import has_user_data
        from rules.projection import save_projection

        # every later process reads the causal graph from this file instead of
        # rebuilding it from queries, for as long as the store is unchanged; the one
        # built from the store's quads is its projection unless user data was carried
        # into the new generation after it
        streamed = projected[0] if projected and not has_user_data(built.native) else None
        try:
            save_projection(built, built=streamed)
        except OSError as exc:
            say_warning(f"the projection was not saved beside the store: {exc}")
    if as_json:
        print(json.dumps({**json.loads(report.to_json()), "counts": counts}, indent=2))
        return
    console.print(
        f"built {report.store} in {report.seconds:.2f} s (build {report.build_id}, "
        f"{report.built_at}): {report.triples} triples"
    )
    console.print(f"  {describe(counts)}")
    for k, v in report.extra.items():
        console.print(f"  {k}: {v}")


def _projecting(post_load: Any, out: list[Any]) -> Any:
    """``post_load`` that then builds the projection from all the store's quads (a scan,
    no query) and appends it to ``out``."""

    def run(s: Any) -> Any:
        from rules.projection import Projection

        extra = post_load(s)
        out.append(Projection.from_quads(s.quads()))
        return extra

    return run


def _staged(status: Any, post_load: Any) -> Any:
    """``post_load`` that first tells the progress display that reasoning has started."""

    def run(s: Any) -> Any:
        status.update("reasoning: OWL classification, then the SPARQL rules to a fixpoint …")
        return post_load(s)

    return run


def _open(store: str | None) -> Any:
    """Open a built store read-only for a query; refuse (exit 2) where there is none.

    Only ``build`` and ``serve`` create a store: a mistyped ``--store`` must not become a
    new empty one. An endpoint URL opens the SPARQL server; it must answer and hold data.
    """
    from kg.build import is_built
    from kg.store import SparqlStore, default_store_path, is_endpoint, open_store

    if is_endpoint(store):
        remote = SparqlStore(str(store))
        try:
            remote.check()
            empty = not remote.is_built() and not remote.graphs()
        except KGError as exc:
            _fail(exc)
        if empty:
            say_error(
                f"the SPARQL endpoint {store} holds no graphs: load it first with "
                f"`tradekg build --store {store}`"
            )
            raise typer.Exit(EXIT_BAD_INPUT)
        return remote
    path = Path(store) if store is not None else default_store_path()
    # A store served with --no-bundled holds only user data and has no build marker.
    if not (is_built(path) or (path / "CURRENT").is_file()):
        flag = f" --store {path}" if store is not None else ""
        state = "is not a tradekg store" if path.exists() else "does not exist"
        say_error(
            f"{path} {state}: build it first with `tradekg build{flag}` "
            f"(or start `tradekg serve{flag}`, which builds it)"
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        return open_store(path, read_only=True)
    except KGError as exc:
        _fail(exc)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    s = str(value)
    for prefix, short in (
        ("https://w3id.org/tradekg/id/", "tkd:"),
        ("https://w3id.org/tradekg/ontology#", "tk:"),
    ):
        if s.startswith(prefix):
            return short + s[len(prefix) :]
    return s


@app.command()
def sparql(
    query: Annotated[
        str, typer.Argument(help="A SPARQL 1.1 query (tk:, tkd:, rdfs:, skos:… predeclared).")
    ],
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Run a SPARQL query over all graphs and print the result.

    Example: tradekg sparql 'SELECT ?c ?q WHERE { ?c a tk:CausalClaim ; tk:quote ?q } LIMIT 5'
    """
    import pyoxigraph as ox

    if as_json:
        fmt = "json"
    if fmt not in ("table", "json", "csv"):
        say_error(f"unknown --format {fmt!r}: use table, json or csv")
        raise typer.Exit(EXIT_BAD_INPUT)
    s = _open(store)
    try:
        res = s.query(query, use_default_graph_as_union=True)
    except KGError as exc:
        _fail(exc)
        return
    if isinstance(res, bool):
        print(json.dumps({"boolean": res}) if fmt == "json" else str(res).lower())
        return
    if isinstance(res, ox.QueryTriples):
        sys.stdout.write((ox.serialize(res, format=ox.RdfFormat.TURTLE) or b"").decode("utf-8"))
        return
    if fmt in ("json", "csv"):
        out = res.serialize(
            format=ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.CSV
        )
        sys.stdout.write(out.decode("utf-8") if isinstance(out, bytes) else str(out))
        return
    names = [v.value for v in res.variables]
    table = Table(*names, show_lines=False, expand=False)
    n = 0
    for sol in res:
        table.add_row(*[Text(_fmt(sol[v].value if sol[v] is not None else None)) for v in names])
        n += 1
    console.print(table)
    console.print(f"{n} row(s)")
    if n == 0:
        raise typer.Exit(EXIT_NO_RESULT)


@app.command()
def ledger(
    check: Annotated[
        bool, typer.Option("--check", help="Fail if the committed ledger is stale.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Regenerate kg/ledger.md: every sentence with the records citing it, or its excuse.

    Example: tradekg ledger --check
    """
    from kg.compile import compile_files
    from kg.document import load_document
    from kg.ledger import ledger as make
    from kg.ledger import ledger_path, render_markdown

    try:
        comp = compile_files()
        rows = make(comp)
    except KGError as exc:
        _fail(exc)
        return
    text = render_markdown(rows, load_document(comp.files[0].document))
    missing = [r for r in rows if r.status == "MISSING"]
    if check:
        if ledger_path().read_text(encoding="utf-8") != text:
            say_error("kg/ledger.md is stale: run `tradekg ledger`")
            raise typer.Exit(EXIT_BAD_INPUT)
    else:
        ledger_path().write_text(text, encoding="utf-8")
    cited = sum(r.status == "cited" for r in rows)
    if as_json:
        summary = {
            "sentences": len(rows),
            "cited": cited,
            "excused": len(rows) - cited - len(missing),
            "missing": [{"sentence": r.sid, "text": r.text} for r in missing],
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        console.print(
            f"{len(rows)} sentences: {cited} cited, "
            f"{len(rows) - cited - len(missing)} excused, {len(missing)} missing"
        )
    if missing:
        for r in missing:
            err.print(f"  {r.sid}: {r.text[:80]}")
        raise typer.Exit(EXIT_BAD_INPUT)


def _emit(
    result: Any,
    as_json: bool,
    svg: Path | None = None,
    *,
    cut: int | None = None,
) -> None:
    """Print a result (text or JSON), write its diagram, exit with the result's code.

    ``cut``: the limit that cut the result short, said on stderr (and in the text).
    """
    from rules.present import ranked_items, render
    from rules.results import ResultCode

    if svg is not None:
        from rules.present import DiagramError, write_svg

        try:
            write_svg(result, svg)
        except (DiagramError, OSError) as exc:
            _fail(exc)
        err.print(f"wrote {svg}")
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        width = max(60, min(console.width, 140))
        sys.stdout.write(render(result, width=width))
    if cut is not None:
        what = (ranked_items(result) or ("items",))[0]
        note = (
            f"truncated: the first {cut} {what} are shown; there are more "
            f"(--limit {cut * 4} shows up to {cut * 4})"
        )
        if as_json:
            err.print(note)
        else:
            print(note)
    code = result.result_code
    if code in (ResultCode.UNKNOWN_TERM, ResultCode.AMBIGUOUS, ResultCode.NOT_UNDERSTOOD):
        raise typer.Exit(EXIT_BAD_INPUT)
    if code == ResultCode.NO_PATHS:
        raise typer.Exit(EXIT_NO_RESULT)


TEXT_LIMIT = 5


def _limited(
    run: Callable[[int | None], Any], limit: int | None, as_json: bool
) -> tuple[Any, int | None]:
    """Run a query under ``limit`` (default 5 for text, the engine's own for JSON).

    Returns the result and the limit when it cut the answer short (else None).
    """
    from rules.present import limited

    if limit is None:
        if as_json:
            return run(None), None
        limit = TEXT_LIMIT
    result, cut = limited(run, limit)
    return result, limit if cut else None


QuestionArg = Annotated[str | None, typer.Argument(help="A question in plain English.")]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=1,
        max=100,
        help=f"Most explanations, effects, loops or chains shown (default {TEXT_LIMIT} for "
        "text, as over HTTP for --json); a cut is said.",
    ),
]
VariableOpt = Annotated[
    str | None, typer.Option("--variable", "-v", help="Variable key, e.g. JPN/WLD/goodsBalance.")
]
ChangeOpt = Annotated[str | None, typer.Option("--change", "-c", help="increase or decrease.")]
HorizonOpt = Annotated[str | None, typer.Option("--horizon", help="short, long or any.")]
PeriodOpt = Annotated[str | None, typer.Option("--period", help="2022, 2021-2024 or FY2024.")]
AssumeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--assume",
        help="A condition taken as given, CODE=holds or CODE=fails (e.g. "
        "MarshallLerner=fails); repeatable.",
    ),
]
SvgOpt = Annotated[
    Path | None, typer.Option("--svg", help="Also write the answer as an SVG diagram.")
]


def _run(
    kind: str,
    question: str | None,
    variable: str | None,
    change: str | None,
    horizon: str | None,
    period: str | None,
    store: str | None,
    as_json: bool,
    svg: Path | None,
    limit: int | None = None,
    assume: list[str] | None = None,
) -> None:
    import rules

    if not question and not (variable and change):
        say_error("give a question, or --variable and --change")
        raise typer.Exit(EXIT_BAD_INPUT)
    if assume and question:
        say_error("--assume goes with --variable and --change; in a question, say it in words")
        raise typer.Exit(EXIT_BAD_INPUT)
    given = _assumed(assume or [])
    s = _open(store)

    def run(n: int | None) -> Any:
        opts: dict[str, Any] = {} if n is None else {"limit": n}
        if question:
            # the command decides the intent: a question sent to whatif is a shock
            return rules.ask(s, question, intent=kind, **opts)
        fn = rules.why if kind == "why" else rules.whatif
        return fn(
            s, variable or "", change or "", horizon=horizon, period=period, assume=given, **opts
        )

    try:
        result, cut = _limited(run, limit, as_json)
    except KGError as exc:
        _fail(exc)
        return
    _emit(result, as_json, svg, cut=cut)


def _assumed(pairs: list[str]) -> dict[str, str]:
    """``CODE=holds`` / ``CODE=fails`` options as the engine's ``assume`` mapping."""
    given: dict[str, str] = {}
    for pair in pairs:
        code, sep, status = pair.partition("=")
        if not sep or not code.strip() or status.strip() not in ("holds", "fails"):
            say_error(f"--assume {pair!r}: write CODE=holds or CODE=fails")
            raise typer.Exit(EXIT_BAD_INPUT)
        given[code.strip()] = status.strip()
    return given


@app.command()
def why(
    question: QuestionArg = None,
    variable: VariableOpt = None,
    change: ChangeOpt = None,
    horizon: HorizonOpt = None,
    period: PeriodOpt = None,
    assume: AssumeOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Why did a variable move? Ranked causal chains, each step quoted.

    Example: tradekg why "why did Japan's trade deficit widen in 2022?"
    """
    _run("why", question, variable, change, horizon, period, store, as_json, svg, limit, assume)


@app.command()
def whatif(
    question: QuestionArg = None,
    variable: VariableOpt = None,
    change: ChangeOpt = None,
    horizon: HorizonOpt = None,
    period: PeriodOpt = None,
    assume: AssumeOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """What moves, and which way net, if a variable changes or an event happens?

    Example: tradekg whatif "what happens if the yen falls?"
    """
    _run("whatif", question, variable, change, horizon, period, store, as_json, svg, limit, assume)


@app.command()
def loops(
    question: QuestionArg = None,
    variable: VariableOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Feedback loops: reinforcing, balancing or accounting, with quotes.

    Example: tradekg loops "which feedback loops involve the dollar?"
    """
    import rules

    s = _open(store)

    def run(n: int | None) -> Any:  # loops are all found, then cut here
        return rules.ask(s, question) if question else rules.loops(s, involving=variable)

    try:
        result, cut = _limited(run, limit, as_json)
    except KGError as exc:
        _fail(exc)
        return
    _emit(result, as_json, svg, cut=cut)


@app.command()
def paths(
    question: QuestionArg = None,
    source: Annotated[
        str | None,
        typer.Option("--from", help="Where chains start: a variable or event (label, key, IRI)."),
    ] = None,
    target: Annotated[
        str | None, typer.Option("--to", help="Where chains end: a variable (label, key, IRI).")
    ] = None,
    horizon: HorizonOpt = None,
    period: PeriodOpt = None,
    limit: LimitOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Every signed causal chain from one variable or event to another, as /paths gives.

    Example: tradekg paths --from "value of the yen" --to JPN/WLD/goodsBalance
    """
    import rules
    from api.errors import APIError
    from api.routes.paths import find_paths

    if question and (source or target):
        say_error("give either a question, or --from and --to, not both")
        raise typer.Exit(EXIT_BAD_INPUT)
    if not question and not (source and target):
        say_error("give a question, or --from and --to")
        raise typer.Exit(EXIT_BAD_INPUT)
    s = _open(store)

    def run(n: int | None) -> Any:
        opts: dict[str, Any] = {} if n is None else {"limit": n}
        if question:
            return rules.ask(s, question, **opts)
        return find_paths(
            s,
            source or "",
            target or "",
            horizon=horizon,
            period=period,
            limit=n if n is not None else 20,
        )

    try:
        result, cut = _limited(run, limit, as_json)
    except (KGError, APIError) as exc:
        _fail(exc)
        return
    _emit(result, as_json, svg, cut=cut)


@app.command()
def contradictions(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Opposing claims on the same link and what reconciles them.

    Example: tradekg contradictions --json
    """
    import rules

    _emit(rules.contradictions(_open(store)), as_json)


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="graphml, gexf, cytoscape-json, turtle or nquads "
        "(default: from the --output suffix, else graphml).",
    ),
]


@app.command()
def export(
    fmt: FormatOpt = None,
    around: Annotated[
        str | None,
        typer.Option(
            "--around",
            help="Only the neighbourhood of this variable: an IRI, a key "
            "(JPN/WLD/currencyValue/total/value) or a label ('value of the yen').",
        ),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=0, help="Steps out from --around, both directions.")
    ] = 2,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    store: StoreOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON summary (with the data if no --output).")
    ] = False,
) -> None:
    """Export the causal graph (GraphML, GEXF, Cytoscape JSON) or the RDF (Turtle, N-Quads).

    Example: tradekg export -f gexf --around "value of the yen" --depth 2 -o yen.gexf
    """
    from rules.export import export as do_export
    from rules.export import format_for

    s = _open(store)
    try:
        chosen = fmt or (format_for(output) if output is not None else "graphml")
        with err.status(f"exporting {chosen} …"):
            data = do_export(s, chosen, around=around, depth=depth)
    except KGError as exc:
        _fail(exc)
        return
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as exc:
            _fail(exc)
    summary: dict[str, Any] = {
        "format": chosen,
        "around": around,
        "depth": depth if around is not None else None,
        "output": str(output) if output is not None else None,
        "bytes": len(data),
    }
    if as_json:
        if output is None:
            summary["data"] = data.decode("utf-8")
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    elif output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        err.print(f"wrote {output} ({chosen}, {len(data)} bytes)")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    no_bundled: Annotated[
        bool, typer.Option("--no-bundled", help="Serve only your own data: every graph writable.")
    ] = False,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="TRADEKG_UPDATE_TOKEN", help="Turn /update on, behind this Bearer token."
        ),
    ] = None,
    query_timeout: Annotated[
        float | None, typer.Option(help="SPARQL query timeout, seconds.")
    ] = None,
    row_cap: Annotated[int | None, typer.Option(help="Most rows a SPARQL result may have.")] = None,
    http_workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="HTTP processes on the port (default: one per core, at most 8). One owns "
            "the store; the others answer SPARQL queries and pass the rest to it.",
        ),
    ] = None,
) -> None:
    """Serve the SPARQL endpoint and the why/whatif/loops API (builds the store if needed).

    Example: tradekg serve --port 8000
    """
    from api.server import serve as run
    from api.settings import Settings
    from kg.build import build_remote, ensure_built, is_built
    from kg.store import SparqlStore, default_store_path, is_endpoint

    overrides: dict[str, Any] = {}
    if host:
        overrides["host"] = host
    if port:
        overrides["port"] = port
    if store:
        overrides["store"] = store
    if update_url:
        overrides["update_url"] = update_url
    if no_bundled:
        overrides["no_bundled"] = True
    for name, value in (
        ("update_token", update_token),
        ("query_timeout", query_timeout),
        ("row_cap", row_cap),
        ("http_workers", http_workers),
    ):
        if value is not None:
            overrides[name] = value
    try:
        settings = Settings(**overrides)
        if is_endpoint(settings.store):
            remote = SparqlStore(str(settings.store), update_url=settings.update_url)
            remote.check()
            if not settings.no_bundled and not remote.is_built():
                with _reported_warnings(), err.status("no build on the server: building …") as st:
                    build_remote(remote, post_load=_staged(st, _post_load()))
            run(settings, remote)
            return
        path = Path(settings.store) if settings.store is not None else default_store_path()
        if not settings.no_bundled and not is_built(path):
            # Built here rather than inside serve() so that its warnings show before the log.
            with _reported_warnings(), err.status("no store yet: building it …") as status:
                ensure_built(path, post_load=_staged(status, _post_load()))
        run(settings)
    except KGError as exc:
        _fail(exc)


def _examples() -> str:
    """One example per command, from the "Example:" line of each command's docstring."""
    lines = []
    for cmd in app.registered_commands:
        doc = inspect.getdoc(cmd.callback) or ""
        lines += [
            ln.removeprefix("Example:").strip()
            for ln in doc.splitlines()
            if ln.startswith("Example:")
        ]
    return "Examples:\n\n" + "\n\n".join(lines)


app.info.epilog = _examples()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
