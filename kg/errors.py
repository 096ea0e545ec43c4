"""The kg exception tree: broken input, named by file, line or claim, with the fix."""

from __future__ import annotations

__all__ = [
    "BuildError",
    "ClaimError",
    "KGError",
    "OwlInconsistent",
    "QuoteNotFound",
    "ReasonerError",
    "RemoteStoreError",
    "ShaclViolation",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "StoreUnavailable",
    "UnknownTerm",
    "YamlSyntaxError",
]


class KGError(Exception):
    """Base of every error the knowledge-graph layer raises on bad input or misuse."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        claim: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.claim = claim
        self.fix = fix
        self.reason = message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.claim:
            where += f" [{self.claim}]" if where else f"[{self.claim}]"
        text = f"{where}: {self.reason}" if where else self.reason
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class YamlSyntaxError(KGError):
    """A claim file is not valid YAML."""


class ClaimError(KGError):
    """A claim, identity or observation record is malformed or inconsistent."""


class UnknownTerm(ClaimError):
    """A record names an economy, item, product, event or condition the vocabulary lacks."""


class QuoteNotFound(ClaimError):
    """A quote is not verbatim in its document, or not at its stated offsets."""


class ShaclViolation(KGError):
    """The compiled graph breaks a SHACL shape or a modelling-rule check."""


class BuildError(KGError):
    """The build could not complete; the previous store is untouched."""


class StoreError(KGError):
    """The store cannot be opened or queried."""


class StoreLocked(StoreError):
    """Another process holds the store (a build running, or a writer that is not a server)."""


class StoreFull(StoreError):
    """The disk is full (or over quota): the write was not applied; nothing else changed."""


class StoreUnavailable(StoreError):
    """A remote SPARQL store cannot be reached, or did not answer in time."""


class RemoteStoreError(StoreError):
    """A remote SPARQL store answered a request with an error (``status`` is its HTTP code)."""

    def __init__(self, message: str, *, status: int = 0, detail: str = "", **kw: str) -> None:
        self.status = status
        self.detail = detail
        super().__init__(message, **kw)  # type: ignore[arg-type]


class OwlInconsistent(KGError):
    """The ontology plus data is inconsistent (e.g. an individual of two disjoint classes)."""


class ReasonerError(KGError):
    """The OWL reasoner could not run (no Java, or HermiT failed)."""
