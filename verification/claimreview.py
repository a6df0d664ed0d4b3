"""schema.org ClaimReview for a published verdict (https://schema.org/ClaimReview). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Rating -> (ratingValue on a 1..5 scale, alternateName); "disputed" and "unproven" sit mid-scale.
RATINGS = {
    "false": (1, "False"),
    "mostly_false": (2, "Mostly false"),
    "mixed": (3, "Mixed"),
    "unproven": (3, "Unproven"),
    "disputed": (3, "Disputed between sources"),
    "mostly_true": (4, "Mostly true"),
    "true": (5, "True"),
}


@dataclass(frozen=True, slots=True)
class VerdictFacts:
    id: int
    rating: str
    rationale: str
    published_at: datetime | None
    reviewer: str | None
    claim_text: str
    source_name: str
    source_kind: str
    article_url: str
    outlet: str
    claim_published_at: datetime | None

    @classmethod
    def from_verdict(cls, verdict: Any) -> VerdictFacts:
        """Read a verification.models.Verdict (with claim, source, version, article, outlet)."""
        claim = verdict.claim
        article = claim.version.article
        return cls(
            id=verdict.pk,
            rating=verdict.rating,
            rationale=verdict.rationale,
            published_at=verdict.published_at,
            reviewer=verdict.reviewer.get_username() if verdict.reviewer_id else None,
            claim_text=claim.summary or claim.text,
            source_name=claim.source.name,
            source_kind=claim.source.kind,
            article_url=article.url,
            outlet=article.outlet.name,
            claim_published_at=claim.version.published_at,
        )


def claim_review(
    facts: VerdictFacts, *, base_url: str, publisher: str = "Claim tracker"
) -> dict[str, Any]:
    """The ClaimReview JSON-LD object of one verdict."""
    value, name = RATINGS.get(facts.rating, (3, facts.rating))
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": facts.outlet},
    }
    if facts.article_url:
        appearance["url"] = facts.article_url
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {
            "@type": "Person" if facts.source_kind == "person" else "Organization",
            "name": facts.source_name,
        },
        "appearance": appearance,
    }
    if facts.claim_published_at:
        item["datePublished"] = facts.claim_published_at.date().isoformat()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/api/v1/verdicts/{facts.id}/",
        "claimReviewed": facts.claim_text,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        },
        "reviewBody": facts.rationale,
    }
    if facts.published_at:
        review["datePublished"] = facts.published_at.date().isoformat()
    return review
