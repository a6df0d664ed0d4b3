"""Contradiction detectors: pure functions over pairs of claims (standard library only).

The database layer fetches candidate pairs by slot key (same story, same measure family,
see ``comparable_families``) and calls ``compare_pair`` on each; ``align_versions`` labels
what changed between two consecutive versions of one article.
"""

from __future__ import annotations

from verification.detectors import numeric, polarity
from verification.detectors.base import (
    ACROSS_ARTICLES,
    ACROSS_VERSIONS,
    BETWEEN_SOURCES,
    CONTRADICTION,
    CORRECTION,
    UPDATE,
    ClaimFacts,
    Detector,
    Finding,
    describe_value,
)
from verification.detectors.families import (
    CUMULATIVE_FAMILIES,
    FAMILY_PARENTS,
    comparable_families,
    is_cumulative,
)
from verification.detectors.lineage import LineageLink, align_versions

# Polarity first: when it owns a pair (zero vs positive) numeric stays silent anyway, and
# the order is the order findings come back in.
DETECTORS: tuple[Detector, ...] = (polarity, numeric)


def compare_pair(a: ClaimFacts, b: ClaimFacts) -> list[Finding]:
    """Return the findings of every detector for one pair (at most one per detector)."""
    findings = []
    for detector in DETECTORS:
        finding = detector.compare(a, b)
        if finding is not None:
            findings.append(finding)
    return findings


__all__ = [
    "ACROSS_ARTICLES",
    "ACROSS_VERSIONS",
    "BETWEEN_SOURCES",
    "CONTRADICTION",
    "CORRECTION",
    "CUMULATIVE_FAMILIES",
    "DETECTORS",
    "FAMILY_PARENTS",
    "UPDATE",
    "ClaimFacts",
    "Detector",
    "Finding",
    "LineageLink",
    "align_versions",
    "comparable_families",
    "compare_pair",
    "describe_value",
    "is_cumulative",
]
