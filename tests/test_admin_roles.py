"""Roles in the admin: the fact-checker, editor and viewer groups the data migration creates,
and every admin action and custom view refusing whoever lacks the permission it needs."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from claims.models import Claim
from sources.models import ArticleVersion
from tests.factories import (
    ArticleVersionFactory,
    ClaimFactory,
    ContradictionFactory,
    StoryArticleFactory,
    StoryFactory,
    VerdictFactory,
)
from verification.models import Contradiction, Story, StoryArticle, Verdict
from verification.roles import EDITOR, FACT_CHECKER, ROLES, VIEWER, roles_sync

ROLE_NAMES = [VIEWER, FACT_CHECKER, EDITOR]


@pytest.fixture
def role_user(db, django_user_model):
    """A staff user in one role group (the groups come from the data migration)."""

    if not Group.objects.filter(name__in=list(ROLES)).exists():
        # A transactional test ran before and flushed the migration's rows.
        roles_sync(group_model=Group, permission_model=Permission)

    def make(role: str):
        user = django_user_model.objects.create_user(f"{role}-user", password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action: str, ids, **extra):
    return client.post(changelist(model), {"action": action, ACTION_CHECKBOX_NAME: ids, **extra})


@pytest.mark.django_db
def test_data_migration_creates_the_three_roles_with_their_permissions():
    held = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert set(ROLES) <= set(held)
    assert "verification.publish_verdict" in held[EDITOR]
    assert "verification.publish_verdict" not in held[FACT_CHECKER]
    assert {"verification.change_contradiction", "sources.add_articleversion"} <= held[FACT_CHECKER]
    assert all(codename.split(".")[1].startswith("view_") for codename in held[VIEWER])
    assert held[VIEWER] < held[FACT_CHECKER] < held[EDITOR]


@pytest.mark.django_db
def test_roles_command_is_idempotent(role_user):
    from django.core.management import call_command

    call_command("roles")
    call_command("roles")
    assert Group.objects.filter(name__in=list(ROLES)).count() == 3


# --------------------------------------------------------------------------------------------
# Actions: who may run each one (a refused action is not even offered; posting it changes
# nothing)
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
@pytest.mark.parametrize("action", ["confirm", "dismiss", "mark_update"])
def test_contradiction_decisions_need_the_triage_role(client, role_user, role, allowed, action):
    flag = ContradictionFactory()
    client.force_login(role_user(role))

    run_action(client, Contradiction, action, [flag.pk], note="checked the wire")

    flag.refresh_from_db()
    assert (flag.status != Contradiction.Status.OPEN) is allowed
    assert (flag.note == "checked the wire") is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, False), (EDITOR, True)]
)
def test_publishing_verdicts_needs_the_editor_role(client, role_user, role, allowed):
    verdict = VerdictFactory()
    client.force_login(role_user(role))

    run_action(client, Verdict, "publish", [verdict.pk])
    verdict.refresh_from_db()
    assert (verdict.published_at is not None) is allowed

    other = VerdictFactory()
    response = client.post(reverse("admin:verification_verdict_publish", args=[other.pk]))
    other.refresh_from_db()
    assert (other.published_at is not None) is allowed
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
def test_drafting_a_verdict_from_claims_needs_the_triage_role(client, role_user, role, allowed):
    claim = ClaimFactory()
    client.force_login(role_user(role))

    run_action(client, Claim, "mark_disputed", [claim.pk])

    assert Verdict.objects.filter(claim=claim, published_at__isnull=True).exists() is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
def test_verdict_form_drafts_for_triage_roles_only(client, role_user, role, allowed):
    claim = ClaimFactory()
    client.force_login(role_user(role))
    add = reverse("admin:verification_verdict_add")

    assert client.get(f"{add}?claim={claim.pk}").status_code == (200 if allowed else 403)
    client.post(add, {"claim": claim.pk, "rating": "false", "rationale": "The map shows 40."})
    assert Verdict.objects.filter(claim=claim).exists() is allowed


@pytest.mark.django_db
def test_verdict_form_cannot_publish_and_published_verdicts_are_the_editors(client, role_user):
    claim = ClaimFactory()
    client.force_login(role_user(FACT_CHECKER))
    client.post(
        reverse("admin:verification_verdict_add"),
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "x",
            "published_at_0": "2026-03-01",
            "published_at_1": "10:00",
        },
    )
    draft = Verdict.objects.get(claim=claim)
    assert draft.published_at is None  # published_at is not a form field

    draft.published_at = draft.created_at
    draft.save()
    change = reverse("admin:verification_verdict_change", args=[draft.pk])
    client.post(change, {"claim": claim.pk, "rating": "true", "rationale": "changed"})
    draft.refresh_from_db()
    assert draft.rating == "false"  # a published verdict is read-only to a fact-checker

    client.force_login(role_user(EDITOR))
    client.post(change, {"claim": claim.pk, "rating": "true", "rationale": "changed"})
    draft.refresh_from_db()
    assert draft.rating == "true"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, False), (EDITOR, True)]
)
def test_merging_stories_needs_the_editor_role(client, role_user, role, allowed):
    keep, merge = StoryFactory(), StoryFactory()
    StoryArticleFactory(story=merge)
    client.force_login(role_user(role))

    run_action(client, Story, "merge_into_first", [keep.pk, merge.pk])

    assert (not Story.objects.filter(pk=merge.pk).exists()) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, False), (EDITOR, True)]
)
def test_splitting_stories_needs_the_editor_role(client, role_user, role, allowed):
    story = StoryFactory()
    staying, leaving = StoryArticleFactory(story=story), StoryArticleFactory(story=story)
    client.force_login(role_user(role))

    run_action(client, StoryArticle, "split_off", [leaving.pk])

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert (leaving.story_id != story.pk) is allowed
    assert staying.story_id == story.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
def test_retrying_extraction_needs_the_triage_role(
    client, role_user, role, allowed, django_capture_on_commit_callbacks
):
    failed = ArticleVersionFactory(status=ArticleVersion.Status.FAILED, error="spaCy crashed")
    client.force_login(role_user(role))

    with django_capture_on_commit_callbacks(execute=False):
        run_action(client, ArticleVersion, "retry_extraction", [failed.pk])

    failed.refresh_from_db()
    assert (failed.status == ArticleVersion.Status.PENDING) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
def test_submitting_an_article_needs_the_triage_role(
    client, role_user, role, allowed, django_capture_on_commit_callbacks
):
    client.force_login(role_user(role))
    submit = reverse("admin:sources_article_submit")

    assert client.get(submit).status_code == (200 if allowed else 403)
    with django_capture_on_commit_callbacks():
        client.post(
            submit,
            {"text": "The fire service said 40 homes were evacuated.", "outlet": "Valley News"},
        )
    assert ArticleVersion.objects.exists() is allowed
    page = client.get(reverse("admin:sources_article_changelist")).content.decode()
    assert ("Submit an article" in page) is allowed


# --------------------------------------------------------------------------------------------
# Viewer: every page readable, nothing changeable; pipeline output read-only for everyone
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_viewer_sees_pages_but_no_action_no_save_and_no_delete(client, role_user):
    flag = ContradictionFactory()
    client.force_login(role_user(VIEWER))

    queue = client.get(changelist(Contradiction))
    assert queue.status_code == 200
    assert 'name="action"' not in queue.content.decode()

    page = client.get(reverse("admin:verification_contradiction_change", args=[flag.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in html
    assert "Write a verdict" not in html

    client.post(
        reverse("admin:verification_contradiction_change", args=[flag.pk]),
        {"status": "dismissed", "note": "no"},
    )
    flag.refresh_from_db()
    assert flag.status == Contradiction.Status.OPEN
    history = client.get(reverse("admin:verification_contradiction_history", args=[flag.pk]))
    assert history.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_pipeline_output_is_read_only_for_every_role(client, role_user, staff_user, role):
    flag = ContradictionFactory()
    for user in (role_user(role), staff_user):
        client.force_login(user)
        request = type("R", (), {"user": user})()
        claim_admin = admin.site._registry[Claim]
        assert not claim_admin.has_change_permission(request, flag.claim_a)
        assert not claim_admin.has_delete_permission(request, flag.claim_a)
        contradiction_admin = admin.site._registry[Contradiction]
        assert not contradiction_admin.has_delete_permission(request, flag)
        readonly = set(contradiction_admin.get_readonly_fields(request, flag))
        assert {"claim_a", "claim_b", "reason", "confidence", "detector", "kind"} <= readonly

    client.force_login(staff_user)
    page = client.get(reverse("admin:verification_contradiction_change", args=[flag.pk]))
    html = page.content.decode()
    assert 'name="status"' in html
    assert 'name="confidence"' not in html
    assert 'name="reason"' not in html


@pytest.mark.django_db
def test_staff_without_a_role_reaches_no_custom_page(client, django_user_model):
    article = ArticleVersionFactory(number=2).article
    ArticleVersionFactory(article=article, number=1)
    verdict = VerdictFactory()
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(nobody)

    assert client.get(reverse("admin:sources_article_diff", args=[article.pk])).status_code == 403
    assert client.get(reverse("admin:sources_article_submit")).status_code == 403
    publish = reverse("admin:verification_verdict_publish", args=[verdict.pk])
    assert client.post(publish).status_code == 403
    verdict.refresh_from_db()
    assert verdict.published_at is None


@pytest.mark.django_db
def test_viewer_reads_the_story_page_and_version_diff_but_cannot_merge(client, role_user):
    story = StoryFactory()
    article = StoryArticleFactory(story=story).article
    ArticleVersionFactory(article=article, number=1)
    ArticleVersionFactory(article=article, number=2)
    client.force_login(role_user(VIEWER))

    page = client.get(reverse("admin:verification_story_change", args=[story.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:sources_article_diff", args=[article.pk])).status_code == 200
    stories = client.get(changelist(Story)).content.decode()
    assert "merge_into_first" not in stories


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [(FACT_CHECKER, False), (EDITOR, True)])
def test_sending_a_webhook_delivery_again_needs_the_editor_role(
    client, role_user, role, allowed, django_capture_on_commit_callbacks
):
    import uuid

    from verification.models import WebhookDelivery, WebhookSubscriber

    subscriber = WebhookSubscriber.objects.create(
        name="desk", url="https://hooks.example.org/in", secret="s", events=["verdict.published"]
    )
    delivery = WebhookDelivery.objects.create(
        subscriber=subscriber,
        event="verdict.published",
        key="verdict:1",
        delivery_id=uuid.uuid4(),
        payload={"id": 1},
        status=WebhookDelivery.Status.FAILED,
        attempts=3,
    )
    client.force_login(role_user(role))

    with django_capture_on_commit_callbacks() as callbacks:
        run_action(client, WebhookDelivery, "send_again", [delivery.pk])

    delivery.refresh_from_db()
    assert (delivery.status == WebhookDelivery.Status.PENDING) is allowed
    assert bool(callbacks) is allowed
