"""schema.org ClaimReview for a published verdict (https://schema.org/ClaimReview), as Google's
fact-check markup reads it (https://developers.google.com/search/docs/appearance/structured-data/factcheck).
Pure: no Django."""

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

# What Google's fact-check markup needs on the review and its parts (tests check these).
REQUIRED = ("@context", "@type", "url", "claimReviewed", "reviewRating", "author")
REQUIRED_RATING = ("@type", "alternateName")


@dataclass(frozen=True, slots=True)
class Publisher:
    """The fact-checking organisation (settings.CLAIMTRACKER_PUBLISHER)."""

    name: str
    url: str
    logo: str


@dataclass(frozen=True, slots=True)
class VerdictFacts:
    """What a ClaimReview says about one verdict. No reviewer: reviews are the organisation's."""

    id: int
    rating: str
    rationale: str
    published_at: datetime | None
    claim_text: str
    source_name: str
    source_kind: str
    article_url: str
    article_title: str
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
            # The claim's own words (its evidence span), not the summary "Source: ...".
            claim_text=claim.text,
            source_name=claim.source.name,
            source_kind=claim.source.kind,
            article_url=article.url,
            article_title=article.title,
            outlet=article.outlet.name,
            claim_published_at=claim.version.published_at,
        )


def organisation(publisher: Publisher) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        org["url"] = publisher.url
    if publisher.logo:
        org["logo"] = {"@type": "ImageObject", "url": publisher.logo}
    return org


def claim_review(facts: VerdictFacts, *, page_url: str, publisher: Publisher) -> dict[str, Any]:
    """The ClaimReview JSON-LD object of one verdict; `page_url` is its public review page."""
    value, name = RATINGS.get(facts.rating, (3, facts.rating))
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": facts.outlet},
    }
    if facts.article_url:
        appearance["url"] = facts.article_url
    if facts.article_title:
        appearance["headline"] = facts.article_title
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
        "url": page_url,
        "claimReviewed": facts.claim_text,
        "itemReviewed": item,
        "author": organisation(publisher),
        "publisher": organisation(publisher),
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
