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
    when = f" in {period}" if period else ""
    if conf:
        status = PremiseStatus.PREMISE_CONFIRMED
        periods = ", ".join(o.period for o in conf)
        text = f"Observed: {label} {'rose' if want > 0 else 'fell'}{when} ({periods})."
    elif contra:
        status = PremiseStatus.PREMISE_CONTRADICTED
        text = (
            f"Contradicted: the observations say {label} "
            f"{'fell' if want > 0 else 'rose'}{when} ({', '.join(o.period for o in contra)})."
        )
    else:
        status = PremiseStatus.NOT_OBSERVED
        text = f"No observation says which way {label} moved{when}."
    if conf and contra:
        text += f" Other periods went the other way ({', '.join(o.period for o in contra)})."
    return PremiseCheck(
        status=status,
        variable=node,
        change=change,
        period=period,  # type: ignore[arg-type]
        confirming=conf,
        contradicting=contra,
        statement=text,
    )
