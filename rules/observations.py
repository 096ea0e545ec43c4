"""Observations of variables and the periods they cover, read from the store."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.store import Store
from rules.errors import QueryError
from rules.projection import per_store
from rules.results import (
    ObservationRef,
)

__all__ = ["Obs", "Observations", "observations", "parse_period"]

_PERIOD = re.compile(r"^(FY)?(\d{4})(?:\s*[-–]\s*(\d{4}))?$")


def parse_period(period: str | None) -> tuple[int, int] | None:
    """'2022' -> (2022, 2022); '2021-2024' -> (2021, 2024); 'FY2024' -> (2024, 2025)."""
    if period is None:
        return None
    m = _PERIOD.match(period.strip())
    if not m:
        raise QueryError(
            f"period {period!r} not understood",
            fix="use a year (2022), a range (2021-2024) or a fiscal year (FY2024)",
        )
    start = int(m.group(2))
    end = int(m.group(3)) if m.group(3) else start
    if m.group(1):
        end += 1
    if end < start:
        raise QueryError(f"period {period!r} ends before it starts", fix="write START-END")
    return start, end


@dataclass(frozen=True)
class Obs:
    iri: str
    variable: str
    kind: str
    value: float | None
    unit: str | None
    direction: str | None  # movement direction of the variable, where the record says
    period: str
    start: int
    end: int
    quote: str

    def ref(self, agrees: bool | None = None) -> ObservationRef:
        return ObservationRef(
            observation=self.iri,
            variable=self.variable,
            period=self.period,
            kind=self.kind,
            value=self.value,
            unit=self.unit,
            direction=self.direction,
            quote=self.quote,  # type: ignore[arg-type]
            agrees=agrees,
        )


@dataclass
class Observations:
    """Observations by variable, with movements derived from consecutive signs/levels."""

    by_variable: dict[str, list[Obs]] = field(default_factory=lambda: defaultdict(list))

    def movements(self, variable: str, span: tuple[int, int] | None) -> list[Obs]:
        """Observations that say which way ``variable`` moved, overlapping ``span``."""
        obs = self.by_variable.get(variable)
        if not obs:
            return []  # most variables of a large graph have no observation
        out = [o for o in obs if o.direction and _overlaps((o.start, o.end), span)]
        levels = sorted(
            (
                o
                for o in obs
                if (o.kind in ("level", "sign") and o.value is not None and o.unit == "sign")
                or o.kind == "sign"
            ),
            key=lambda o: (o.start, o.end, o.iri),
        )
        for a, b in itertools.pairwise(levels):
            if (
                a.end < b.start
                and a.value is not None
                and b.value is not None
                and (a.value > 0) != (b.value > 0)
            ):
                d = "increase" if b.value > a.value else "decrease"
                derived = Obs(
                    b.iri,
                    variable,
                    "sign-change",
                    b.value,
                    b.unit,
                    d,
                    f"{a.period} → {b.period}",
                    a.end,
                    b.start,
                    b.quote,
                )
                # the sign changed after ``a`` ended: a period that ends with ``a`` (the
                # surplus years "1980-2010") did not see it
                if _overlaps((a.end + 1, b.end), span):
                    out.append(derived)
        return out


_OBS_QUERY = """
SELECT ?o ?v ?kind ?value ?unit ?dir ?period ?y0 ?y1 ?quote WHERE {
  ?o a qb:Observation ; tk:variable ?v ; tk:kind ?kind ; tk:period ?period ;
     tk:periodStart ?y0 ; tk:periodEnd ?y1 ; tk:quote ?quote .
  OPTIONAL { ?o tk:value ?value } OPTIONAL { ?o tk:unit ?unit } OPTIONAL { ?o tk:direction ?dir }
}"""


def observations(store: Store) -> Observations:
    """The store's observations, cached until the store changes."""
    return per_store(store, "observations", _load_observations)


def _load_observations(store: Store) -> Observations:
    out = Observations()
    for r in store.select(_OBS_QUERY):
        d = r.get("dir")
        direction = None if d is None else ("increase" if d.endswith("Increase") else "decrease")
        out.by_variable[r["v"]].append(
            Obs(
                r["o"],
                r["v"],
                r["kind"],
                r.get("value"),
                r.get("unit"),
                direction,
                r["period"],
                int(str(r["y0"])[:4]),
                int(str(r["y1"])[:4]),
                r["quote"],
            )
        )
    for obs_list in out.by_variable.values():
        obs_list.sort(key=lambda o: (o.start, o.end, o.iri))  # independent of row order
    return out


def _overlaps(a: tuple[int | None, int | None], span: tuple[int, int] | None) -> bool:
    if span is None:
        return True
    lo, hi = a
    return (lo is None or lo <= span[1]) and (hi is None or hi >= span[0])
