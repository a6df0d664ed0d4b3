import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache

from claims.models import Claim
from claims.services import claims_extract_for_version
from sources.models import ArticleVersion
from sources.services import article_version_ingest
from tests.factories import ContradictionFactory
from verification.models import (
    ClaimLineage,
    Contradiction,
    ContradictionReport,
    StoryArticle,
)
from verification.services import (
    contradiction_report_build,
    contradiction_review,
    contradictions_detect_for_version,
    story_merge,
    story_split,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

pytestmark = pytest.mark.django_db


def pipeline(*paths: Path) -> list[ArticleVersion]:
    """Ingest, extract and detect, in the order given, as the workers would."""
    versions = []
    for path in paths:
        version = article_version_ingest(
            raw=path.read_text(encoding="utf-8"), filename=path.name, enqueue=False
        ).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        contradictions_detect_for_version(version_id=version.pk)
        versions.append(version)
    return versions


def storm() -> list[ArticleVersion]:
    return pipeline(FIXTURES / "articles" / "storm-v1.txt", FIXTURES / "articles" / "storm-v2.txt")


def test_changed_figure_between_versions_is_flagged_with_a_reason():
    storm()
    flag = Contradiction.objects.get(kind="across_versions", claim_a__low=12000)
    assert flag.claim_b.low == 9000
    assert flag.relation == "contradiction"
    assert "12,000" in flag.reason or "12000" in flag.reason
    assert "9,000" in flag.reason or "9000" in flag.reason


def test_nobody_hurt_then_three_hurt_is_a_contradiction_not_an_update():
    storm()
    flag = Contradiction.objects.get(claim_a__low=0, claim_a__high=0)
    assert flag.claim_b.low == 3
    assert flag.relation == "contradiction"


def test_detection_twice_writes_no_duplicates():
    _, second = storm()
    before = list(Contradiction.objects.order_by("pk").values_list("pk", "claim_a", "claim_b"))
    contradictions_detect_for_version(version_id=second.pk)
    after = list(Contradiction.objects.order_by("pk").values_list("pk", "claim_a", "claim_b"))
    assert before == after


def test_reextraction_keeps_reviews_of_unchanged_pairs():
    _, second = storm()
    flag = Contradiction.objects.get(kind="across_versions", claim_a__low=12000)
    contradiction_review(
        contradiction_id=flag.pk, status="confirmed", note="Utility confirmed 9,000."
    )
    claims_extract_for_version(version_id=second.pk, force=True, enqueue=False)
    contradictions_detect_for_version(version_id=second.pk)
    flag.refresh_from_db()
    assert flag.status == "confirmed"
    assert flag.note == "Utility confirmed 9,000."


def test_lineage_labels_the_changed_figure():
    _, second = storm()
    labels = dict(
        ClaimLineage.objects.filter(version=second, current_claim__isnull=False).values_list(
            "current_claim__low", "label"
        )
    )
    assert labels[9000] == "value_changed"
    assert labels[3] == "negation_flipped"


def test_rising_toll_across_versions_is_an_update_not_a_flag():
    base = (FIXTURES / "articles" / "storm-v1.txt").read_text(encoding="utf-8")
    texts = [
        base.replace("No one was hurt", f"{n} people were killed").replace(
            "07:00", f"{7 + i:02d}:00"
        )
        for i, n in enumerate((7, 19, 41))
    ]
    pipeline_texts(*texts)
    deaths = Contradiction.objects.filter(claim_a__family="deaths")
    assert deaths.count() == 2
    assert set(deaths.values_list("relation", flat=True)) == {"update"}
    assert not Contradiction.objects.flagged().filter(claim_a__family="deaths").exists()


def test_stories_group_one_event_and_keep_the_distractor_apart():
    expected = json.loads((FIXTURES / "stories" / "expected.json").read_text())
    files = [name for group in expected["stories"] for name in group]
    from sources.stream import ordered_documents

    for document in ordered_documents([FIXTURES / "stories" / name for name in files]):
        version = article_version_ingest(
            raw=document.text, filename=document.path.name, enqueue=False
        ).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        contradictions_detect_for_version(version_id=version.pk)
    story_of = {
        v.filename: StoryArticle.objects.get(article_id=v.article_id).story_id
        for v in ArticleVersion.objects.all()
    }
    for group in expected["stories"]:
        assert len({story_of[name] for name in group}) == 1, group
    groups = [story_of[group[0]] for group in expected["stories"]]
    assert len(set(groups)) == len(groups)
    # no flag links the distractor to the story
    distractor = ArticleVersion.objects.get(filename=expected["stories"][1][0])
    links = Contradiction.objects.filter(claim_a__version=distractor).exclude(
        claim_b__version=distractor
    ) | Contradiction.objects.filter(claim_b__version=distractor).exclude(
        claim_a__version=distractor
    )
    assert not links.exists()


def test_fact_checkers_can_merge_and_split_stories():
    pipeline(FIXTURES / "articles" / "storm-v1.txt")
    other = pipeline(FIXTURES / "stories" / "bresk-mine-2019.txt")[0]
    first, second = [m.story for m in StoryArticle.objects.order_by("pk")]
    assert first != second
    story_merge(keep=first, merge=second)
    assert set(StoryArticle.objects.values_list("story", flat=True)) == {first.pk}
    split = story_split(article_ids=[other.article_id])
    assert StoryArticle.objects.get(article_id=other.article_id).story == split
    assert StoryArticle.objects.get(article_id=other.article_id).method == "manual"


def test_report_is_one_row_per_period_and_skips_when_locked():
    flag = ContradictionFactory()
    end = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    Contradiction.objects.filter(pk=flag.pk).update(created_at=end - timedelta(hours=3))
    report = contradiction_report_build(period_end=end)
    again = contradiction_report_build(period_end=end.isoformat())
    assert report.pk == again.pk
    assert ContradictionReport.objects.count() == 1
    assert report.contradiction_count == 1
    assert flag.reason in report.text
    cache.add(f"lock:contradiction-report:daily:{(end - timedelta(days=1)).isoformat()}", "1")
    try:
        assert contradiction_report_build(period_end=end) is None
    finally:
        cache.clear()


def test_claims_of_a_failed_version_are_not_compared():
    first, second = storm()
    ArticleVersion.objects.filter(pk=first.pk).update(status="failed")
    Contradiction.objects.all().delete()
    contradictions_detect_for_version(version_id=second.pk)
    assert not Contradiction.objects.filter(kind="across_versions").exists()
    assert Claim.objects.filter(version=first).exists()


def _ferry_text(url, published, body):
    return (
        f"---\nurl: https://news.example.org/{url}\noutlet: Example News\n"
        f"published: {published}\n---\n{body}\n"
    )


FERRY_2023 = (
    "Ferry sinks off Varna harbour\n"
    "A passenger ferry sank off Varna harbour in Bulgaria on Wednesday, the coast guard said. "
    "At least 41 people were killed and 60 were rescued, coast guard spokesman Ivan Petrov said. "
    "The Varna coast guard and the Black Sea fleet searched for survivors overnight."
)


def test_an_anniversary_article_naming_the_event_day_joins_its_story():
    first = pipeline_texts(_ferry_text("ferry-2023", "2023-06-14T09:00:00+00:00", FERRY_2023))[0]
    anniversary = pipeline_texts(
        _ferry_text(
            "ferry-anniversary",
            "2024-06-14T09:00:00+00:00",
            "A year after the Varna ferry disaster\n"
            "The passenger ferry sank off Varna harbour in Bulgaria on June 14, 2023. The coast "
            "guard said 41 people were killed and 60 were rescued. Families in Varna still wait "
            "for the Black Sea fleet inquiry, coast guard spokesman Ivan Petrov said.",
        )
    )[0]
    other_year = pipeline_texts(
        _ferry_text(
            "ferry-2024",
            "2024-06-20T09:00:00+00:00",
            "Another ferry sinks off Varna harbour\n"
            "A passenger ferry sank off Varna harbour in Bulgaria on Thursday, the coast guard "
            "said. At least 12 people were killed, coast guard spokesman Ivan Petrov said. The "
            "Black Sea fleet searched for survivors.",
        )
    )[0]
    story_of = {
        v.pk: StoryArticle.objects.get(article_id=v.article_id).story_id
        for v in (first, anniversary, other_year)
    }
    assert story_of[anniversary.pk] == story_of[first.pk]
    assert "names 2023-06-14" in StoryArticle.objects.get(article_id=anniversary.article_id).reason
    assert story_of[other_year.pk] != story_of[first.pk]


def pipeline_texts(*texts: str) -> list[ArticleVersion]:
    """Ingest, extract and detect raw texts in order, as the workers would."""
    versions = []
    for text in texts:
        version = article_version_ingest(raw=text, enqueue=False).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        contradictions_detect_for_version(version_id=version.pk)
        versions.append(version)
    return versions


def _wire(version_label, body):
    return (
        "---\nurl: https://wire.example.org/varna-ferry\noutlet: Example Wire\n"
        "published: 2023-06-14T09:00:00+00:00\n---\n"
        f"Ferry sinks off Varna harbour {version_label}\n{body}\n"
    )


def test_a_claim_repeated_through_versions_is_compared_where_it_first_appeared():
    first = pipeline_texts(
        _wire(
            "",
            "A passenger ferry sank off Varna harbour on Wednesday. 41 people were "
            "killed, the coast guard said.",
        )
    )[0]
    second = pipeline_texts(
        _wire(
            "(UPDATE)",
            "A passenger ferry sank off Varna harbour on Wednesday. 41 people were "
            "killed, the coast guard said. Divers searched the hull overnight.",
        )
    )[0]
    assert second.article_id == first.article_id
    rival = pipeline_texts(
        _ferry_text(
            "ferry-rival",
            "2023-06-14T12:00:00+00:00",
            "Ferry sinks off Varna harbour\nA passenger ferry sank off Varna harbour on "
            "Wednesday. 12 people were killed, police said.",
        )
    )[0]
    flagged = Contradiction.objects.flagged().filter(claim_b__version=rival) | (
        Contradiction.objects.flagged().filter(claim_a__version=rival)
    )
    versions = {v for row in flagged for v in (row.claim_a.version_id, row.claim_b.version_id)}
    assert {first.pk, second.pk, rival.pk} <= versions
