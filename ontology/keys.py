"""Keys and IRIs: the one function that names variables, shared by loaders and SPARQL rules."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = [
    "DATA",
    "ONTOLOGY_GRAPH",
    "TK",
    "VariableKey",
    "claim_iri",
    "content_id",
    "term_iri",
    "variable_iri",
]

TK = "https://w3id.org/tradekg/ontology#"
DATA = "https://w3id.org/tradekg/id/"
ONTOLOGY_GRAPH = "https://w3id.org/tradekg/graph/ontology"

_CODE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, order=True)
class VariableKey:
    """A variable's key: (economy; counterpart; item; product; measure).

    >>> VariableKey("JPN", "WLD", "goodsBalance").key
    'JPN/WLD/goodsBalance/total/value'
    """

    economy: str
    counterpart: str = "WLD"
    item: str = ""
    product: str = "total"
    measure: str = "value"

    def __post_init__(self) -> None:
        for part in (self.economy, self.counterpart, self.item, self.product, self.measure):
            if not _CODE.match(part):
                raise ValueError(f"bad key part {part!r}: use letters, digits and _")

    @property
    def key(self) -> str:
        return "/".join((self.economy, self.counterpart, self.item, self.product, self.measure))

    @property
    def iri(self) -> str:
        return variable_iri(self)

    @classmethod
    def parse(cls, text: str) -> VariableKey:
        """Parse ``ECO/CP/ITEM/PRODUCT/MEASURE`` (the last two optional)."""
        parts = text.strip().split("/")
        if not 3 <= len(parts) <= 5:
            raise ValueError(
                f"variable key {text!r} must be ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]"
            )
        return cls(*parts)

    def with_economy(self, economy: str, counterpart: str | None = None) -> VariableKey:
        return VariableKey(
            economy, counterpart or self.counterpart, self.item, self.product, self.measure
        )


def variable_iri(key: VariableKey) -> str:
    """The IRI of a variable. SPARQL rules build the same string with
    ``IRI(CONCAT(STR(tkd:), "var/", ?eco, "/", ?cp, "/", ?item, "/", ?prod, "/", ?meas))``."""
    return f"{DATA}var/{key.key}"


def term_iri(kind: str, code: str) -> str:
    """IRI of a vocabulary term: economy, item, product, measure, event, condition, role."""
    return f"{DATA}{kind}/{code}"


def content_id(*parts: object) -> str:
    """A short, stable hash of content: ids that do not change when nothing changed."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]


def claim_iri(claim_id: str) -> str:
    return f"{DATA}claim/{claim_id}"
