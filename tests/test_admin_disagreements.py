"""The triage queue of disagreements in the admin (issue 10): order, filters, search, decisions
in bulk and one by one with their note and audit, the change page's members and flags, the
verdict form filled in from it, roles, and bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import ContradictionFactory, StoryArticleFactory, StoryFactory
from verification.figures import figures_update_for_version
from verification.models import Contradiction, Disagreement
from verification.roles import EDITOR, FACT_CHECKER, ROLES, VIEWER, roles_sync

QUEUE = "/admin/verification/disagreement/"


def disagreement_in(story_key: str, family: str = "home", *, value: float = 300, **claim):
    """A story whose two sources disagree about one figure, filed as detection files it."""
    story = StoryFactory(key=story_key, title=story_key.title())
    flag = ContradictionFactory(
        story=story,
        claim_a__family=family,
        claim_b__family=family,
        **{f"claim_a__{k}": v for k, v in claim.items()},
    )
    flag.claim_b.low = flag.claim_b.high = value
    flag.claim_b.save()
    StoryArticleFactory(story=story, article=flag.claim_a.version.article)
    figures_update_for_version(story=story, claims=[flag.claim_a, flag.claim_b])
    return Disagreement.objects.get(story=story)


def change_url(row) -> str:
    return reverse("admin:verification_disagreement_change", args=[row.pk])


def rows_of(response) -> list[int]:
    return [row.pk for row in response.context["cl"].result_list]


@pytest.fixture
def role_user(db, django_user_model):
    if not Group.objects.filter(name__in=list(ROLES)).exists():
        roles_sync(group_model=Group, permission_model=Permission)

    def make(role: str):
        user = django_user_model.objects.create_user(f"{role}-user", password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


# --------------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_lists_open_disagreements_most_important_first(client, staff_user):
    many_sources = disagreement_in("many-2026")
    strong = disagreement_in("strong-2026")
    # A member from a version labelled CORRECTED: stored when the disagreement is built.
    corrected = disagreement_in("corrected-2026", version__corrected=True)
    assert corrected.corrected
    assert not strong.corrected
    Disagreement.objects.filter(pk=corrected.pk).update(confidence=0.3)
    Disagreement.objects.filter(pk=strong.pk).update(confidence=0.7)
    # 0.5 + 0.5 for three sources outranks 0.7 + 0.25 for two; 0.3 + 0.5 for the correction
    # + 0.25 for two sources outranks both.
    Disagreement.objects.filter(pk=many_sources.pk).update(confidence=0.5, source_count=3)
    decided = disagreement_in("decided-2026")
    Disagreement.objects.filter(pk=decided.pk).update(status="dismissed")
    client.force_login(staff_user)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert rows_of(response) == [corrected.pk, many_sources.pk, strong.pk]  # decided apart
    assert response.content.decode().count('ct-corrected">CORRECTED') == 1
    assert rows_of(client.get(QUEUE + "?triage=decided")) == [decided.pk]
    assert rows_of(client.get(QUEUE + "?corrected__exact=1")) == [corrected.pk]
    assert rows_of(client.get(QUEUE + "?corrected__exact=0")) == [many_sources.pk, strong.pk]


@pytest.mark.django_db
def test_queue_marks_what_is_new_since_the_last_visit(client, staff_user):
    old = disagreement_in("old-2026")
    client.force_login(staff_user)
    client.get(QUEUE)  # the visit that saw `old`
    Disagreement.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(minutes=5))
    fresh = disagreement_in("fresh-2026")

    response = client.get(QUEUE)

    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert rows[fresh.pk].is_new
    assert not rows[old.pk].is_new
    assert rows_of(response)[0] == fresh.pk


@pytest.mark.django_db
def test_queue_filters_by_story_source_status_family_and_kind(client, staff_user):
    storm = disagreement_in("storm-2026")
    ferry = disagreement_in("ferry-2026", family="missing")
    Disagreement.objects.filter(pk=ferry.pk).update(status="confirmed", kind="mixed")
    client.force_login(staff_user)

    assert rows_of(client.get(f"{QUEUE}?story={storm.story_id}")) == [storm.pk]
    assert rows_of(client.get(f"{QUEUE}?triage=all&status=confirmed")) == [ferry.pk]
    assert rows_of(client.get(f"{QUEUE}?triage=all&family=missing")) == [ferry.pk]
    assert rows_of(client.get(f"{QUEUE}?triage=all&kind=mixed")) == [ferry.pk]
    source_id = ferry.claims.order_by("pk").first().source_id
    response = client.get(f"{QUEUE}?triage=all&source={source_id}")
    assert rows_of(response) == [ferry.pk]
    assert f"?source={source_id}&amp;triage=all" in client.get(change_url(ferry)).content.decode()


@pytest.mark.django_db
def test_queue_searches_member_claims_text_and_source_names(client, staff_user):
    storm = disagreement_in("storm-2026", text="The storm destroyed 200 homes")
    ferry = disagreement_in("ferry-2026")
    client.force_login(staff_user)

    assert rows_of(client.get(QUEUE + "?q=destroyed")) == [storm.pk]
    source = ferry.claims.order_by("pk").first().source
    source.__class__.objects.filter(pk=source.pk).update(name="Harbour Authority")
    assert rows_of(client.get(QUEUE + "?q=harbour")) == [ferry.pk]
    assert rows_of(client.get(QUEUE + "?q=nothing-like-this")) == []


# --------------------------------------------------------------------------------------------
# Decisions and audit
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_decision_reaches_the_flags_and_is_on_each_history(client, staff_user):
    first, second = disagreement_in("storm-2026"), disagreement_in("ferry-2026")
    client.force_login(staff_user)

    client.post(
        QUEUE,
        {"action": "confirm", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "note": "wire check"},
    )

    for row in (first, second):
        row.refresh_from_db()
        assert (row.status, row.note, row.reviewed_by) == ("confirmed", "wire check", staff_user)
        entry = LogEntry.objects.get(object_id=str(row.pk), content_type__model="disagreement")
        assert entry.user == staff_user
        assert "status: 'open' → 'confirmed'" in entry.change_message
        assert "bulk action 'confirm'" in entry.change_message
    flags = Contradiction.objects.filter(disagreement_evidence__disagreement__in=[first, second])
    assert {f.status for f in flags} == {"confirmed"}


@pytest.mark.django_db
def test_one_by_one_decision_with_a_note_is_audited(client, staff_user):
    row = disagreement_in("storm-2026")
    client.force_login(staff_user)

    response = client.post(change_url(row), {"status": "dismissed", "note": "same count"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.note, row.reviewed_by) == ("dismissed", "same count", staff_user)
    entry = LogEntry.objects.get(object_id=str(row.pk), content_type__model="disagreement")
    assert "status: 'open' → 'dismissed'" in entry.change_message
    assert Contradiction.objects.get(disagreement_evidence__disagreement=row).status == "dismissed"


@pytest.mark.django_db
def test_reopening_while_the_figure_has_another_open_one_is_refused(client, staff_user):
    row = disagreement_in("storm-2026")
    Disagreement.objects.filter(pk=row.pk).update(status="confirmed")
    Disagreement.objects.create(
        figure=row.figure, story=row.story, kind=row.kind, reason="newer", confidence=0.5
    )
    client.force_login(staff_user)

    response = client.post(change_url(row), {"status": "open", "note": ""})

    assert response.status_code == 200
    assert "already has an open disagreement" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "confirmed"


@pytest.mark.django_db
def test_change_page_shows_reason_members_flags_and_verdict_links(client, staff_user):
    row = disagreement_in("storm-2026")
    client.force_login(staff_user)

    html = client.get(change_url(row)).content.decode()

    assert row.reason
    assert row.reason in html
    for claim in row.claims.select_related("source", "version__article"):
        assert claim.source.name in html
        assert reverse("admin:claims_claim_change", args=[claim.pk]) in html
        assert f"claim={claim.pk}" in html  # the verdict form, filled in
    flag = Contradiction.objects.get(disagreement_evidence__disagreement=row)
    assert reverse("admin:verification_contradiction_change", args=[flag.pk]) in html
    assert "rating=disputed" in html
    # pipeline fields are shown, not editable
    assert 'name="confidence"' not in html
    assert 'name="reason"' not in html
    assert 'name="status"' in html
    assert 'name="note"' in html


@pytest.mark.django_db
def test_disagreements_are_never_added_or_deleted_in_the_admin(client, staff_user):
    row = disagreement_in("storm-2026")
    client.force_login(staff_user)
    assert client.get(QUEUE + "add/").status_code == 403
    assert (
        client.post(change_url(row).replace("change/", "delete/"), {"post": "yes"}).status_code
        == 403
    )
    assert Disagreement.objects.filter(pk=row.pk).exists()


# --------------------------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
@pytest.mark.parametrize("action", ["confirm", "dismiss", "mark_update"])
def test_bulk_decisions_need_the_triage_role(client, role_user, role, allowed, action):
    row = disagreement_in("storm-2026")
    client.force_login(role_user(role))

    client.post(QUEUE, {"action": action, ACTION_CHECKBOX_NAME: [row.pk], "note": "checked"})

    row.refresh_from_db()
    assert (row.status != "open") is allowed
    assert (row.note == "checked") is allowed
    assert LogEntry.objects.filter(object_id=str(row.pk)).exists() is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [(VIEWER, False), (FACT_CHECKER, True), (EDITOR, True)]
)
def test_one_by_one_decision_needs_the_triage_role(client, role_user, role, allowed):
    row = disagreement_in("storm-2026")
    client.force_login(role_user(role))

    page = client.get(change_url(row))
    response = client.post(change_url(row), {"status": "confirmed", "note": "checked"})

    assert page.status_code == 200  # every role reads the page
    assert ('name="status"' in page.content.decode()) is allowed
    assert ("Write a verdict" in page.content.decode()) is allowed
    assert response.status_code == (302 if allowed else 403)
    row.refresh_from_db()
    assert (row.status == "confirmed") is allowed


@pytest.mark.django_db
def test_viewer_reads_the_queue_without_actions(client, role_user):
    disagreement_in("storm-2026")
    client.force_login(role_user(VIEWER))

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()


# --------------------------------------------------------------------------------------------
# Bounded queries
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?q=homes", "?triage=all&family=home", "?story=1"])
def test_queue_makes_bounded_queries_without_table_counts(
    client, staff_user, query, django_assert_max_num_queries
):
    for n in range(6):
        disagreement_in(f"story-{n}")
    client.force_login(staff_user)

    with django_assert_max_num_queries(10) as queries:
        assert client.get(QUEUE + query).status_code == 200

    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert not any("SELECT DISTINCT" in s for s in sql)
    for statement in sql:
        if "COUNT(" in statement and "GROUP BY" not in statement and "AUTH_" not in statement:
            assert "LIMIT" in statement, statement


@pytest.mark.django_db
def test_change_page_makes_bounded_queries(client, staff_user, django_assert_max_num_queries):
    row = disagreement_in("storm-2026")
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        assert client.get(change_url(row)).status_code == 200


@pytest.mark.django_db
def test_story_list_counts_open_disagreements_with_a_link_to_them(client, staff_user):
    row = disagreement_in("storm-2026")
    disagreement_in("ferry-2026")
    Disagreement.objects.filter(story__key="ferry-2026").update(status="dismissed")
    client.force_login(staff_user)

    response = client.get("/admin/verification/story/")

    counts = {story.key: story.n_disagreements for story in response.context["cl"].result_list}
    assert counts == {"storm-2026": 1, "ferry-2026": 0}
    assert f"{QUEUE}?story={row.story_id}" in response.content.decode()


@pytest.mark.django_db
def test_queue_search_follows_renames_merges_and_new_members(client, staff_user, postgres):
    """The queues search their rows' own `search_text` (PostgreSQL triggers keep it): a renamed
    source, a source merge and a new member are found at once, and a stale save() of a row
    loaded earlier does not blank it."""
    from sources.models import Source
    from sources.services import source_merge
    from tests.factories import ClaimFactory, SourceFactory

    disagreement = disagreement_in("storm-2026", text="The storm destroyed 200 homes")
    flag = Contradiction.objects.get(story=disagreement.story)
    stale_flag, stale_row = Contradiction.objects.get(pk=flag.pk), disagreement
    source = flag.claim_a.source
    client.force_login(staff_user)
    flags_queue = "/admin/verification/contradiction/"

    Source.objects.filter(pk=source.pk).update(name="Lake Tessin Harbour Authority")
    assert rows_of(client.get(QUEUE + "?q=tessin+harbour")) == [disagreement.pk]
    assert rows_of(client.get(flags_queue + "?q=tessin+harbour")) == [flag.pk]

    keep = SourceFactory(name="Regional Coast Guard")
    source_merge(keep=keep, merge=Source.objects.get(pk=source.pk))
    assert rows_of(client.get(QUEUE + "?q=coast+guard")) == [disagreement.pk]
    assert rows_of(client.get(flags_queue + "?q=coast+guard")) == [flag.pk]
    assert rows_of(client.get(QUEUE + "?q=tessin+harbour")) == []

    # A later conflicting value joins the open disagreement: its text is searchable.
    newcomer = ClaimFactory(
        version=flag.claim_a.version,
        family="home",
        low=900,
        high=900,
        text="Officials counted 900 wrecked houses",
    )
    figures_update_for_version(
        story=disagreement.story,
        claims=[
            ContradictionFactory(
                story=disagreement.story, claim_a=flag.claim_a, claim_b=newcomer
            ).claim_a,
            newcomer,
        ],
    )
    assert rows_of(client.get(QUEUE + "?q=wrecked+houses")) == [disagreement.pk]

    stale_flag.save()  # a full save of rows loaded before: the stored text stands
    stale_row.save()
    assert rows_of(client.get(QUEUE + "?q=wrecked+houses")) == [disagreement.pk]
    assert flag.pk in rows_of(client.get(flags_queue + "?q=coast+guard"))


@pytest.mark.django_db
def test_sorted_page_paginator_pages_the_queue_order(django_assert_max_num_queries):
    """Each page: the ids in the queue's order first, then those rows (with their joins)."""
    from verification.admin_support import SortedPagePaginator

    rows = [disagreement_in(f"story-{n}") for n in range(5)]
    for n, row in enumerate(rows):
        Disagreement.objects.filter(pk=row.pk).update(confidence=n / 10)
    queue = Disagreement.objects.select_related("story", "figure").order_by("-confidence", "-id")
    paginator = SortedPagePaginator(queue, 2)

    with django_assert_max_num_queries(1 + 3 * 2):  # the capped count; ids and rows a page
        pages = [[row.pk for row in paginator.page(n).object_list] for n in (1, 2, 3)]

    assert pages == [[rows[4].pk, rows[3].pk], [rows[2].pk, rows[1].pk], [rows[0].pk]]
