"""The REST API under /api/v1/: list and detail endpoints, their filters, bounded query counts,
the ClaimReview feed, article submission and the OpenAPI schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from sources.models import ArticleVersion, Source, SourceAlias
from tests.factories import (
    ArticleVersionFactory,
    ClaimFactory,
    ContradictionFactory,
    SourceFactory,
    StoryArticleFactory,
    StoryFactory,
    VerdictFactory,
)
from verification.models import Contradiction, Verdict

PUBLISHED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def token_client(user):
    """An API client that sends `user`'s token, as a REST client does."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_client(db, django_user_model):
    """A client with a reader's API token (no roles): what a dashboard or researcher holds."""
    return token_client(django_user_model.objects.create_user("reader"))


CLAIM_FIELDS = {
    "id",
    "article",
    "version",
    "version_number",
    "start",
    "end",
    "text",
    "summary",
    "kind",
    "measure",
    "family",
    "scope",
    "low",
    "high",
    "low_open",
    "high_open",
    "unit",
    "approximate",
    "hedged",
    "negated",
    "source",
    "source_mention",
    "attributed",
    "cue",
    "extractor_version",
}
VERSION_FIELDS = {
    "id",
    "article",
    "number",
    "update_label",
    "update_number",
    "corrected",
    "advisory",
    "dateline",
    "published_at",
    "title",
    "sha256",
    "status",
    "error",
    "language",
    "extractor_version",
    "extracted_at",
    "created_at",
}
# (route under /api/v1/, fields every row of its list must carry)
LIST_ENDPOINTS = [
    ("articles", {"id", "key", "url", "title", "outlet", "story", "created_at"}),
    ("versions", VERSION_FIELDS),
    ("claims", CLAIM_FIELDS),
    ("sources", {"id", "name", "kind", "aliases"}),
    (
        "stories",
        {"id", "key", "title", "explicit", "first_published_at", "last_published_at", "articles"},
    ),
    (
        "contradictions",
        {
            "id",
            "kind",
            "relation",
            "reason",
            "confidence",
            "status",
            "detector",
            "detector_version",
            "story",
            "claim_a",
            "claim_b",
            "created_at",
            "reviewed_at",
        },
    ),
    ("verdicts", {"id", "rating", "rationale", "reviewer", "published_at", "claim"}),
    (
        "claim-reviews",
        {
            "@context",
            "@type",
            "url",
            "claimReviewed",
            "itemReviewed",
            "author",
            "reviewRating",
            "reviewBody",
            "datePublished",
        },
    ),
]
# No list may issue more queries than this, whatever the number of rows (no N+1).
MAX_LIST_QUERIES = 3


def make_rows(count: int, reviewer=None) -> None:
    """`count` of everything the list endpoints show: stories with a member article, open
    contradictions between two claims (each in its own version, article, outlet and source,
    each source with an alias) and published verdicts on those claims."""
    for _ in range(count):
        story = StoryFactory()
        contradiction = ContradictionFactory(story=story)
        StoryArticleFactory(story=story, article=contradiction.claim_a.version.article)
        for claim in (contradiction.claim_a, contradiction.claim_b):
            SourceAlias.objects.create(
                source=claim.source,
                alias=f"the {claim.source.name}",
                key=f"the {claim.source.key}",
            )
        VerdictFactory(claim=contradiction.claim_b, published_at=PUBLISHED, reviewer=reviewer)


def list_url(route: str) -> str:
    return f"/api/v1/{route}/"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "fields"), LIST_ENDPOINTS, ids=[r for r, _ in LIST_ENDPOINTS])
def test_list_endpoint_returns_rows_in_bounded_queries(
    api_client, django_assert_max_num_queries, django_user_model, route, fields
):
    reviewer = django_user_model.objects.create_user("reviewer", password="pw")
    counts = []
    made = 0
    for total in (3, 12):
        make_rows(total - made, reviewer=reviewer)
        made = total
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as captured:
            response = api_client.get(list_url(route))
        assert response.status_code == 200, response.content
        results = response.json()["results"]
        assert len(results) >= total
        for row in results:
            missing = fields - set(row)
            assert not missing, f"{route} row lacks {sorted(missing)}"
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], f"{route}: {counts[0]} queries for 3 rows, {counts[1]} for 12"


