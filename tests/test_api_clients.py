"""What REST clients rely on: tokens and roles, throttling, JSON errors, incremental sync
(updated_at stamped by the database, keyset cursors, tombstones), filters by keys and names,
strict query parameters, and the public ClaimReview pages."""

from __future__ import annotations

import base64
import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import (
    ClaimFactory,
    ContradictionFactory,
    SourceFactory,
    StoryArticleFactory,
    StoryFactory,
    VerdictFactory,
)
from tests.test_api import PUBLISHED, token_client
from verification import claimreview
from verification.models import Contradiction, Tombstone, Verdict
from verification.services import contradiction_review


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("reader")


@pytest.fixture
def no_lag(settings):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0


# ---------------------------------------------------------------------------------- tokens


@pytest.mark.django_db
def test_reads_need_a_token_except_published_verdicts_and_claim_reviews(reader):
    VerdictFactory(published_at=PUBLISHED)
    anonymous = APIClient()

    for route in ("claims", "contradictions", "stories", "sources", "articles", "deletions"):
        response = anonymous.get(f"/api/v1/{route}/")
        assert response.status_code == 401, route
        assert response.json()["code"] == "not_authenticated"
    assert anonymous.get("/api/v1/verdicts/").status_code == 200
    assert anonymous.get("/api/v1/claim-reviews/").status_code == 200
    assert token_client(reader).get("/api/v1/claims/").status_code == 200


@pytest.mark.django_db
def test_basic_auth_is_not_accepted(django_user_model):
    django_user_model.objects.create_user("basic", password="pw")
    client = APIClient()
    basic = base64.b64encode(b"basic:pw").decode()

    response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Basic {basic}")

    assert response.status_code == 401


@pytest.mark.django_db
def test_token_from_command_works_until_revoked(reader):
    out = StringIO()
    call_command("api_token", "reader", stdout=out)
    key = out.getvalue().strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/claims/").status_code == 200

    rotated = StringIO()
    call_command("api_token", "reader", "--rotate", stdout=rotated)
    assert rotated.getvalue().strip() != key
    assert client.get("/api/v1/claims/").status_code == 401

    call_command("api_token", "reader", "--revoke", stdout=StringIO())
    assert not Token.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_tokens_are_managed_in_the_admin(admin_client, reader):
    response = admin_client.post(
        "/admin/authtoken/tokenproxy/add/", {"user": reader.pk}, follow=True
    )
    assert response.status_code == 200
    assert Token.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_roles_are_django_permissions_that_groups_carry(reader):
    verdict = VerdictFactory(published_at=None)
    client = token_client(reader)
    url = f"/api/v1/verdicts/{verdict.pk}/publish/"

    denied = client.post(url)
    assert denied.status_code == 403
    assert "editor" in denied.json()["detail"]
    verdict.refresh_from_db()
    assert verdict.published_at is None

    editors = Group.objects.create(name="editors")
    editors.permissions.add(Permission.objects.get(codename="publish_verdict"))
    reader.groups.add(editors)
    client = token_client(type(reader).objects.get(pk=reader.pk))  # fresh permission cache
    published = client.post(url)
    assert published.status_code == 200, published.content
    assert published.json()["published_at"]
    assert APIClient().get(f"/api/v1/verdicts/{verdict.pk}/").status_code == 200


@pytest.mark.django_db
def test_throttle_counts_per_token(settings, reader, django_user_model):
    from django.core.cache import cache

    cache.clear()
    settings.CLAIMTRACKER_API_RATES = {"token": "2/minute", "anon": "1/minute"}
    first = token_client(reader)
    other = token_client(django_user_model.objects.create_user("other"))

    assert [first.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 429]
    limited = first.get("/api/v1/claims/")
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0
    assert other.get("/api/v1/claims/").status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_errors_are_json(reader):
    client = token_client(reader)
    assert client.get("/api/v1/claims/999999/").json() == {
        "detail": "No Claim matches the given query.",
        "code": "not_found",
    }
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["code"] == "not_found"


# ---------------------------------------------------------------------- strict parameters


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2026-01-01", "Unknown query parameter(s): since. Allowed: "),
        ("confidence__gte=0.5", "Unknown query parameter(s): confidence__gte."),
        ("ordering=created_at", "ordering must be one of: -id, updated_at, -confidence."),
        ("page_size=false", "page_size must be a whole number from 1 to 500."),
        ("page_size=0", "page_size must be a whole number from 1 to 500."),
        ("cursor=bm9wZQ", "Invalid cursor"),
        ("status=open&status=dismissed", "given more than once: status."),
        ("updated_after=", "updated_after must not be empty."),
    ],
)
def test_bad_query_parameters_answer_400_saying_why(reader, query, message):
    response = token_client(reader).get(f"/api/v1/contradictions/?{query}")

    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.django_db
