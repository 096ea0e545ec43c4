"""Check a question's premise (a variable moved this way) against the observations."""

from __future__ import annotations

from kg.store import Store
from rules.args import (
    _resolve_variable,
    _sign_of,
)
from rules.observations import (
    observations,
    parse_period,
)
from rules.projection import projection
from rules.results import (
    PremiseCheck,
    PremiseStatus,
)

__all__ = ["premise"]


def _when(periods: list[str]) -> str:
    """Periods as a sentence says them: "over 2021-2024, from 1980s-2010 to 2021 and in
    2024", each once."""
    parts: list[str] = []
    for per in dict.fromkeys(periods):
        if "→" in per:
            start, end = (x.strip() for x in per.split("→", 1))
            parts.append(f"from {start} to {end}")
        elif "-" in per and not per.startswith("FY"):
            parts.append(f"over {per}")
        else:
            parts.append(f"in {per}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def premise(store: Store, variable: str, change: str, *, period: str | None = None) -> PremiseCheck:
    """Check 'variable moved this way (in period)' against the observations."""
    proj = projection(store)
    node = _resolve_variable(proj, variable)
    span = parse_period(period)
    want = _sign_of(change)
    moves = observations(store).movements(node, span)
    conf = [o.ref(True) for o in moves if (o.direction == "increase") == (want > 0)]
    contra = [o.ref(False) for o in moves if (o.direction == "increase") != (want > 0)]
    label = proj.label(node)
    went = "rose" if want > 0 else "fell"
    other = "fell" if want > 0 else "rose"
    if conf:
        status = PremiseStatus.PREMISE_CONFIRMED
        covered = _when([o.period for o in conf])
        if period:
            text = f"Observed: {label} {went} in {period} (observed {covered})."
        else:
            text = f"Observed: {label} {went} {covered}."
    elif contra:
        status = PremiseStatus.PREMISE_CONTRADICTED
        text = (
            f"Contradicted: {label} {other} {_when([o.period for o in contra])}; "
            f"no observation says it {went}" + (f" in {period}." if period else ".")
        )
    else:
        status = PremiseStatus.NOT_OBSERVED
        text = f"No observation says which way {label} moved" + (
            f" in {period}." if period else "."
        )
    if conf and contra:
        text += f" It {other} {_when([o.period for o in contra])}."
    return PremiseCheck(
        status=status,
        variable=node,
        change=change,
        period=period,  # type: ignore[arg-type]
        confirming=conf,
        contradicting=contra,
        statement=text,
    )
