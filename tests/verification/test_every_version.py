"""Every version of a story takes part in detection: an article's first version against its
third, another article's older copy of a figure; a figure repeated unchanged is compared once."""

import pytest

from claims.services import claims_extract_for_version
from sources.services import article_version_ingest
from verification.models import Contradiction, Disagreement
from verification.services import contradictions_detect_for_version

pytestmark = pytest.mark.django_db


def text(url: str, outlet: str, published: str, body: str) -> str:
    return (
        f"---\nurl: {url}\noutlet: {outlet}\npublished: {published}\nstory: ferry-fire\n---\n"
        f"{body}\n"
    )


def run(*texts: str) -> None:
    for raw in texts:
        version = article_version_ingest(raw=raw, enqueue=False).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        contradictions_detect_for_version(version_id=version.pk)


def test_a_third_version_is_compared_with_the_first():
    url = "https://example.org/ferry"
    run(
        text(url, "Harbour Daily", "2026-03-01T08:00:00+00:00",
             "The fire service said at least 79 people died in the ferry fire."),
        text(url, "Harbour Daily", "2026-03-01T09:00:00+00:00",
             "The fire service said 12 people were injured in the ferry fire."),
        text(url, "Harbour Daily", "2026-03-01T10:00:00+00:00",
             "The fire service said 12 people were injured and 61 people died in the fire."),
    )  # fmt: skip
    flags = Contradiction.objects.flagged().filter(claim_a__family="deaths")
    assert [(f.claim_a.low, f.claim_b.low) for f in flags] == [(79.0, 61.0)]
    assert flags[0].kind == "across_versions"


def test_a_figure_repeated_through_versions_is_one_disagreement_flagged_where_it_first_appeared():
    """A claim repeated unchanged is compared at the version that first said it and at the
    latest one (the versions between only repeat it); the disagreement stays one item."""
    url = "https://example.org/ferry-2"
    run(
        text(url, "Harbour Daily", "2026-03-01T08:00:00+00:00",
             "Officials said 40 people died in the ferry fire."),
        text(url, "Harbour Daily", "2026-03-01T09:00:00+00:00",
             "Officials said 40 people died in the ferry fire. Rescuers said 12 were injured."),
        text("https://example.net/ferry", "Coast Courier", "2026-03-01T11:00:00+00:00",
             "Police said 25 people died in the ferry fire."),
    )  # fmt: skip
    flags = Contradiction.objects.flagged().filter(claim_a__family="deaths")
    assert len(flags) == 2
    assert all({flag.claim_a.low, flag.claim_b.low} == {40.0, 25.0} for flag in flags)
    harbour = {
        claim.version.number
        for flag in flags
        for claim in (flag.claim_a, flag.claim_b)
        if claim.low == 40.0
    }
    assert harbour == {1, 2}
    assert Disagreement.objects.filter(figure__family="deaths").count() == 1


def test_a_lead_that_a_headline_restates_is_compared_too():
    """The headline and the lead say the same figure: both copies are compared (a reader quotes
    either), so the later version's lower toll is flagged against the lead as well."""
    url = "https://example.org/ferry-3"
    run(
        text(url, "Harbour Daily", "2026-03-01T08:00:00+00:00",
             "At Least 79 Dead In Ferry Fire\n\nA ferry caught fire off the coast on Sunday, "
             "leaving at least 79 people dead, the fire service said."),
        text(url, "Harbour Daily", "2026-03-01T10:00:00+00:00",
             "The fire service said 61 people died in the ferry fire."),
    )  # fmt: skip
    flags = Contradiction.objects.flagged().filter(claim_a__family="deaths")
    spans = sorted(
        flag.claim_a.end - flag.claim_a.start for flag in flags if flag.claim_a.low == 79
    )
    assert len(spans) == 2
    assert spans[0] < spans[1]
