"""An undated copy is placed no earlier than the latest weekday it names, read in its story; a
running total lowered by its keeper and then given half again higher by another source is a
stale figure, not a rise."""

import pytest

from claims.services import claims_extract_for_version
from sources.services import article_version_ingest
from verification.models import Contradiction
from verification.services import contradictions_detect_for_version

pytestmark = pytest.mark.django_db


def text(url: str, outlet: str, published: str | None, body: str) -> str:
    date = f"published: {published}\n" if published else ""
    return f"---\nurl: {url}\noutlet: {outlet}\n{date}story: valley-quake\n---\n{body}\n"


def run(*texts: str) -> None:
    versions = []
    for raw in texts:
        version = article_version_ingest(raw=raw, enqueue=False).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        versions.append(version)
    for version in versions:
        contradictions_detect_for_version(version_id=version.pk)


def test_an_undated_copy_naming_a_later_weekday_is_read_after_the_dated_ones():
    run(
        text("https://a.example/quake", "Valley Post", "2026-03-07T18:00:00+00:00",
             "An earthquake struck the valley on Saturday, killing 12 people, officials said."),
        text("https://b.example/quake", "Hill Times", "2026-03-08T12:00:00+00:00",
             "Officials said on Sunday that 25 people had been killed in Saturday's earthquake."),
        text("https://c.example/quake", "River News", None,
             "Rescuers searched the rubble on Monday. The death toll from Saturday's earthquake "
             "has risen to 40, officials said on Monday."),
    )  # fmt: skip
    deaths = Contradiction.objects.filter(claim_a__family="deaths")
    pairs = {(r.claim_a.low, r.claim_b.low): r for r in deaths}
    assert pairs[(25.0, 40.0)].relation == "update"
    assert "(undated, 9 Mar 2026 or later)" in pairs[(25.0, 40.0)].reason
    assert not deaths.filter(relation="contradiction").exists()


def test_a_toll_given_again_above_a_downward_revision_is_stale():
    run(
        text("https://a.example/toll", "Valley Post", "2026-03-11T09:00:00+00:00",
             "The health minister on Wednesday lowered the toll to around 1,000 people killed."),
        text("https://b.example/toll", "Hill Times", "2026-03-12T09:00:00+00:00",
             "Local officials said the earthquake killed more than 2,000 people."),
        text("https://c.example/toll", "River News", "2026-03-14T09:00:00+00:00",
             "The WHO said 1,400 people were killed."),
    )  # fmt: skip
    deaths = Contradiction.objects.filter(claim_a__family="deaths")
    relation = {(r.claim_a.low, r.claim_b.low): r.relation for r in deaths}
    assert relation[(1000.0, 2000.0)] == "contradiction"
    assert relation[(1000.0, 1400.0)] == "update"


def test_an_undated_copy_written_days_after_the_event_is_read_then():
    run(
        text("https://a.example/houses", "Valley Post", "2026-03-07T18:00:00+00:00",
             "An earthquake struck on Saturday. Officials said 300 houses were destroyed."),
        text("https://b.example/houses", "Hill Times", "2026-03-09T12:00:00+00:00",
             "Officials said 1,320 houses were destroyed in Saturday's earthquake."),
        text("https://c.example/houses", "River News", None,
             "The earthquake struck on Saturday. Over the past three days, officials have given "
             "conflicting figures. About 2,000 houses were destroyed, the ministry said."),
    )  # fmt: skip
    houses = Contradiction.objects.filter(claim_a__family="house:destroy")
    relation = {(r.claim_a.low, r.claim_b.low): r.relation for r in houses}
    assert relation[(1320.0, 2000.0)] == "update"
