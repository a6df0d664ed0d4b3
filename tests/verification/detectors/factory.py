"""One builder of ClaimFacts for the detector tests: each file states only what differs."""

from verification.detectors import ClaimFacts

DEFAULTS = {
    "article": "strike-story",
    "version": 1,
    "published_at": None,
    "corrected": False,
    "kind": "quantity",
    "measure": "missiles fired",
    "family": "projectiles",
    "scope": None,
    "scope_key": None,
    "low": 22.0,
    "high": 22.0,
    "low_open": False,
    "high_open": False,
    "approximate": False,
    "unit": None,
    "hedged": False,
    "negated": False,
    "source": "Iraqi military",
    "attributed": True,
    "text": "22 missiles were fired",
    "statement_key": None,
}


def make_claim(id: str, defaults: dict | None = None, **overrides) -> ClaimFacts:
    """A ClaimFacts from DEFAULTS, then `defaults`, then `overrides`; `value` sets low == high."""
    value = overrides.pop("value", None)
    fields = {**DEFAULTS, **(defaults or {}), "id": id}
    if value is not None:
        fields["low"] = fields["high"] = float(value)
    fields.update(overrides)
    return ClaimFacts(**fields)
