"""Figures no report means never become claims, a speaker without a usable name never fails a
version, and the claims API never emits a float JSON cannot carry."""

from __future__ import annotations

from unittest import mock

import pytest

from claims.extraction.types import ExtractedClaim, ExtractionResult, SourceRef
from claims.models import Claim
from claims.services import claims_extract_for_version
from sources.models import ArticleVersion
from sources.services import article_version_ingest
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def extract(text: str) -> ArticleVersion:
    version = article_version_ingest(raw=text, enqueue=False).version
    outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    assert outcome.status == "done", outcome.error
    version.refresh_from_db()
    return version


def test_infinite_and_absurd_figures_are_not_claims():
    version = extract(
        "Flood hits the valley\n\n"
        "Officials said 1e309 people died in the flood on Monday. The ministry said "
        "123456789012345678901234567890123456789012 people were evacuated. The mayor said "
        "40 people were injured.\n"
    )
    lows = sorted(
        Claim.objects.filter(version=version, kind="quantity").values_list("low", flat=True)
    )
    assert lows == [40.0]


def test_open_ranges_are_still_claims(settings):
    settings.CLAIMTRACKER_MAX_FIGURE = 1e6
    version = extract(
        "Storm cuts power\n\nThe utility said more than 12 homes lost power on Tuesday.\n"
    )
    claim = Claim.objects.get(version=version, kind="quantity")
    assert (claim.low, claim.high) == (12.0, None)


def punctuation_result(body: str) -> ExtractionResult:
    start = body.index("40")
    return ExtractionResult(
        claims=(
            ExtractedClaim(
                start=start,
                end=start + 20,
                text="=(…): 40 killed",
                evidence=body[start : start + 20],
                kind="quantity",
                source=SourceRef(name="=(…)", kind="person"),
                source_mention="=(…)",
                attributed=True,
                measure="killed",
                family="deaths",
                low=40.0,
                high=40.0,
            ),
        ),
        version="test",
    )


def test_a_source_named_only_by_punctuation_is_filed_under_the_outlet():
    from claims import services

    body = "---\noutlet: Harbour Daily\n---\n=(…) said 40 people were killed in the attack.\n"
    version = article_version_ingest(raw=body, enqueue=False).version
    with mock.patch.object(services, "_run_extraction", lambda row: punctuation_result(row.body)):
        outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    assert outcome.status == "done", outcome.error
    claim = Claim.objects.get(version=version)
    assert claim.source.name == "Harbour Daily"
    assert (claim.attributed, claim.source_mention) == (False, "=(…)")


def test_claims_api_writes_non_finite_bounds_as_null(api_client):
    row = ClaimFactory(low=float("inf"), high=float("inf"))
    ClaimFactory(version=row.version, low=float("-inf"), high=float("nan"))
    response = api_client.get("/api/v1/claims/", {"version": row.version_id})
    assert response.status_code == 200
    bounds = sorted((r["low"], r["high"]) for r in response.json()["results"])
    assert bounds == [(None, None), (None, None)]
