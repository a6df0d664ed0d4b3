"""Figures and disagreements (issue 9): every quantity claim of a story filed under its figure,
one disagreement per figure as the unit of triage, decisions that stand, idempotent redelivery
and a detection cost that does not grow with the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim
from tests.factories import (
    ArticleFactory,
    ArticleVersionFactory,
    ClaimFactory,
    ContradictionFactory,
    SourceFactory,
    StoryArticleFactory,
    StoryFactory,
)
from verification.figures import (
    Member,
    disagreement_review,
    figures_update_for_version,
    reason_sentence,
    value_text,
)
from verification.models import (
    Contradiction,
    Disagreement,
    DisagreementClaim,
    Figure,
    FigureClaim,
    Tombstone,
)
from verification.services import (
    contradiction_report_build,
    contradictions_detect_for_version,
    story_merge,
)

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def article_in(story_key: str, outlet: str = ""):
    kwargs = {"outlet__name": outlet} if outlet else {}
    return ArticleFactory(story_key=story_key, title="Ferry capsizes on Lake Tessin", **kwargs)


def version_of(article, number: int = 1):
    return ArticleVersionFactory(
        article=article, number=number, published_at=START + timedelta(hours=number)
    )


def missing(version, source: str, count: int, moment: str = "1 p.m.", **fields) -> Claim:
    """A claim that `source` counts `count` people missing at `moment`."""
    values = {
        "measure": "people missing",
        "family": "missing",
        "text": f"{count} people were missing",
        "low": count,
        "high": count,
        "time_ref": moment,
    }
    values.update(fields)
    return ClaimFactory(version=version, source=SourceFactory(name=source), **values)


def detect(version) -> int:
    return contradictions_detect_for_version(version_id=version.pk)


def three_sources(story_key: str = "ferry"):
    """One version in which the agency, the police and the mayor disagree about the missing."""
    version = version_of(article_in(story_key))
    claims = [
        missing(version, "agency", 14),
        missing(version, "police", 22),
        missing(version, "mayor", 30),
    ]
    detect(version)
    return version, claims


# --- pure parts ----------------------------------------------------------------------------


def test_reason_names_figure_moment_each_source_with_its_values_and_the_versions():
    members = [
        Member("agency", "14", "a", 1),
        Member("police", "22", "a", 1),
        Member("agency", "14", "a", 2),
        Member("agency", "9", "a", 2),
    ]
    assert (
        reason_sentence("number of missing", "1 p.m.", members)
        == "Number of missing at 1 p.m.: agency 14 then 9, police 22, across 2 versions"
    )
    assert reason_sentence("death toll", "", members[:2]).endswith("in one version")
    across = [Member("agency", "14", "a", 1), Member("police", "22", "b", 3, "5 p.m.")]
    assert reason_sentence("number of missing", "", across) == (
        "Number of missing: agency 14, police 22 (at 5 p.m.), across 2 articles"
    )


def test_value_text_says_bounds_as_a_person_does():
    def claim(**fields):
        return Claim(kind="quantity", **fields)

    assert value_text(claim(low=1200, high=1200)) == "1,200"
    assert value_text(claim(low=24, high=None)) == "at least 24"
    assert value_text(claim(low=12, high=None, low_open=True)) == "more than 12"
    assert value_text(claim(low=None, high=1000, high_open=True)) == "fewer than 1,000"
    assert value_text(claim(low=3, high=3, approximate=True, unit="km")) == "about 3 km"


# --- figures -------------------------------------------------------------------------------


def test_every_quantity_claim_is_filed_under_its_figure():
    version = version_of(article_in("ferry"))
    at_one = missing(version, "agency", 14)
    again_at_one = missing(version, "police", 14)
    at_five = missing(version, "agency", 9, moment="5 p.m.")
    no_moment = missing(version, "mayor", 14, moment="")
    crew = missing(version, "agency", 2, scope="crew", scope_key="crew")
    unfamilied = missing(version, "agency", 40, family="", measure="boats searched")
    statement = ClaimFactory(version=version, kind=Claim.Kind.STATEMENT, family="", measure="")
    detect(version)

    figure = dict(FigureClaim.objects.values_list("claim_id", "figure_id"))
    assert figure[at_one.pk] == figure[again_at_one.pk]
    assert len({figure[c.pk] for c in (at_one, at_five, no_moment, crew, unfamilied)}) == 5
    assert statement.pk not in figure
    one = Figure.objects.get(pk=figure[at_one.pk])
    assert (one.family, one.scope_key, one.moment) == ("missing", "", "1 p.m.")
    assert one.story.key == "ferry"
    assert one.name == "number of missing"
    assert Figure.objects.get(pk=figure[crew.pk]).name == "number of missing (crew)"
    assert Figure.objects.get(pk=figure[unfamilied.pk]).name == "figure for boats searched"


def test_a_later_version_of_a_figure_joins_the_same_figure():
    article = article_in("ferry")
    first = version_of(article, 1)
    earlier = missing(first, "agency", 14)
    detect(first)
    second = version_of(article, 2)
    later = missing(second, "agency", 14, fingerprint="later")
    detect(second)
    assert (
        FigureClaim.objects.get(claim=earlier).figure_id
        == FigureClaim.objects.get(claim=later).figure_id
    )


# --- disagreements -------------------------------------------------------------------------


def test_three_sources_disagreeing_make_one_disagreement_with_three_members():
    _, claims = three_sources()
    flags = Contradiction.objects.filter(relation="contradiction")
    assert flags.count() == 3  # the pairwise evidence
    (disagreement,) = Disagreement.objects.all()
    assert set(disagreement.claims.values_list("pk", flat=True)) == {c.pk for c in claims}
    assert disagreement.evidence.count() == 3
    assert (disagreement.claim_count, disagreement.source_count) == (3, 3)
    assert disagreement.status == "open"
    assert disagreement.kind == "between_sources"
    assert disagreement.reason == (
        "Number of missing at 1 p.m.: agency 14, police 22, mayor 30, in one version"
    )
    assert disagreement.confidence == pytest.approx(max(flags.values_list("confidence", flat=True)))
    assert disagreement.story.key == "ferry"


def test_a_disagreement_knows_when_a_member_comes_from_a_corrected_version():
    three_sources()
    (plain,) = Disagreement.objects.all()
    assert not plain.corrected
    # Another article of the story, labelled CORRECTED, disagrees too: it joins the open
    # disagreement, which is then stored as corrected (the queue ranks it up from its own row).
    other = ArticleVersionFactory(
        article=article_in("ferry", outlet="Lakeside Herald"),
        number=1,
        published_at=START + timedelta(hours=2),
        update_label="CORRECTED",
        corrected=True,
    )
    missing(other, "fire service", 41)
    detect(other)
    (joined,) = Disagreement.objects.all()
    assert joined.pk == plain.pk
    assert joined.corrected
    assert joined.claim_count == 4


def test_agreeing_sources_and_rising_updates_open_no_disagreement():
    version = version_of(article_in("ferry"))
    missing(version, "agency", 14)
    missing(version, "police", 14)
    detect(version)
    assert not Disagreement.objects.exists()
    assert FigureClaim.objects.count() == 2


def test_an_update_flag_is_evidence_of_nothing():
    version = version_of(article_in("ferry"))
    a = missing(version, "agency", 14)
    b = missing(version, "police", 22)
    detect(version)
    Contradiction.objects.update(relation="update")
    figures_update_for_version(story=a.version.article.story_membership.story, claims=[a, b])
    assert not Disagreement.objects.exists()


def test_new_claims_join_the_open_disagreement_across_articles():
    version, claims = three_sources()
    other = version_of(article_in("ferry", outlet="Lakeside Herald"))
    newcomer = missing(other, "fire service", 41)
    detect(other)
    (disagreement,) = Disagreement.objects.all()
    assert newcomer.pk in set(disagreement.claims.values_list("pk", flat=True))
    assert disagreement.claim_count == 4
    assert disagreement.kind == "mixed"
    assert disagreement.reason.endswith("fire service 41, across 2 articles")


def test_a_dismissal_stands_when_the_same_values_come_again(django_user_model):
    article = article_in("ferry")
    first = version_of(article, 1)
    missing(first, "agency", 14)
    missing(first, "police", 22)
    detect(first)
    checker = django_user_model.objects.create_user("checker")
    (disagreement,) = Disagreement.objects.all()
    disagreement_review(
        disagreement_id=disagreement.pk, status="dismissed", reviewer=checker, note="Two counts."
    )
    assert set(Contradiction.objects.values_list("status", flat=True)) == {"dismissed"}

    detect(first)  # redelivery
    second = version_of(article, 2)  # a new version repeating both values
    missing(second, "agency", 14, fingerprint="v2-agency")
    missing(second, "police", 22, fingerprint="v2-police")
    detect(second)

    (disagreement,) = Disagreement.objects.all()
    assert disagreement.status == "dismissed"
    assert disagreement.note == "Two counts."
    assert disagreement.reviewed_by == checker


def test_a_new_conflicting_value_after_a_decision_opens_a_new_disagreement():
    article = article_in("ferry")
    first = version_of(article, 1)
    missing(first, "agency", 14)
    missing(first, "police", 22)
    detect(first)
    decided = Disagreement.objects.get()
    disagreement_review(disagreement_id=decided.pk, status="confirmed")

    second = version_of(article, 2)
    missing(second, "agency", 14, fingerprint="v2-agency")
    missing(second, "coast guard", 35, fingerprint="v2-guard")
    detect(second)

    decided.refresh_from_db()
    assert decided.status == "confirmed"
    new = Disagreement.objects.get(status="open")
    assert new.figure_id == decided.figure_id
    assert "coast guard 35" in new.reason
    with pytest.raises(ValueError, match="already has an open disagreement"):
        disagreement_review(disagreement_id=decided.pk, status="open")


def test_redelivery_rewrites_nothing():
    version, _ = three_sources()
    before = list(
        Disagreement.objects.values_list("pk", "reason", "confidence", "claim_count", "updated_at")
    )
    members = sorted(DisagreementClaim.objects.values_list("disagreement_id", "claim_id"))
    figures = sorted(FigureClaim.objects.values_list("claim_id", "figure_id"))
    detect(version)
    detect(version)
    assert (
        list(
            Disagreement.objects.values_list(
                "pk", "reason", "confidence", "claim_count", "updated_at"
            )
        )
        == before
    )
    assert sorted(DisagreementClaim.objects.values_list("disagreement_id", "claim_id")) == members
    assert sorted(FigureClaim.objects.values_list("claim_id", "figure_id")) == figures


def test_a_disagreement_whose_flags_no_longer_hold_is_withdrawn():
    version, claims = three_sources()
    (disagreement,) = Disagreement.objects.all()
    for claim in claims:  # re-extraction: everyone now says 14
        claim.low = claim.high = 14
        claim.save()
    detect(version)
    assert not Disagreement.objects.exists()
    assert Tombstone.objects.filter(resource="disagreement", object_id=disagreement.pk).exists()


def test_a_pair_across_a_moment_and_no_moment_is_filed_once():
    version = version_of(article_in("ferry"))
    missing(version, "agency", 14)  # at 1 p.m.
    missing(version, "agency", 14, moment="", fingerprint="bare")
    missing(version, "police", 22, moment="")
    detect(version)
    assert Disagreement.objects.count() == 1
    (disagreement,) = Disagreement.objects.all()
    assert disagreement.figure.moment == ""
    assert "police 22" in disagreement.reason


def test_disagreement_changes_stamp_updated_at():
    three_sources()
    disagreement = Disagreement.objects.get()
    stamped = disagreement.updated_at
    disagreement_review(disagreement_id=disagreement.pk, status="confirmed")
    disagreement.refresh_from_db()
    assert disagreement.updated_at > stamped


def test_a_story_merge_keeps_decisions_and_folds_open_disagreements():
    three_sources("ferry")
    keep = Disagreement.objects.get().story
    other = version_of(article_in("ferry-herald"))
    missing(other, "agency", 14)
    missing(other, "navy", 50)
    detect(other)
    folded = Disagreement.objects.get(story__key="ferry-herald")
    other_version = version_of(article_in("ferry-herald"))
    missing(other_version, "agency", 2, scope="crew", scope_key="crew")
    missing(other_version, "navy", 5, scope="crew", scope_key="crew")
    detect(other_version)
    decided = Disagreement.objects.get(story__key="ferry-herald", figure__scope_key="crew")
    disagreement_review(disagreement_id=decided.pk, status="dismissed")

    story_merge(keep=keep, merge=folded.story)

    assert not Disagreement.objects.filter(pk=folded.pk).exists()
    opened = Disagreement.objects.get(status="open")
    assert opened.claim_count == 5
    assert "navy 50" in opened.reason
    assert "across 2 articles" in opened.reason
    decided.refresh_from_db()
    assert (decided.status, decided.story_id) == ("dismissed", keep.pk)
    assert Figure.objects.filter(story=keep).count() == 2
    assert set(Figure.objects.values_list("story_id", flat=True)) == {keep.pk}


# --- cost ----------------------------------------------------------------------------------


def other_stories(count: int, prefix: str) -> None:
    """`count` unrelated stories, each with a disagreement of its own."""
    for n in range(count):
        story = StoryFactory(key=f"{prefix}-{n}")
        flag = ContradictionFactory(story=story)
        StoryArticleFactory(story=story, article=flag.claim_a.version.article)
        figures_update_for_version(story=story, claims=[flag.claim_a, flag.claim_b])


def new_version_in(story_key: str):
    """A version in which five sources disagree about two figures (missing, deaths)."""
    version = version_of(article_in(story_key))
    for n, source in enumerate(("agency", "police", "mayor", "navy", "fire service")):
        missing(version, source, 10 + n)
        missing(version, source, 3 + n, family="deaths", measure="people dead", moment="")
    return version


# Detection of one version: story, lineage, candidates, flags, figures and disagreements
# (48 with savepoints today, 17 of them for figures and disagreements; headroom for detectors).
MAX_DETECTION_QUERIES = 60


def test_detection_cost_does_not_grow_with_other_stories(django_assert_max_num_queries):
    other_stories(1, "few")
    version = new_version_in("ferry-a")
    with CaptureQueriesContext(connection) as small:
        detect(version)
    other_stories(15, "many")
    version = new_version_in("ferry-b")
    with django_assert_max_num_queries(MAX_DETECTION_QUERIES) as large:
        detect(version)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert Disagreement.objects.filter(story__key="ferry-b").count() == 2
    assert Disagreement.objects.count() == 2 + 2 + 16


# --- report --------------------------------------------------------------------------------


def test_daily_report_lists_a_disagreement_once_with_its_pairs():
    cache.clear()
    three_sources()
    report = contradiction_report_build(period_end=timezone.now() + timedelta(hours=2))
    (disagreement,) = Disagreement.objects.all()
    # One line for the figure, with the three flags filed under it.
    assert report.body["total"] == 1
    assert report.body["flags"] == 3
    (story,) = report.body["stories"]
    (line,) = story["disagreements"]
    assert len(line["contradiction_ids"]) == 3
    assert report.text.count("why:") == 1  # listed once


def test_figures_rebuild_backfills_rows_detected_before_figures(capsys):
    from django.core.management import call_command

    three_sources()
    Disagreement.objects.all().delete()
    Figure.objects.all().delete()
    call_command("figures_rebuild", "--story", "ferry")
    (disagreement,) = Disagreement.objects.all()
    assert disagreement.claim_count == 3
    assert FigureClaim.objects.count() == 3
    call_command("figures_rebuild")  # idempotent
    assert list(Disagreement.objects.values_list("pk", flat=True)) == [disagreement.pk]
    assert "1 open disagreements" in capsys.readouterr().out