@pytest.mark.django_db
def test_list_rows_carry_related_values(api_client):
    story = StoryFactory(key="storm-2026")
    contradiction = ContradictionFactory(story=story)
    claim = contradiction.claim_a
    article = claim.version.article
    StoryArticleFactory(story=story, article=article)
    SourceAlias.objects.create(source=claim.source, alias="Energy ministry", key="energy ministry")

    articles = {row["id"]: row for row in api_client.get(list_url("articles")).json()["results"]}
    assert articles[article.pk]["outlet"] == article.outlet.name
    assert articles[article.pk]["story"] == "storm-2026"
    assert articles[contradiction.claim_b.version.article_id]["story"] is None

    claims = {row["id"]: row for row in api_client.get(list_url("claims")).json()["results"]}
    assert claims[claim.pk]["source"] == claim.source.name
    assert claims[claim.pk]["article"] == article.key
    assert claims[claim.pk]["version_number"] == claim.version.number

    sources = {row["id"]: row for row in api_client.get(list_url("sources")).json()["results"]}
    assert sources[claim.source_id]["aliases"] == ["Energy ministry"]

    stories = api_client.get(list_url("stories")).json()["results"]
    assert [(row["key"], row["articles"]) for row in stories] == [("storm-2026", [article.key])]

    (flag,) = api_client.get(list_url("contradictions")).json()["results"]
    assert flag["story"] == "storm-2026"
    assert flag["claim_a"]["id"] == claim.pk
    assert flag["claim_b"]["source"] == contradiction.claim_b.source.name


@pytest.mark.django_db
def test_versions_list_leaves_out_body_and_detail_includes_it(api_client):
    version = ArticleVersionFactory(body="The mayor said 300 homes were still dark on Monday.")

    (row,) = api_client.get(list_url("versions")).json()["results"]
    assert "body" not in row
    assert row["article"] == version.article.key

    detail = api_client.get(f"/api/v1/versions/{version.pk}/")
    assert detail.status_code == 200
    assert detail.json()["body"] == version.body
    assert set(detail.json()) >= VERSION_FIELDS


@pytest.mark.django_db
def test_detail_endpoints_return_the_row(api_client):
    contradiction = ContradictionFactory()
    claim = contradiction.claim_a
    story = StoryFactory()
    StoryArticleFactory(story=story, article=claim.version.article)
    verdict = VerdictFactory(claim=claim, published_at=PUBLISHED)
    objects = {
        "articles": claim.version.article_id,
        "versions": claim.version_id,
        "claims": claim.pk,
        "sources": claim.source_id,
        "stories": story.pk,
        "contradictions": contradiction.pk,
        "verdicts": verdict.pk,
    }
    for route, pk in objects.items():
        response = api_client.get(f"/api/v1/{route}/{pk}/")
        assert response.status_code == 200, (route, response.content)
        assert response.json()["id"] == pk, route

    review = api_client.get(f"/api/v1/claim-reviews/{verdict.pk}/")
    assert review.status_code == 200
    assert review.json()["url"] == f"http://testserver/fact-checks/{verdict.pk}/"


@pytest.mark.django_db
def test_detail_endpoint_of_missing_row_is_404(api_client):
    assert api_client.get("/api/v1/claims/999999/").status_code == 404


@pytest.mark.django_db
def test_contradictions_list_hides_updates(api_client):
    contradiction = ContradictionFactory(relation=Contradiction.Relation.CONTRADICTION)
    correction = ContradictionFactory(relation=Contradiction.Relation.CORRECTION)
    update = ContradictionFactory(relation=Contradiction.Relation.UPDATE)

    listed = api_client.get(list_url("contradictions")).json()["results"]
    assert {row["id"] for row in listed} == {contradiction.pk, correction.pk}

    updates = api_client.get(list_url("contradictions"), {"relation": "update"}).json()["results"]
    assert [row["id"] for row in updates] == [update.pk]
    assert updates[0]["relation"] == "update"


@pytest.mark.django_db
def test_contradictions_list_filters_by_status(api_client):
    open_flag = ContradictionFactory()
    ContradictionFactory(status=Contradiction.Status.DISMISSED)

    rows = api_client.get(list_url("contradictions"), {"status": "open"}).json()["results"]
    assert [row["id"] for row in rows] == [open_flag.pk]


