"""Guards on SPARQL text, read the way pyoxigraph reads it: limits, remote fetches, build graphs.

pyoxigraph follows ``SERVICE`` and ``LOAD`` over HTTP and has no switch to stop it,
and its recursive parser overflows the stack on deep or long operator chains. So
every request text passes three checks here before any parser sees it:

1. :func:`check_size` — length, bracket nesting and operator count, each a 400
   naming the limit (a 4 kB ``{{{…`` used to kill the process);
2. :func:`scan` + :func:`check_remote` — every SERVICE and LOAD target must be an
   allow-listed constant IRI, compared after normalisation (dot segments, ``%2e``,
   case; userinfo refused);
3. :func:`check_update_graphs` — an update may not write a graph the build owns.

The tokenizer follows the engine's own reading, which tests pin down against
pyoxigraph itself (``tests/api/test_guard.py::test_engine_reading``): ``\\u``/``\\U``
escapes are decoded inside IRIs and strings only (pyoxigraph 0.5 does not
pre-process the whole text as SPARQL 1.1 §19.2 describes; SPARQL 1.2 made this the
rule), ``\\/`` and the other PN_LOCAL escapes are decoded in prefixed names, and a
prefixed name whose prefix is a keyword (``SERVICE:x``, ``GRAPH:g``) is read both
ways, since the engine reads it as the keyword wherever the grammar allows one.
Where the guard cannot tell, it refuses: a false alarm is a clear 400, a miss would
be a request to an arbitrary host. All of it is one linear pass with no shared state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox

from api.errors import MalformedQuery, ReadOnlyGraph, RemoteAccessRefused

__all__ = [
    "RequestTooComplex",
    "Scan",
    "SizeLimits",
    "Tok",
    "apply_using",
    "check_remote",
    "check_size",
    "check_update_graphs",
    "is_allowed",
    "is_bounded_lookup",
    "normalize_iri",
    "prefixes_needed",
    "scan",
    "tokens",
    "top_limit",
]

# PN_CHARS_BASE and friends, approximated from above: every non-ASCII letter counts.
_BASE = r"A-Za-z\u00C0-\U000EFFFF"
_CHARS = _BASE + r"0-9_\-\u00B7"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    rf"""
    (?:\s+|\#[^\n\r]*)*
    (?:(?P<end>\Z)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$][{_CHARS}]+)
  | (?P<bnode>_:[{_CHARS}](?:[{_CHARS}.]*[{_CHARS}])?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
  | (?P<pname>(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:
               (?:(?:[{_CHARS}:]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\{{\||\|\}}|<<\(|\)>>|<<|>>|\^\^|\|\||&&|!=|<=|>=|.))
    """,
    re.VERBOSE | re.DOTALL,
)
_UCHAR_RE = re.compile(_UCHAR)
_PLX_ESC = re.compile(r"\\(.)")
_OPEN = {"{": "}", "(": ")", "[": "]", "<<": ">>", "<<(": ")>>", "{|": "|}"}
_CLOSE = {"}", ")", "]", ">>", ")>>", "|}"}
# Every one of these builds one more level of the engine's recursive algebra or expression.
_OPERATOR_PUNCT = {
    "+",
    "-",
    "*",
    "/",
    "|",
    "||",
    "&&",
    "!",
    "^",
    "=",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "?",
}
_OPERATOR_WORDS = {
    "UNION",
    "OPTIONAL",
    "MINUS",
    "FILTER",
    "BIND",
    "EXISTS",
    "SERVICE",
    "GRAPH",
    "VALUES",
    "SELECT",
    "IN",
    "IF",
    "COALESCE",
    "CONCAT",
}
_BINARY_LEFT = {"var", "number", "string", "lang"}
# Keywords a prefixed name can stand for ("SERVICE:x" = SERVICE + ":x" where one fits).
_SPLIT_KEYWORDS = {
    "SERVICE",
    "LOAD",
    "GRAPH",
    "WITH",
    "INTO",
    "TO",
    "FROM",
    "NAMED",
    "USING",
    "ALL",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "COPY",
    "MOVE",
    "SILENT",
    "DEFAULT",
    "WHERE",
    "DATA",
    "INSERT",
    "DELETE",
}


_KEYWORD_STARTS = {kw[:2] for kw in _SPLIT_KEYWORDS}


class RequestTooComplex(MalformedQuery):
    """The request is longer, deeper or has more operators than the server's limits allow."""

    code = "request_too_complex"


class Tok(NamedTuple):
    """One token: kind (iri, string, var, bnode, lang, pname, word, number, punct) and value.

    ``value`` is decoded: an IRI's UCHARs, a prefixed name's PN_LOCAL escapes.
    """

    kind: str
    value: str
    split: bool = False  # made by reading a keyword-prefixed name as keyword + name


def _decode_uchars(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = int(m.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _UCHAR_RE.sub(one, text)


def tokens(text: str) -> Iterator[Tok]:
    """The tokens of ``text`` without whitespace and comments, in one linear pass.

    Anything the tokenizer does not recognise comes out as a one-character ``punct``
    and reading goes on after it: an unclosed string never hides the rest of the text.

    >>> [(t.kind, t.value) for t in tokens(r'SELECT * { <urn:x\\u0041#> e:a\\/b "#" } # c')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'SELECT'), ('punct', '*'), ('punct', '{'), ('iri', 'urn:xA#'), ('pname', 'e:a/b'),
     ('string', '"#"'), ('punct', '}')]
    """
    new = tuple.__new__
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind == "end":
            return
        value = m.group(kind)
        if kind == "iri":
            value = value[1:-1]
            if "\\" in value:
                value = _decode_uchars(value)
        elif kind == "pname" and "\\" in value:
            prefix, _, local = value.partition(":")
            value = prefix + ":" + _PLX_ESC.sub(r"\1", local)
        yield new(Tok, (kind, value, False))


@dataclass(frozen=True)
class SizeLimits:
    """Pre-parser limits: bytes of text, bracket nesting, operator count."""

    max_bytes: int
    max_depth: int
    max_operators: int


def check_size(text: str, limits: SizeLimits, *, what: str = "query") -> list[Tok]:
    """Raise RequestTooComplex past a limit; else return the tokens (read once, used again).

    The length is checked before anything else reads the text.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise RequestTooComplex(
            f"the {what} is {size} bytes; this server accepts at most {limits.max_bytes} "
            f"(limit: max_{what}_bytes)"
        )
    toks = list(tokens(text))
    depth = operators = 0
    prev = ""
    for tok in toks:
        kind = tok.kind
        if kind == "iri" or kind == "string":
            prev = kind
            continue
        v = tok.value
        if kind == "punct":
            if v in _OPEN:
                depth += 1
                if depth > limits.max_depth:
                    raise RequestTooComplex(
                        f"the {what} nests brackets more than {limits.max_depth} deep "
                        "(limit: max_nesting); flatten it"
                    )
            elif v in _CLOSE:
                depth = max(depth - 1, 0)
            elif v in _OPERATOR_PUNCT and (
                v not in "+-" or prev in _BINARY_LEFT or prev in (")", "op")
            ):
                operators += 1
        elif kind == "word" and v.upper() in _OPERATOR_WORDS:
            operators += 1
        if operators > limits.max_operators:
            raise RequestTooComplex(
                f"the {what} has more than {limits.max_operators} operators, UNIONs, "
                "OPTIONALs, FILTERs or path steps (limit: max_operators); split it"
            )
        prev = ")" if v == ")" else ("op" if kind == "punct" and v in _OPERATOR_PUNCT else kind)
    return toks


# --- reading: prefixes, base, keywords -------------------------------------------------


@lru_cache(maxsize=4096)
def _resolve_with_engine(base: str, ref: str) -> str | None:
    # oxiri's RFC 3986 resolution, through the engine's own Turtle parser.
    try:
        quads = list(
            ox.parse(
                f"<{ref}> <urn:x:p> <urn:x:o> .".encode(), format=ox.RdfFormat.TURTLE, base_iri=base
            )
        )
    except (SyntaxError, ValueError):
        return None
    subject = quads[0].subject if quads else None
    return subject.value if isinstance(subject, ox.NamedNode) else None


def _segments(word: str) -> list[str] | None:
    """``word`` (upper case) cut into keywords the guard reads, or None.

    The engine matches a keyword without asking for a boundary after it, so
    ``SERVICESILENT`` is SERVICE SILENT and ``DROPGRAPH`` is DROP GRAPH.
    """
    if not word:
        return []
    for kw in sorted(_SPLIT_KEYWORDS, key=len, reverse=True):
        if word.startswith(kw):
            rest = _segments(word[len(kw) :])
            if rest is not None:
                return [kw, *rest]
    return None


def _keyword_head(word: str) -> tuple[list[str], str]:
    """The keywords ``word`` (upper case) could start with, and the rest (longest reading)."""
    for cut in range(len(word) - 1, 0, -1):
        head = _segments(word[:cut])
        if head:
            return head, word[cut:]
    return [], word


@dataclass
class _Reader:
    """Walks tokens, tracking PREFIX and BASE as the engine does, and resolving terms."""

    toks: Sequence[Tok]
    prefixes: dict[str, str]
    base: str | None

    def resolve(self, tok: Tok | None) -> str | None:
        if tok is None:
            return None
        if tok.kind == "iri":
            if self.base and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", tok.value):
                return _resolve_with_engine(self.base, tok.value)
            return tok.value
        if tok.kind == "pname":
            prefix, _, local = tok.value.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + local
        return None

    def words(self) -> list[Tok]:
        """The tokens with keyword-prefixed names split, and PREFIX/BASE applied as met.

        Prefixes and base are those in force at the end; a target is resolved as it is
        met, by :meth:`resolve` during the same walk, so callers walk the list in order
        and call :meth:`declare` for the PREFIX/BASE entries it keeps.
        """
        out: list[Tok] = []
        append = out.append
        toks = self.toks
        for tok in toks:
            kind = tok.kind
            if kind == "word":
                up = tok.value.upper()
                if up not in _SPLIT_KEYWORDS and up[:2] in _KEYWORD_STARTS:
                    parts = _segments(up)
                    if parts:
                        out.extend(Tok("word", w, True) for w in parts)
                        continue
                    if up.startswith(("SERVICE", "LOAD")):
                        # Read as the keyword; what follows it is no constant IRI.
                        head, rest = _keyword_head(up)
                        out.extend(Tok("word", w, True) for w in head)
                        append(Tok("junk", rest, True))
                        continue
            elif kind == "pname" and not (
                out and out[-1].kind == "word" and out[-1].value.upper() == "PREFIX"
            ):
                prefix, _, local = tok.value.partition(":")
                up = prefix.upper()
                if up[:2] in _KEYWORD_STARTS:
                    parts = _segments(up)
                    if parts:
                        out.extend(Tok("word", w, True) for w in parts)
                        append(Tok("pname", ":" + local, True))
                    else:
                        head, rest = _keyword_head(up)
                        if head:
                            out.extend(Tok("word", w, True) for w in head)
                            append(
                                Tok("pname", prefix[len(prefix) - len(rest) :] + ":" + local, True)
                            )
            append(tok)
        return out

    def declare(self, seq: Sequence[Tok], n: int) -> int:
        """If ``seq[n]`` starts a PREFIX or BASE declaration, apply it and return its length."""
        up = seq[n].value.upper()
        if (
            up == "PREFIX"
            and n + 2 < len(seq)
            and seq[n + 1].kind == "pname"
            and seq[n + 2].kind == "iri"
        ):
            iri = self.resolve(seq[n + 2])
            if iri is not None:
                self.prefixes[seq[n + 1].value.partition(":")[0]] = iri
            return 3
        if up == "BASE" and n + 1 < len(seq) and seq[n + 1].kind == "iri":
            self.base = self.resolve(seq[n + 1]) or self.base
            return 2
        return 0


@dataclass
class Scan:
    """What the scanner found: remote targets (None = not a constant IRI) and dataset clauses."""

    service: list[str | None] = field(default_factory=list)
    load: list[str | None] = field(default_factory=list)
    has_from: bool = False


def scan(
    text: str | Sequence[Tok], *, prefixes: Mapping[str, str] | None = None, base: str | None = None
) -> Scan:
    """Find the SERVICE and LOAD targets and whether there is a FROM clause.

    >>> s = scan('SELECT * FROM <urn:g> { SERVICE <http://x/s> { ?a ?b "SERVICE <y>" } }')
    >>> s.service, s.has_from
    (['http://x/s'], True)
    >>> scan("LOAD SILENT ex:f", prefixes={"ex": "http://x/"}).load
    ['http://x/f']
    """
    toks = list(tokens(text)) if isinstance(text, str) else text
    reader = _Reader(toks, dict(prefixes or {}), base)
    seq = reader.words()
    out = Scan()
    n, end = 0, len(seq)
    while n < end:
        tok = seq[n]
        if tok.kind != "word":
            n += 1
            continue
        word = tok.value.upper()
        if word in ("PREFIX", "BASE"):
            n += reader.declare(seq, n) or 1
            continue
        if word in ("SERVICE", "LOAD"):
            j = n + 1
            if j < end and seq[j].kind == "word" and seq[j].value.upper() == "SILENT":
                j += 1
            target = reader.resolve(seq[j]) if j < end else None
            (out.service if word == "SERVICE" else out.load).append(target)
        elif word == "FROM":
            out.has_from = True
        n += 1
    return out


def prefixes_needed(toks: Sequence[Tok], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The entries of ``prefixes`` the text's prefixed names can use (all when unsure).

    The engine parses every prefix it is given on every query; most queries use one or
    two of the eleven declared ones, and many none.

    >>> prefixes_needed(list(tokens("SELECT * { ?s a tk:X }")), {"tk": "urn:t#", "x": "urn:x#"})
    {'tk': 'urn:t#'}
    """
    used: set[str] = set()
    for tok in toks:
        if tok.kind == "pname":
            used.add(tok.value.partition(":")[0])
    if not used <= prefixes.keys() and any(
        p.upper()[:2] in _KEYWORD_STARTS for p in used - prefixes.keys()
    ):
        # A keyword-prefixed name (SERVICEc:x) may be read as keyword + name: keep all.
        return dict(prefixes)
    return {p: iri for p, iri in prefixes.items() if p in used}


def top_limit(toks: Sequence[Tok]) -> int | None:
    """The LIMIT of the outermost query (outside every bracket), or None.

    >>> top_limit(list(tokens("SELECT * { { SELECT * {} LIMIT 9 } } ORDER BY ?x LIMIT 5")))
    5
    """
    depth = 0
    limit: int | None = None
    for n, tok in enumerate(toks):
        if tok.kind == "punct":
            if tok.value in _OPEN:
                depth += 1
            elif tok.value in _CLOSE:
                depth = max(depth - 1, 0)
        elif (
            depth == 0
            and tok.kind == "word"
            and tok.value.upper() == "LIMIT"
            and n + 1 < len(toks)
            and toks[n + 1].kind == "number"
            and toks[n + 1].value.isdigit()
        ):
            limit = int(toks[n + 1].value)
    return limit


_TERMS = frozenset(("var", "iri", "pname"))


def is_bounded_lookup(toks: Sequence[Tok], max_limit: int) -> bool:
    """True for ``SELECT … WHERE { s p o } LIMIT n`` with one triple pattern, n <= max_limit.

    Its cost is bounded by its LIMIT: one index range scan in which every entry is an
    answer (no variable repeats, no FILTER, join, path, ORDER, DISTINCT, OFFSET or
    SERVICE), so n index steps, plus, in the union default graph, the copies of an
    answer in other graphs that the engine skips (at worst one pass over the store,
    about 65 ns a quad). Such a query cannot run away, which is what lets the server
    answer it without a worker process. Anything else is False.

    >>> is_bounded_lookup(list(tokens("SELECT ?s ?t WHERE { ?s a ?t } LIMIT 5")), 1000)
    True
    >>> is_bounded_lookup(list(tokens("SELECT * { ?s ?p ?s } LIMIT 5")), 1000)
    False
    """
    n = len(toks)
    i = 0

    def word(j: int, *words: str) -> bool:
        return j < n and toks[j].kind == "word" and toks[j].value.upper() in words

    def punct(j: int, value: str) -> bool:
        return j < n and toks[j].kind == "punct" and toks[j].value == value

    def plain(tok: Tok) -> bool:
        # A keyword-prefixed name may be read as keyword + name: not here.
        return tok.kind != "pname" or tok.value.partition(":")[0].upper()[:2] not in _KEYWORD_STARTS

    while word(i, "PREFIX", "BASE"):
        if word(i, "BASE") and i + 1 < n and toks[i + 1].kind == "iri":
            i += 2
        elif i + 2 < n and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            i += 3
        else:
            return False
    if not word(i, "SELECT"):
        return False
    i += 1
    if punct(i, "*"):
        i += 1
    else:
        start = i
        while i < n and toks[i].kind == "var":
            i += 1
        if i == start:
            return False
    if word(i, "WHERE"):
        i += 1
    if not punct(i, "{") or i + 3 >= n:
        return False
    s, p, o = toks[i + 1], toks[i + 2], toks[i + 3]
    i += 4
    if s.kind not in _TERMS or not (p.kind in _TERMS or (p.kind == "word" and p.value == "a")):
        return False
    if o.kind == "string":
        if i < n and toks[i].kind == "lang":
            i += 1
        elif punct(i, "^^"):
            if i + 1 >= n or toks[i + 1].kind not in ("iri", "pname") or not plain(toks[i + 1]):
                return False
            i += 2
    elif not (o.kind in _TERMS or o.kind == "number" or word(i - 1, "TRUE", "FALSE")):
        return False
    if not all(plain(t) for t in (s, p, o)):
        return False
    names = [t.value[1:] for t in (s, p, o) if t.kind == "var"]
    if len(set(names)) != len(names):
        return False
    if punct(i, "."):
        i += 1
    if not punct(i, "}") or not word(i + 1, "LIMIT") or i + 3 != n:
        return False
    limit = toks[i + 2]
    return limit.kind == "number" and limit.value.isdigit() and int(limit.value) <= max_limit


# --- remote targets ----------------------------------------------------------------------

_UNRESERVED = re.compile(r"%(2[dDeE]|5[fF]|7[eE]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9])")


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for n, seg in enumerate(segments):
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if n == len(segments) - 1:
                out.append("")
        elif seg == ".":
            if n == len(segments) - 1:
                out.append("")
        else:
            out.append(seg)
    return "/".join(out)


def normalize_iri(iri: str) -> str:
    """The form an HTTP server would read ``iri`` as; ValueError if it has userinfo or is not one.

    Lower-cases scheme and host, decodes percent-encoded unreserved characters (``%2e``),
    removes dot segments and the default port, so ``/allowed/../secret`` and
    ``/allowed/%2e%2e/secret`` are ``/secret``.

    >>> normalize_iri("HTTP://A.example:80/x/%2E%2e/y/./z")
    'http://a.example/y/z'
    """
    parts = urlsplit(iri)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("only http and https endpoints can be allow-listed")
    if "@" in parts.netloc:
        raise ValueError("an endpoint IRI with userinfo (user:password@) is never forwarded")
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if port in (None, default) else f"{host}:{port}"
    path = _UNRESERVED.sub(lambda m: unquote(m.group()), parts.path)
    path = _remove_dot_segments(path) or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def is_allowed(iri: str, allow: Sequence[str]) -> bool:
    """True when the allow-list names ``iri`` (normalised) exactly, or by a ``*`` prefix entry.

    Never raises: an IRI that cannot be normalised is not allowed.

    >>> is_allowed("http://a/sparql", ["http://a/*"]), is_allowed("http://b/", ["http://a/"])
    (True, False)
    >>> is_allowed("http://a/ok/../secret", ["http://a/ok/*"])
    False
    """
    try:
        target = normalize_iri(iri)
    except ValueError:
        return False
    for entry in allow:
        wildcard = entry.endswith("*")
        try:
            norm = normalize_iri(entry[:-1] if wildcard else entry)
        except ValueError:
            continue
        if wildcard:
            # normalize gives an empty path "/"; an entry like "http://a*" means any path.
            if (
                not entry[:-1].endswith("/")
                and norm.endswith("/")
                and not urlsplit(entry[:-1]).path
            ):
                norm = norm[:-1]
            if target.startswith(norm):
                return True
        elif target == norm:
            return True
    return False


def check_remote(found: Scan, allow: Sequence[str]) -> None:
    """Raise RemoteAccessRefused unless every SERVICE and LOAD target is allow-listed."""
    for keyword, targets in (("SERVICE", found.service), ("LOAD", found.load)):
        for target in targets:
            if target is None:
                raise RemoteAccessRefused(
                    f"{keyword} needs a constant IRI here (a variable or unresolvable name "
                    "could reach any host); this server makes no outbound requests unless "
                    "TRADEKG_ALLOW_REMOTE names the endpoint"
                )
            if "@" in urlsplit(target).netloc:
                raise RemoteAccessRefused(
                    f"{keyword} <{target}> refused: an endpoint with userinfo "
                    "(user:password@) is never contacted"
                )
            if not is_allowed(target, allow):
                raise RemoteAccessRefused(
                    f"{keyword} <{target}> refused: this server makes no outbound requests "
                    "(SSRF guard); an operator can allow an endpoint with TRADEKG_ALLOW_REMOTE"
                )


# --- updates: which graphs would change -------------------------------------------------


def _read_only(graph: str) -> ReadOnlyGraph:
    return ReadOnlyGraph(
        f"graph <{graph}> is built from the claim files and is read-only over HTTP: edit "
        "kg/claims/*.yaml and run `tradekg build`; write your own data to another named "
        "graph (it survives rebuilds)"
    )


def _all_graphs(what: str) -> ReadOnlyGraph:
    return ReadOnlyGraph(
        f"{what} could change graphs built from the claim files, which are read-only over "
        "HTTP: name the graph to change with a constant IRI outside "
        "https://w3id.org/tradekg/graph/; to change claims, edit kg/claims/*.yaml and run "
        "`tradekg build`"
    )


def check_update_graphs(
    text: str | Sequence[Tok],
    *,
    is_protected: Callable[[str], bool],
    protected_exist: bool,
    prefixes: Mapping[str, str],
    base: str | None = None,
) -> None:
    """Raise ReadOnlyGraph if the update could write to a graph ``is_protected`` names.

    Reads the operations structurally: the graph after GRAPH inside an INSERT/DELETE
    template (not inside a WHERE pattern), after WITH, after CLEAR/DROP/CREATE, after
    TO (and the source of MOVE), after LOAD … INTO GRAPH. ``GRAPH ?g`` in a template and
    ``CLEAR/DROP ALL|NAMED`` are refused while any protected graph exists. Raises
    MalformedQuery when a target's prefix is undeclared. Linear in the text; no state
    is shared between calls.
    """
    toks = list(tokens(text)) if isinstance(text, str) else text
    reader = _Reader(toks, dict(prefixes), base)
    seq = reader.words()

    def word(n: int) -> str:
        return seq[n].value.upper() if n < len(seq) and seq[n].kind == "word" else ""

    def target(n: int, what: str) -> None:
        if n >= len(seq):
            return
        tok = seq[n]
        if tok.kind == "var":
            if protected_exist:
                raise _all_graphs(f"{what} with GRAPH {tok.value}")
            return
        if tok.kind not in ("iri", "pname"):
            return
        iri = reader.resolve(tok)
        if iri is None:
            if tok.split:
                return  # the engine cannot read it as keyword + name either
            raise MalformedQuery(f"{what}: the graph name {tok.value} uses an undeclared prefix")
        if is_protected(iri):
            raise _read_only(iri)

    def skip_silent(n: int) -> int:
        return n + 1 if word(n) == "SILENT" else n

    n = 0
    depth = 0  # brace depth
    template_depth: int | None = None  # depth of the template block we are in, if any
    while n < len(seq):
        tok = seq[n]
        kind = tok.kind
        if kind != "punct" and kind != "word":
            n += 1
            continue
        w = word(n)
        if w in ("PREFIX", "BASE"):
            n += reader.declare(seq, n) or 1
            continue
        if kind == "punct" and tok.value == "{":
            if depth == 0 and template_depth is None:
                prev2 = word(n - 2) if n >= 2 else ""
                is_pattern = word(n - 1) == "WHERE" and prev2 != "DELETE"
                if not is_pattern:
                    template_depth = 1
            depth += 1
        elif tok.kind == "punct" and tok.value == "}":
            depth = max(depth - 1, 0)
            if depth == 0:
                template_depth = None
        elif template_depth is not None:
            if w == "GRAPH":
                target(n + 1, "INSERT/DELETE")
        elif depth == 0:
            if w == "WITH":
                target(n + 1, "WITH")
            elif w in ("CLEAR", "DROP", "CREATE"):
                m = skip_silent(n + 1)
                scope = word(m)
                if scope in ("ALL", "NAMED"):
                    if protected_exist:
                        raise _all_graphs(f"{w} {scope}")
                elif scope == "GRAPH":
                    target(m + 1, w)
            elif w in ("ADD", "COPY", "MOVE"):
                m = skip_silent(n + 1)
                if word(m) == "GRAPH":
                    m += 1
                if w == "MOVE" and word(m) != "DEFAULT":
                    target(m, "MOVE")
            elif w == "TO":
                m = n + 1 + (word(n + 1) == "GRAPH")
                if word(m) != "DEFAULT":
                    target(m, "ADD/COPY/MOVE")
            elif w == "INTO" and word(n + 1) == "GRAPH":
                target(n + 2, "LOAD")
        n += 1


def apply_using(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    Each INSERT/DELETE … WHERE operation gets ``USING <g>`` and ``USING NAMED <g>``
    before its WHERE, as SPARQL 1.1 Protocol §2.2.3 says. Raises BadRequest when the
    update names its own dataset (USING, USING NAMED or WITH): the protocol calls that
    a conflict.

    >>> apply_using("INSERT { ?s a 1 } WHERE { ?s ?p ?o }", ["urn:g"], [])
    'INSERT { ?s a 1 } USING <urn:g> WHERE { ?s ?p ?o }'
    """
    from api.errors import BadRequest

    for iri in (*using, *using_named):
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise BadRequest(f"graph IRI {iri!r} is not a valid IRI: {exc}") from exc
    clause = "".join(f"USING <{g}> " for g in using) + "".join(
        f"USING NAMED <{g}> " for g in using_named
    )
    cuts: list[int] = []
    depth = 0
    prev = ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        value = m.group(kind) if kind != "end" else ""
        if kind == "word" and value.upper() in ("USING", "WITH"):
            raise BadRequest(
                "using-graph-uri / using-named-graph-uri cannot be combined with "
                f"{value.upper()} in the update (SPARQL 1.1 Protocol §2.2.3)"
            )
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth = max(depth - 1, 0)
        elif kind == "word" and value.upper() == "WHERE" and depth == 0 and prev == "}":
            cuts.append(m.start(kind))
        prev = value
    for at in reversed(cuts):
        text = text[:at] + clause + text[at:]
    return text