def test_unknown_parameter_error_names_the_allowed_ones(reader):
    detail = token_client(reader).get("/api/v1/claims/?since=x").json()["detail"]

    allowed = detail.split("Allowed: ")[1].rstrip(".").split(", ")
    assert {"story", "source", "measure", "updated_after", "cursor", "ordering"} <= set(allowed)


# --------------------------------------------------------------------------------- filters


@pytest.mark.django_db
def test_filters_take_what_responses_show(reader):
    story = StoryFactory(key="story-4")
    flag = ContradictionFactory(story=story, claim_a=ClaimFactory(measure="people killed"))
    StoryArticleFactory(story=story, article=flag.claim_a.version.article)
    other = ContradictionFactory(story=StoryFactory(key="story-5"))
    client = token_client(reader)

    def ids(route, **params):
        response = client.get(f"/api/v1/{route}/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("contradictions", story="story-4") == {flag.pk}
    assert ids("contradictions", source=flag.claim_b.source.name) == {flag.pk}
    assert ids("contradictions", measure="people killed") == {flag.pk}
    assert ids("claims", story="story-4") == {flag.claim_a.pk}
    assert ids("claims", story="no-such-story") == set()
    assert ids("claims", source=other.claim_a.source.name) == {other.claim_a.pk}
    assert ids("claims", article=flag.claim_b.version.article.key) == {flag.claim_b.pk}
    assert ids("contradictions", min_confidence="0.9") == set()


@pytest.mark.django_db
def test_source_filter_finds_a_source_by_its_alias(reader):
    from claims.extraction.sources import source_key
    from sources.models import SourceAlias

    source = SourceFactory(name="Iraqi military", key="iraqi military")
    SourceAlias.objects.create(
        source=source, alias="Iraq's military", key=source_key("Iraq's military")
    )
    claim = ClaimFactory(source=source)
    ClaimFactory()

    rows = token_client(reader).get("/api/v1/claims/", {"source": "Iraq's military"}).json()
    assert [row["id"] for row in rows["results"]] == [claim.pk]


# ---------------------------------------------------------------------- incremental sync


def sync_all(client, url):
    """Follow `next` to the end; return the ids seen and the `resume` link."""
    seen, page = [], client.get(url).json()
    while True:
        seen += [row["id"] for row in page["results"]]
        if not page["next"]:
            return seen, page["resume"]
        page = client.get(page["next"]).json()


@pytest.mark.django_db
def test_database_stamps_updated_at_on_every_write_path(no_lag):
    flag = ContradictionFactory()
    claim = flag.claim_a
    verdict = VerdictFactory(claim=claim, published_at=None)

    def stamp(model, pk):
        return model.objects.values_list("updated_at", flat=True).get(pk=pk)

    before = stamp(Contradiction, flag.pk), stamp(Claim, claim.pk), stamp(Verdict, verdict.pk)
    contradiction_review(contradiction_id=flag.pk, status=Contradiction.Status.DISMISSED)
    Claim.objects.filter(pk=claim.pk).update(hedged=True)  # QuerySet.update: no save()
    Verdict.objects.filter(pk=verdict.pk).update(published_at=PUBLISHED)
    after = stamp(Contradiction, flag.pk), stamp(Claim, claim.pk), stamp(Verdict, verdict.pk)

    assert all(new > old for new, old in zip(after, before, strict=True)), (before, after)


@pytest.mark.django_db
def test_rewrite_that_changes_nothing_keeps_updated_at(no_lag):
    flag = ContradictionFactory()
    before = Contradiction.objects.values_list("updated_at", flat=True).get(pk=flag.pk)

    Contradiction.objects.filter(pk=flag.pk).update(reason=flag.reason)

    assert Contradiction.objects.values_list("updated_at", flat=True).get(pk=flag.pk) == before


@pytest.mark.django_db
def test_sync_sees_every_row_once_and_then_only_changes(reader, no_lag):
    flags = [ContradictionFactory() for _ in range(7)]
    client = token_client(reader)

    seen, resume = sync_all(client, "/api/v1/contradictions/?ordering=updated_at&page_size=3")
    assert sorted(seen) == sorted(f.pk for f in flags)
    assert len(seen) == len(set(seen))

    # Writes while the client is away: a status change, a new flag; nothing else comes back.
    contradiction_review(contradiction_id=flags[2].pk, status=Contradiction.Status.CONFIRMED)
    new = ContradictionFactory()
    changed, resume = sync_all(client, resume)
    assert changed == [flags[2].pk, new.pk]
    rows = client.get(f"/api/v1/contradictions/{flags[2].pk}/").json()
    assert rows["status"] == "confirmed"

    assert sync_all(client, resume)[0] == []


@pytest.mark.django_db
def test_sync_pages_hold_back_rows_stamped_within_the_lag(reader, settings):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 3600
    ContradictionFactory()
    client = token_client(reader)

    page = client.get("/api/v1/contradictions/?ordering=updated_at").json()
    assert page["results"] == []
    assert len(client.get("/api/v1/contradictions/").json()["results"]) == 1


@pytest.mark.django_db
def test_cursor_survives_rows_changing_under_it(reader, no_lag):
    flags = [ContradictionFactory() for _ in range(4)]
    client = token_client(reader)
    first = client.get("/api/v1/contradictions/?ordering=updated_at&page_size=2").json()
    assert [r["id"] for r in first["results"]] == [flags[0].pk, flags[1].pk]

    # An already-seen row changes (moves to the end) while the client pages: the next page
    # neither skips flags[2] nor repeats flags[1]; the changed row comes again, changed.
    contradiction_review(contradiction_id=flags[0].pk, status=Contradiction.Status.DISMISSED)
    rest, _ = sync_all(client, first["next"])
    assert rest == [flags[2].pk, flags[3].pk, flags[0].pk]


@pytest.mark.django_db
def test_deletions_are_visible_as_tombstones(reader, no_lag):
    flag = ContradictionFactory()
    claim_id = flag.claim_a_id
    story = StoryFactory()
    story_id = story.pk
    client = token_client(reader)

    Claim.objects.filter(pk=claim_id).delete()  # cascades to the flag
    story.delete()

    rows = client.get("/api/v1/deletions/").json()["results"]
    assert {(r["resource"], r["object_id"]) for r in rows} == {
        ("claim", claim_id),
        ("contradiction", flag.pk),
        ("story", story_id),
    }
    only_flags = client.get("/api/v1/deletions/", {"resource": "contradiction"}).json()
    assert [r["object_id"] for r in only_flags["results"]] == [flag.pk]
    assert Tombstone.objects.count() == 3


# ------------------------------------------------------------------------------ ClaimReview


@pytest.mark.django_db
def test_claim_review_page_is_public_html_with_the_json_ld(settings):
    settings.CLAIMTRACKER_PUBLISHER = {
        "name": "Coast Check",
        "url": "https://coastcheck.example.org/",
        "logo": "https://coastcheck.example.org/logo.png",
    }
    claim = ClaimFactory(text="1,200 homes lost power </script><b>")
    verdict = VerdictFactory(claim=claim, published_at=PUBLISHED, rating="mostly_false")
    draft = VerdictFactory(published_at=None)
    client = APIClient()

    page = client.get(f"/fact-checks/{verdict.pk}/")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    review = json.loads(block)
    assert review["url"] == f"http://testserver/fact-checks/{verdict.pk}/"
    assert review["claimReviewed"] == claim.text
    assert review["author"]["name"] == "Coast Check"
    assert review["author"]["logo"]["url"] == "https://coastcheck.example.org/logo.png"
    assert "&lt;b&gt;" in html  # the claim's words are escaped in the page
    assert client.get(f"/fact-checks/{draft.pk}/").status_code == 404

    feed = client.get(f"/api/v1/claim-reviews/{verdict.pk}/")
    assert feed["Content-Type"] == "application/ld+json"
    assert feed.json() == review


@pytest.mark.django_db
def test_claim_review_has_what_google_fact_check_markup_requires(django_user_model):
    reviewer = django_user_model.objects.create_user("jsmith-private")
    verdict = VerdictFactory(published_at=PUBLISHED, reviewer=reviewer)

    review = APIClient().get(f"/api/v1/claim-reviews/{verdict.pk}/").json()

    for field in claimreview.REQUIRED:
        assert review.get(field), field
    assert review["@type"] == "ClaimReview"
    assert review["url"].startswith("http")
    for field in claimreview.REQUIRED_RATING:
        assert review["reviewRating"].get(field), field
    assert review["author"]["@type"] == "Organization"
    assert review["author"].get("url")
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"]
    assert review["itemReviewed"]["appearance"]["url"]
    assert review["datePublished"] == "2026-03-02"
    assert "jsmith-private" not in json.dumps(review)
    public = APIClient().get(f"/api/v1/verdicts/{verdict.pk}/").json()
    assert public["reviewer"] is None


# ------------------------------------------------------------------------------- at scale


@pytest.mark.django_db
def test_list_queries_read_only_the_columns_they_show(reader, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ContradictionFactory()
    client = token_client(reader)
    for route in ("claims", "contradictions", "versions"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/{route}/").status_code == 200
        sql = " ".join(q["sql"] for q in captured.captured_queries)
        for heavy in ('"body"', '"raw"', '"signature"'):
            assert heavy not in sql, (route, heavy)


@pytest.mark.django_db
def test_swagger_ui_is_served_without_a_cdn():
    page = APIClient().get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
