"""The rules exception tree: bad rule files, bad queries, misuse of the engine."""

from __future__ import annotations

from kg.errors import KGError

__all__ = ["QueryError", "RuleError", "RulesError"]


class RulesError(KGError):
    """Base of the rule engine's errors."""


class RuleError(RulesError):
    """A rule file is broken: names the file, the rule id and the reason."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        rule: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message, file=file, claim=f"rule {rule}" if rule else None, fix=fix)
        self.rule = rule


class QueryError(RulesError):
    """A query to the engine is malformed (unknown horizon, bad period…)."""
