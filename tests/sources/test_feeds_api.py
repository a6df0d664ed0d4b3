"""The feed and watched-url API and admin screens: who may do what, and bounded queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sources.models import Feed, WatchedUrl

FEEDS = "/api/v1/feeds/"
WATCHED = "/api/v1/watched-urls/"
SUBMIT = "/api/v1/watched-urls/submit/"


@pytest.fixture
def editor(db, django_user_model):
    """A user with the feed and watched-url permissions (the editor role), not a superuser."""
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="sources",
            codename__in=[
                "add_feed",
                "change_feed",
                "view_feed",
                "add_watchedurl",
                "change_watchedurl",
                "view_watchedurl",
            ],
        )
    )
    return user


@pytest.fixture
def allow_loopback(settings):
    settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE = True


@pytest.mark.django_db
def test_editor_creates_a_feed_once(api_client, editor, allow_loopback):
    api_client.force_login(editor)
    payload = {"url": "http://127.0.0.1:9/feed.xml", "outlet": "Coastal Herald"}
    first = api_client.post(FEEDS, payload, format="json")
    again = api_client.post(FEEDS, payload, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["outlet"] == "Coastal Herald"
    assert first.json()["next_poll_at"] is not None
    assert again.status_code == 200
    assert Feed.objects.count() == 1


@pytest.mark.django_db
def test_feeds_need_the_editor_permission_to_change(api_client, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="pw")
    api_client.force_login(reader)
    response = api_client.post(FEEDS, {"url": "https://herald.example.org/rss"}, format="json")
    assert response.status_code == 403
    assert not Feed.objects.exists()


@pytest.mark.django_db
def test_feed_with_a_private_address_is_refused_with_the_reason(api_client, editor):
    api_client.force_login(editor)
    response = api_client.post(FEEDS, {"url": "http://127.0.0.1/feed.xml"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "rejected_url"
    assert "not a public address" in response.json()["detail"]


@pytest.mark.django_db
def test_editor_pauses_a_feed_and_polls_it_now(
    api_client, editor, allow_loopback, django_capture_on_commit_callbacks
):
    api_client.force_login(editor)
    feed_id = api_client.post(FEEDS, {"url": "http://127.0.0.1:9/f"}, format="json").json()["id"]
    paused = api_client.patch(f"{FEEDS}{feed_id}/", {"active": False}, format="json")
    assert paused.status_code == 200, paused.content
    assert paused.json()["active"] is False
    with django_capture_on_commit_callbacks() as callbacks:
        assert api_client.post(f"{FEEDS}{feed_id}/poll/").status_code == 202
    assert callbacks == []  # an inactive feed is not polled
    api_client.patch(f"{FEEDS}{feed_id}/", {"active": True}, format="json")
    with django_capture_on_commit_callbacks() as callbacks:
        api_client.post(f"{FEEDS}{feed_id}/poll/")
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_submit_by_url_watches_it_and_a_second_submit_returns_it(
    api_client, editor, allow_loopback, django_capture_on_commit_callbacks
):
    api_client.force_login(editor)
    with django_capture_on_commit_callbacks() as callbacks:
        first = api_client.post(SUBMIT, {"url": "http://127.0.0.1:9/a?utm_medium=x"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["watched_url"]["url"] == "http://127.0.0.1:9/a"
    assert len(callbacks) == 1  # the fetch is queued on commit
    again = api_client.post(SUBMIT, {"url": "http://127.0.0.1:9/a"}, format="json")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert WatchedUrl.objects.count() == 1


@pytest.mark.django_db
def test_submit_by_url_needs_the_permission_and_a_public_address(
    api_client, editor, django_user_model
):
    api_client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert (
        api_client.post(SUBMIT, {"url": "https://x.example.org/"}, format="json").status_code == 403
    )
    api_client.force_login(editor)
    metadata = {"url": "http://169.254.169.254/latest/meta-data/"}
    refused = api_client.post(SUBMIT, metadata, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "rejected_url"
    assert "not a public address" in refused.json()["detail"]
    assert not WatchedUrl.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("route", [FEEDS, WATCHED])
def test_feed_lists_use_bounded_queries(
    api_client, django_assert_max_num_queries, django_user_model, route
):
    api_client.force_authenticate(django_user_model.objects.create_user("reader"))
    for total in (3, 12):
        for n in range(Feed.objects.count(), total):
            feed = Feed.objects.create(url=f"https://herald.example.org/{n}.xml")
            WatchedUrl.objects.create(url=f"https://herald.example.org/a{n}", feed=feed)
        with django_assert_max_num_queries(3):
            response = api_client.get(route)
        assert response.status_code == 200
        assert len(response.json()["results"]) == total


@pytest.mark.django_db
def test_editor_submits_a_url_in_the_admin(
    client, editor, allow_loopback, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    changelist = client.get(reverse("admin:sources_watchedurl_changelist"))
    assert reverse("admin:sources_watchedurl_submit") in changelist.content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:sources_watchedurl_submit"), {"url": "http://127.0.0.1:9/story"}
        )
    watched = WatchedUrl.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:sources_watchedurl_change", args=[watched.pk])
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_admin_submit_of_a_private_url_shows_the_reason(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:sources_watchedurl_submit"), {"url": "http://10.0.0.1/"})
    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not WatchedUrl.objects.exists()


@pytest.mark.django_db
def test_admin_feed_action_queues_a_poll(client, editor, django_capture_on_commit_callbacks):
    feed = Feed.objects.create(url="https://herald.example.org/rss")
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:sources_feed_changelist"),
            {"action": "poll_now", "_selected_action": [feed.pk]},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_feed_url_and_fetch_admin_pages_render(client, staff_user):
    from datetime import UTC, datetime

    from sources.models import VersionFetch
    from tests.factories import ArticleVersionFactory

    feed = Feed.objects.create(url="https://herald.example.org/rss", error="HTTP 500")
    watched = WatchedUrl.objects.create(url="https://herald.example.org/a", feed=feed)
    fetch = VersionFetch.objects.create(
        version=ArticleVersionFactory(),
        watched_url=watched,
        url=watched.url,
        fetched_at=datetime(2026, 3, 14, tzinfo=UTC),
    )
    client.force_login(staff_user)
    for model, row in ((Feed, feed), (WatchedUrl, watched), (VersionFetch, fetch)):
        name = f"admin:sources_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200
        assert client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:sources_watchedurl_submit")).status_code == 200
