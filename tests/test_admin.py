"""The Django admin: every registered screen renders for a superuser, and the fact-checkers'
actions and filters on contradictions and article versions do what they say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from sources.models import ArticleVersion, SourceAlias
from tests.factories import (
    ArticleVersionFactory,
    ClaimFactory,
    ContradictionFactory,
    StoryArticleFactory,
    StoryFactory,
    VerdictFactory,
)
from verification.models import ClaimLineage, Contradiction, ContradictionReport, StoryTerm

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def admin_rows(db):
    """A few rows of every project model an admin screen lists."""
    story = StoryFactory()
    contradiction = ContradictionFactory(story=story)
    StoryArticleFactory(story=story, article=contradiction.claim_a.version.article)
    StoryTerm.objects.create(story=story, term="storm")
    SourceAlias.objects.create(
        source=contradiction.claim_a.source, alias="Energy ministry", key="energy ministry"
    )
    later = ClaimFactory(
        version=ArticleVersionFactory(article=contradiction.claim_a.version.article)
    )
    ClaimLineage.objects.create(
        version=later.version,
        previous_claim=contradiction.claim_a,
        current_claim=later,
        label=ClaimLineage.Label.VALUE_CHANGED,
        detail="1,200 -> 1,500 homes",
        detector_version="lineage-1",
    )
    VerdictFactory(claim=contradiction.claim_b)
    VerdictFactory(published_at=datetime(2026, 3, 2, tzinfo=UTC))
    ArticleVersionFactory(status=ArticleVersion.Status.FAILED, error="spaCy crashed")
    ContradictionReport.objects.create(
        period_start=datetime(2026, 3, 1, 6, tzinfo=UTC),
        period_end=datetime(2026, 3, 2, 6, tzinfo=UTC),
        contradiction_count=1,
        text="1 contradiction",
    )
    return contradiction


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_admin_changelist_and_add_pages_render(client, staff_user, admin_rows, model):
    client.force_login(staff_user)
    model_admin = admin.site._registry[model]

    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200

    request = RequestFactory().get("/admin/")
    request.user = staff_user
    if model_admin.has_add_permission(request):
        assert client.get(admin_url(model, "add")).status_code == 200

    row = model._default_manager.order_by("pk").first()
    if row is not None:
        assert client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status"),
    [("confirm", Contradiction.Status.CONFIRMED), ("dismiss", Contradiction.Status.DISMISSED)],
)
def test_contradiction_admin_action_records_review(client, staff_user, action, status):
    chosen = ContradictionFactory()
    other = ContradictionFactory()
    client.force_login(staff_user)

    response = client.post(
        admin_url(Contradiction, "changelist"),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [chosen.pk]},
    )

    assert response.status_code == 302
    chosen.refresh_from_db()
    assert chosen.status == status
    assert chosen.reviewed_by == staff_user
    assert chosen.reviewed_at is not None
    other.refresh_from_db()
    assert other.status == Contradiction.Status.OPEN
    assert other.reviewed_by is None
    assert other.reviewed_at is None


@pytest.mark.django_db
def test_contradiction_admin_triage_open_shows_open_flags_without_updates(client, staff_user):
    open_contradiction = ContradictionFactory()
    open_correction = ContradictionFactory(relation=Contradiction.Relation.CORRECTION)
    ContradictionFactory(relation=Contradiction.Relation.UPDATE)
    ContradictionFactory(status=Contradiction.Status.CONFIRMED)
    ContradictionFactory(status=Contradiction.Status.DISMISSED)
    client.force_login(staff_user)

    response = client.get(admin_url(Contradiction, "changelist"), {"triage": "open"})

    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    assert shown == {open_contradiction.pk, open_correction.pk}


@pytest.mark.django_db
def test_article_version_admin_retry_extraction_requeues_failed_version(
    client, staff_user, django_capture_on_commit_callbacks
):
    failed = ArticleVersionFactory(status=ArticleVersion.Status.FAILED, error="spaCy crashed")
    done = ArticleVersionFactory(status=ArticleVersion.Status.DONE)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            admin_url(ArticleVersion, "changelist"),
            {
                "action": "retry_extraction",
                admin.helpers.ACTION_CHECKBOX_NAME: [failed.pk, done.pk],
            },
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    done.refresh_from_db()
    assert failed.status == ArticleVersion.Status.PENDING
    assert failed.claimed_at is None
    assert done.status == ArticleVersion.Status.DONE
    assert len(callbacks) == 1  # only the failed version is enqueued again


@pytest.mark.django_db
def test_contradiction_page_shows_both_claims_marked_in_their_text(client, staff_user):
    body = "The utility said 1,200 homes lost power overnight, officials added."
    flag = ContradictionFactory(
        claim_a__version__body=body,
        claim_a__start=17,
        claim_a__end=28,
        claim_b__version__body="The mayor said 300 homes were dark.",
        claim_b__start=15,
        claim_b__end=24,
    )
    client.force_login(staff_user)
    page = client.get(f"/admin/verification/contradiction/{flag.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>1,200 homes</mark>" in html
    assert "<mark>300 homes</mark>" in html


@pytest.mark.django_db
def test_fact_checker_can_submit_an_article_in_the_admin(
    client, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    assert client.get("/admin/sources/article/submit/").status_code == 200
    text = "The fire service said 40 homes were evacuated after the river burst its banks."
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/admin/sources/article/submit/",
            {"text": text, "url": "https://news.example.org/flood", "outlet": "Valley News"},
        )
    version = ArticleVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/sources/articleversion/{version.pk}/change/")
    assert version.article.outlet.name == "Valley News"
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_admin_submit_of_an_empty_text_shows_the_reason(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/admin/sources/article/submit/", {"text": "   \n "})
    assert response.status_code == 200
    assert not ArticleVersion.objects.exists()