@pytest.mark.django_db
def test_verdicts_list_only_published(api_client):
    published = VerdictFactory(published_at=PUBLISHED)
    draft = VerdictFactory(published_at=None)

    rows = api_client.get(list_url("verdicts")).json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert rows[0]["claim"]["id"] == published.claim_id
    assert api_client.get(f"/api/v1/verdicts/{draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_claim_reviews_are_schema_org_claim_reviews(api_client):
    source = SourceFactory(name="Jane Doe", key="jane doe", kind=Source.Kind.PERSON)
    claim = ClaimFactory(source=source, summary="Jane Doe: 1,200 homes lost power")
    verdict = VerdictFactory(claim=claim, rating=Verdict.Rating.MOSTLY_TRUE, published_at=PUBLISHED)
    VerdictFactory(published_at=None)  # a draft: not in the feed

    response = api_client.get(list_url("claim-reviews"))
    assert response.status_code == 200
    (review,) = response.json()["results"]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text  # the claim's own words, not the summary
    assert review["reviewRating"]["ratingValue"] == 4
    assert review["reviewRating"]["alternateName"] == "Mostly true"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    article = claim.version.article
    assert review["itemReviewed"]["appearance"]["url"] == article.url
    assert review["itemReviewed"]["appearance"]["publisher"]["name"] == article.outlet.name
    assert review["datePublished"] == "2026-03-02"
    assert review["reviewBody"] == verdict.rationale


@pytest.mark.django_db
def test_claim_review_author_is_organisation_for_non_person_source(api_client):
    verdict = VerdictFactory(rating=Verdict.Rating.FALSE, published_at=PUBLISHED)

    (review,) = api_client.get(list_url("claim-reviews")).json()["results"]
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": verdict.claim.source.name,
    }
    assert review["reviewRating"]["ratingValue"] == 1


SUBMIT_URL = "/api/v1/articles/submit/"
ARTICLE_TEXT = (
    "Storm cuts power to coastal towns\n\n"
    "The regional utility said on Tuesday that 1,200 homes lost power overnight after the "
    "storm brought down lines along the coast. Crews were working to restore supply, and the "
    "mayor said schools would stay closed until the roads were cleared.\n"
)


@pytest.mark.django_db
def test_submit_article_requires_the_fact_checker_role(api_client):
    from rest_framework.test import APIClient

    anonymous = APIClient().post(SUBMIT_URL, {"text": ARTICLE_TEXT}, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    response = api_client.post(SUBMIT_URL, {"text": ARTICLE_TEXT}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This needs the fact-checker role (the 'sources.add_articleversion' permission).",
        "code": "permission_denied",
    }
    assert not ArticleVersion.objects.exists()


@pytest.mark.django_db
def test_submit_article_creates_version_then_returns_it_again(
    api_client, django_user_model, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("checker", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_articleversion"))
    api_client = token_client(user)
    payload = {
        "text": ARTICLE_TEXT,
        "url": "https://news.example.org/storm-power",
        "outlet": "Coastal Herald",
    }

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = api_client.post(SUBMIT_URL, payload, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["created"] is True
    version_id = first.json()["version"]["id"]
    assert first.json()["version"]["article"] == "https://news.example.org/storm-power"
    assert first.json()["version"]["status"] == "pending"
    assert len(callbacks) == 1  # extraction enqueued on commit (not run here)
    version = ArticleVersion.objects.select_related("article__outlet").get(pk=version_id)
    assert version.article.outlet.name == "Coastal Herald"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = api_client.post(SUBMIT_URL, payload, format="json")
    assert again.status_code == 200, again.content
    assert again.json()["created"] is False
    assert again.json()["version"]["id"] == version_id
    assert callbacks == []
    assert ArticleVersion.objects.count() == 1


@pytest.mark.django_db
def test_submit_whitespace_text_is_400_with_detail(staff_user):
    api_client = token_client(staff_user)

    response = api_client.post(SUBMIT_URL, {"text": "  \n\n  "}, format="json")

    assert response.status_code == 400
    assert "no article text" in response.json()["detail"]
    assert not ArticleVersion.objects.exists()


@pytest.mark.django_db
def test_submit_empty_text_is_400_with_detail(staff_user):
    api_client = token_client(staff_user)

    response = api_client.post(SUBMIT_URL, {"text": ""}, format="json")

    assert response.status_code == 400
    assert isinstance(response.json().get("detail"), str), response.json()
    assert not ArticleVersion.objects.exists()


@pytest.mark.django_db
def test_openapi_schema_endpoint_builds(api_client):
    response = api_client.get(reverse("schema"), {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    for route, _ in LIST_ENDPOINTS:
        assert f"/api/v1/{route}/" in paths
        assert f"/api/v1/{route}/{{id}}/" in paths
    assert "post" in paths[SUBMIT_URL]


def test_openapi_schema_generates_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)

    assert schema["paths"]
    problems = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
    GENERATOR_STATS.reset()
    assert problems == []


def test_openapi_documents_every_list_as_a_paginated_list():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    GENERATOR_STATS.reset()

    components = schema["components"]["schemas"]
    for route, _ in LIST_ENDPOINTS:
        operation = schema["paths"][f"/api/v1/{route}/"]["get"]
        assert operation["operationId"].endswith("_list"), route
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in body:
            body = components[body["$ref"].rsplit("/", 1)[-1]]
        assert body.get("properties", {}).get("results", {}).get("type") == "array", route
