"""The fact-checker's workspace: the audit trail on history pages, the triage queue (order,
filters, search), verdicts from the queue, the story page with its timelines, the version diff,
and bounded queries on every screen."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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
    VerdictFactory,
)
from verification.admin_support import CappedCountPaginator
from verification.admin_views import sentences_of
from verification.figures import figures_update_for_version
from verification.models import (
    ClaimLineage,
    Contradiction,
    Disagreement,
    Story,
    StoryArticle,
    Verdict,
)
from verification.timeline import Point, timeline_svg

QUEUE = "/admin/verification/contradiction/"


def history_of(client, obj) -> str:
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --------------------------------------------------------------------------------------------
# Audit
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_decision_is_on_each_flags_history_with_before_and_after(client, staff_user):
    first, second = ContradictionFactory(), ContradictionFactory(note="earlier note")
    client.force_login(staff_user)

    client.post(
        QUEUE,
        {"action": "dismiss", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "note": "same event"},
    )

    for flag in (first, second):
        entry = LogEntry.objects.get(object_id=str(flag.pk), content_type__model="contradiction")
        assert entry.user == staff_user
        assert "status: 'open' → 'dismissed'" in entry.change_message
        assert "'same event'" in entry.change_message
        assert "bulk action 'dismiss'" in entry.change_message
    assert "&#x27;earlier note&#x27; → &#x27;same event&#x27;" in history_of(client, second)


@pytest.mark.django_db
def test_one_by_one_decision_records_who_and_what_changed(client, staff_user):
    flag = ContradictionFactory()
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:verification_contradiction_change", args=[flag.pk]),
        {"status": "confirmed", "note": "the agency corrected itself"},
    )

    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "confirmed"
    assert flag.reviewed_by == staff_user
    page = history_of(client, flag)
    assert "status: &#x27;open&#x27; → &#x27;confirmed&#x27;" in page
    assert "the agency corrected itself" in page


@pytest.mark.django_db
def test_verdict_publication_and_edits_are_on_the_verdicts_history(client, staff_user):
    verdict = VerdictFactory(rating="mixed")
    client.force_login(staff_user)
    change = reverse("admin:verification_verdict_change", args=[verdict.pk])

    client.post(change, {"claim": verdict.claim_id, "rating": "false", "rationale": "Map: 40."})
    client.post(reverse("admin:verification_verdict_publish", args=[verdict.pk]))

    messages = list(
        LogEntry.objects.filter(object_id=str(verdict.pk), content_type__model="verdict")
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert "rating: 'mixed' → 'false'" in messages[0]
    assert "published_at: (empty) →" in messages[1]


@pytest.mark.django_db
def test_story_merge_and_split_are_on_the_stories_histories(client, staff_user):
    keep, merge = StoryFactory(key="keep-me"), StoryFactory(key="fold-me")
    moving = StoryArticleFactory(story=merge)
    client.force_login(staff_user)

    client.post(
        "/admin/verification/story/",
        {"action": "merge_into_first", ACTION_CHECKBOX_NAME: [keep.pk, merge.pk]},
    )
    assert "merged story &#x27;fold-me&#x27;" in history_of(client, keep)
    assert LogEntry.objects.filter(object_id=str(merge.pk), action_flag=3).exists()

    client.post(
        "/admin/verification/storyarticle/",
        {"action": "split_off", ACTION_CHECKBOX_NAME: [moving.pk]},
    )
    new_story = StoryArticle.objects.get(pk=moving.pk).story
    assert new_story.pk != keep.pk
    assert "split off into story" in history_of(client, keep)
    assert "split off from other stories" in history_of(client, new_story)


# --------------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------------


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


@pytest.mark.django_db
def test_queue_puts_corrections_and_confident_two_source_flags_first(client, staff_user):
    old = timezone.now() - timedelta(days=3)
    weak = ContradictionFactory(confidence=0.4)
    strong = ContradictionFactory(confidence=0.9)
    correction = ContradictionFactory(confidence=0.6, relation=Contradiction.Relation.CORRECTION)
    source = SourceFactory()
    same_source = ContradictionFactory(
        confidence=0.9,
        claim_a__source=source,
        claim_b__source=source,
        kind=Contradiction.Kind.ACROSS_VERSIONS,
    )
    Contradiction.objects.update(created_at=old)
    recent = ContradictionFactory(confidence=0.4)
    client.force_login(staff_user)

    order = shown(client.get(QUEUE))

    assert order.index(correction.pk) < order.index(strong.pk)
    assert order.index(strong.pk) < order.index(same_source.pk)  # two sources outrank one
    assert order.index(recent.pk) < order.index(weak.pk)  # recency breaks the tie
    assert "CORRECTED" in client.get(QUEUE).content.decode()


@pytest.mark.django_db
def test_queue_marks_flags_new_since_the_last_visit(client, staff_user):
    ContradictionFactory()
    client.force_login(staff_user)
    first_visit = client.get(QUEUE).content.decode()
    assert "ct-new" not in first_visit  # no previous visit: nothing is "new"

    fresh = ContradictionFactory(confidence=0.7)  # below the other flag's 0.8, but new
    page = client.get(QUEUE)
    assert shown(page)[0] == fresh.pk
    assert 'class="ct-badge ct-new"' in page.content.decode()


@pytest.mark.django_db
def test_queue_filters_by_story_source_measure_kind_status_and_date(client, staff_user):
    story = StoryFactory()
    in_story = ContradictionFactory(story=story)
    deaths = ContradictionFactory(claim_a__family="deaths", claim_b__family="deaths")
    across = ContradictionFactory(kind=Contradiction.Kind.ACROSS_VERSIONS)
    confirmed = ContradictionFactory(status=Contradiction.Status.CONFIRMED)
    ContradictionFactory.create_batch(2)
    client.force_login(staff_user)

    assert shown(client.get(QUEUE, {"story": story.pk})) == [in_story.pk]
    assert shown(client.get(QUEUE, {"source": deaths.claim_b.source_id})) == [deaths.pk]
    assert shown(client.get(QUEUE, {"family": "deaths"})) == [deaths.pk]
    assert shown(client.get(QUEUE, {"kind__exact": "across_versions"})) == [across.pk]
    decided = client.get(QUEUE, {"triage": "all", "status__exact": "confirmed"})
    assert shown(decided) == [confirmed.pk]
    assert confirmed.pk not in shown(client.get(QUEUE))  # the queue opens on open flags
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    dated = shown(client.get(QUEUE, {"created_at__gte": str(today)}))
    assert in_story.pk in dated
    assert shown(client.get(QUEUE, {"created_at__gte": str(today + timedelta(days=2))})) == []


@pytest.mark.django_db
def test_queue_search_finds_claim_text_and_source_names(client, staff_user):
    by_text = ContradictionFactory(claim_b__text="47 fishermen remain unaccounted for")
    by_source = ContradictionFactory(claim_a__source=SourceFactory(name="Harbour Authority"))
    ContradictionFactory()
    client.force_login(staff_user)

    assert shown(client.get(QUEUE, {"q": "Unaccounted"})) == [by_text.pk]
    assert shown(client.get(QUEUE, {"q": "harbour auth"})) == [by_source.pk]


@pytest.mark.django_db
def test_write_a_verdict_from_a_flag_opens_the_form_filled_in(client, staff_user):
    flag = ContradictionFactory()
    client.force_login(staff_user)
    page = client.get(reverse("admin:verification_contradiction_change", args=[flag.pk]))
    html = page.content.decode()
    assert "Write a verdict on claim A" in html

    url = page.context["verdict_links"][1][1]
    form = client.get(url).context["adminform"].form
    assert form.initial["claim"] == str(flag.claim_b_id)
    assert form.initial["rating"] == "disputed"
    assert flag.reason in form.initial["rationale"]

    claim_page = client.get(reverse("admin:claims_claim_change", args=[flag.claim_a_id]))
    assert "Write a verdict" in claim_page.content.decode()
    assert Verdict.objects.count() == 0  # opening the form writes nothing


# --------------------------------------------------------------------------------------------
# Story page, story list, version diff
# --------------------------------------------------------------------------------------------


def story_with(articles: int, story=None):
    story = story or StoryFactory()
    when = datetime(2026, 3, 14, 6, tzinfo=UTC)
    for n in range(articles):
        article = ArticleFactory()
        StoryArticleFactory(story=story, article=article)
        for number in (1, 2):
            version = ArticleVersionFactory(
                article=article, number=number, published_at=when + timedelta(hours=n + number)
            )
            a = ClaimFactory(version=version, family="deaths", low=7 + n, high=7 + n)
            b = ClaimFactory(version=version, family="deaths", low=None, high=40)
            ContradictionFactory(claim_a=a, claim_b=b, story=story)
    return story


@pytest.mark.django_db
def test_story_page_shows_timelines_open_flags_and_versions(client, staff_user):
    story = story_with(2)
    client.force_login(staff_user)

    page = client.get(reverse("admin:verification_story_change", args=[story.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="ct-timeline"') == 1
    assert "<title>deaths</title>" in html
    assert "contradiction</text>" in html
    assert "Open flags (4)" in html
    assert html.count("/diff/?b=") == 2  # each article's second version links its diff
    assert "signature" not in html  # no raw JSON on the page


@pytest.mark.django_db
def test_story_page_lists_its_open_disagreements(client, staff_user):
    story = story_with(2)
    claims = list(Claim.objects.filter(version__article__story_membership__story=story))
    figures_update_for_version(story=story, claims=claims)
    rows = list(Disagreement.objects.filter(story=story, status="open"))
    assert rows
    client.force_login(staff_user)

    html = client.get(reverse("admin:verification_story_change", args=[story.pk])).content.decode()

    assert f"Open disagreements ({len(rows)})" in html
    for row in rows:
        assert reverse("admin:verification_disagreement_change", args=[row.pk]) in html


@pytest.mark.django_db
def test_story_page_queries_do_not_grow_with_its_articles(client, staff_user):
    small, large = story_with(1), story_with(6)
    client.force_login(staff_user)
    counts = []
    for story in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/admin/verification/story/{story.pk}/change/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 14


@pytest.mark.django_db
def test_story_list_counts_articles_figures_and_open_flags(client, staff_user):
    story = story_with(2)
    Contradiction.objects.filter(story=story).exclude(
        pk=Contradiction.objects.filter(story=story).order_by("pk")[0].pk
    ).update(status="dismissed")
    client.force_login(staff_user)

    row = client.get("/admin/verification/story/").context["cl"].result_list[0]

    assert (row.n_articles, row.n_figures, row.n_open) == (2, 1, 1)


@pytest.mark.django_db
def test_version_diff_marks_changed_sentences_and_lineage(client, staff_user):
    article = ArticleFactory()
    old = ArticleVersionFactory(
        article=article,
        number=1,
        body="The agency said 21 boats were deployed. Rescue went on overnight.",
    )
    new = ArticleVersionFactory(
        article=article,
        number=2,
        update_label="CORRECTED",
        corrected=True,
        body="The agency said 12 boats were deployed. Rescue went on overnight. Rain fell.",
    )
    before = ClaimFactory(version=old, start=16, end=24)
    after = ClaimFactory(version=new, start=16, end=24)
    ClaimLineage.objects.create(
        version=new,
        previous_claim=before,
        current_claim=after,
        label=ClaimLineage.Label.VALUE_CHANGED,
        detail="21 -> 12 boats",
        detector_version="t",
    )
    client.force_login(staff_user)

    page = client.get(reverse("admin:sources_article_diff", args=[article.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["counts"] == {"changed": 1, "added": 1, "removed": 0}
    assert "<del>21</del>" in html
    assert "<ins>12</ins>" in html
    assert '<span class="ct-label">value changed</span>' in html
    assert "CORRECTED" in html


def test_sentences_skip_front_matter_and_keep_abbreviations():
    body = "---\nurl: x\n---\nTitle\n\nIt sank at 5 a.m., the agency said. At 1 p.m. Rain fell."
    texts = [s.text for s in sentences_of(body)]
    assert texts == ["Title", "It sank at 5 a.m., the agency said.", "At 1 p.m.", "Rain fell."]
    for sentence in sentences_of(body):
        assert body[sentence.start : sentence.end] == sentence.text


# --------------------------------------------------------------------------------------------
# The timeline chart, a pure module
# --------------------------------------------------------------------------------------------


def test_timeline_svg_escapes_text_and_draws_every_point():
    at = datetime(2026, 3, 14, 6, tzinfo=UTC)
    points = [
        Point(at, "<script>alert(1)</script>", 7, None, "at least 7", "contradiction"),
        Point(at + timedelta(hours=3), "Agency", 19, 19, "19 dead", "update"),
        Point(at + timedelta(hours=5), "Agency", 30, 41, "30 to 41 dead"),
    ]
    svg = timeline_svg("deaths & missing", points)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "deaths &amp; missing" in svg
    assert svg.count('class="ct-point"') == 3
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing loaded
    assert timeline_svg("empty", []) == ""


def test_timeline_module_imports_no_django():
    code = (
        "import sys, verification.timeline; print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --------------------------------------------------------------------------------------------
# Scale: bounded queries, no whole-table COUNT, no DISTINCT for filter choices
# --------------------------------------------------------------------------------------------


def test_capped_paginator_counts_at_most_the_cap():
    paginator = CappedCountPaginator(list(range(CappedCountPaginator.CAP + 50)), 100)
    assert paginator.count == CappedCountPaginator.CAP


CHANGELISTS = [
    "/admin/verification/contradiction/",
    "/admin/verification/contradiction/?triage=all&q=homes",
    "/admin/claims/claim/",
    "/admin/claims/claim/?q=homes",
    "/admin/sources/articleversion/",
    "/admin/verification/story/",
    "/admin/verification/verdict/",
    "/admin/verification/storyarticle/",
    "/admin/verification/claimlineage/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelists_make_bounded_queries_without_table_counts(
    client, staff_user, url, django_assert_max_num_queries
):
    story = story_with(3)
    for flag in Contradiction.objects.all()[:3]:
        VerdictFactory(claim=flag.claim_a)
    Story.objects.filter(pk=story.pk).update(title="Storm")
    client.force_login(staff_user)

    with django_assert_max_num_queries(12) as queries:
        assert client.get(url).status_code == 200

    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert not any("SELECT DISTINCT" in s for s in sql)
    for statement in sql:
        if "COUNT(" in statement and "GROUP BY" not in statement and "AUTH_" not in statement:
            assert "LIMIT" in statement, statement  # counts only up to the cap
