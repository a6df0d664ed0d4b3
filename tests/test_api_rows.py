"""The claims, contradictions and disagreements lists read flat rows (values()) instead of model
instances (issue 11, speed): their JSON is the model serializers', key for key and value for
value, whatever the filters, orderings and pages."""

from __future__ import annotations

import json

import pytest
from rest_framework.renderers import JSONRenderer

from claims.api.serializers import ClaimSerializer
from claims.api.views import ClaimViewSet
from claims.models import Claim
from config.rows import as_rows
from tests.factories import ClaimFactory, ContradictionFactory, StoryArticleFactory, StoryFactory
from tests.test_api import token_client
from tests.test_api_disagreements import disagreement_in
from verification.api.serializers import (
    CONTRADICTION_ROW_COLUMNS,
    ContradictionSerializer,
    DisagreementSerializer,
    contradiction_rows,
)
from verification.api.views import ContradictionViewSet, DisagreementViewSet
from verification.models import Contradiction, Disagreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


def as_json(data):
    return json.loads(JSONRenderer().render(data))


def model_json(serializer, queryset, ids):
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [as_json(serializer(rows[pk]).data) for pk in ids]


def claims_model_queryset():
    view = ClaimViewSet()
    view.action = "retrieve"  # the model path, as the detail endpoint reads it
    return view.get_queryset()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ordering=updated_at",
        "?page_size=2",
        "?story=storm&hedged=false",
        "?source=Energy%20ministry&kind=quantity",
    ],
)
def test_claims_list_is_the_model_serializers_output(reader, settings, query):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0
    first = ClaimFactory(source__name="Energy ministry", source__key="energy ministry")
    ClaimFactory(version=first.version, source=first.source, low=float("nan"), high=None)
    ClaimFactory(low=float("-inf"), high=float("inf"), hedged=True)
    StoryArticleFactory(story=StoryFactory(key="storm"), article=first.version.article)

    page = reader.get(f"/api/v1/claims/{query}").json()
    ids = [row["id"] for row in page["results"]]

    assert ids
    assert page["results"] == model_json(ClaimSerializer, claims_model_queryset(), ids)
    assert list(page["results"][0]) == ClaimSerializer.Meta.fields
    if page.get("next"):
        rest = reader.get(page["next"]).json()["results"]
        assert rest
        assert not {row["id"] for row in rest} & set(ids)


def test_claims_list_makes_a_fixed_number_of_queries(reader, django_assert_num_queries):
    ClaimFactory()
    with django_assert_num_queries(2):  # token, rows (their article and source joined)
        reader.get("/api/v1/claims/")
    for _ in range(6):
        ClaimFactory()
    with django_assert_num_queries(2):
        assert len(reader.get("/api/v1/claims/").json()["results"]) == 7


def contradictions_model_queryset():
    view = ContradictionViewSet()
    view.action = "retrieve"  # the model path, as the detail endpoint reads it
    return view.get_queryset()


@pytest.mark.parametrize(
    "query",
    ["", "?relation=update", "?ordering=-confidence&page_size=2", "?status=open&page_size=3"],
)
def test_contradictions_list_is_the_model_serializers_output(reader, query):
    flags = [ContradictionFactory(confidence=0.5 + n / 10) for n in range(4)]
    ContradictionFactory(relation=Contradiction.Relation.UPDATE)
    Contradiction.objects.filter(pk=flags[0].pk).update(story=None, status="confirmed")
    Claim.objects.filter(pk=flags[1].claim_a_id).update(low=float("nan"), high=None)

    page = reader.get(f"/api/v1/contradictions/{query}").json()
    ids = [row["id"] for row in page["results"]]

    assert ids
    assert page["results"] == model_json(
        ContradictionSerializer, contradictions_model_queryset(), ids
    )
    assert list(page["results"][0]) == ContradictionSerializer.Meta.fields
    if page.get("next"):
        rest = reader.get(page["next"]).json()["results"]
        assert not {row["id"] for row in rest} & set(ids)


def test_contradictions_sync_pages_follow_the_flat_rows(reader, settings):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0
    flags = {ContradictionFactory().pk for _ in range(5)}
    seen, url = [], "/api/v1/contradictions/?ordering=updated_at&page_size=2"
    while url:
        page = reader.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page.get("next")
    assert sorted(seen) == sorted(flags)


def test_unbounded_values_become_null_as_in_the_model_serializer():
    flag = ContradictionFactory()
    Claim.objects.filter(pk=flag.claim_b_id).update(low=float("-inf"), high=float("inf"))
    [row] = contradiction_rows(as_rows(Contradiction.objects.all(), CONTRADICTION_ROW_COLUMNS))
    assert (row["claim_b"]["low"], row["claim_b"]["high"]) == (None, None)


@pytest.mark.parametrize("query", ["", "?status=open", "?ordering=updated_at"])
def test_disagreements_list_is_the_model_serializers_output(reader, settings, query):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0
    for n in range(3):
        disagreement_in(f"story-{n}")
    Disagreement.objects.filter(story__key="story-1").update(status="dismissed")

    page = reader.get(f"/api/v1/disagreements/{query}").json()
    ids = [row["id"] for row in page["results"]]

    view = DisagreementViewSet()
    view.action = "list-as-models"
    queryset = view.get_queryset()
    assert ids
    assert page["results"] == model_json(DisagreementSerializer, queryset, ids)
    assert all(row["members"] and row["contradictions"] for row in page["results"])


def test_contradictions_list_makes_a_fixed_number_of_queries(reader, django_assert_num_queries):
    for _ in range(3):
        ContradictionFactory()
    with django_assert_num_queries(3) as few:  # token, rows, their claims
        reader.get("/api/v1/contradictions/")
    for _ in range(6):
        ContradictionFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(reader.get("/api/v1/contradictions/").json()["results"]) == 9


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris"])
def test_times_are_written_as_drf_writes_them_in_any_current_zone(zone):
    from django.utils import timezone

    flag = ContradictionFactory()
    Contradiction.objects.filter(pk=flag.pk).update(reviewed_at=timezone.now())
    with timezone.override(zone):
        [row] = contradiction_rows(as_rows(Contradiction.objects.all(), CONTRADICTION_ROW_COLUMNS))
        [model] = model_json(ContradictionSerializer, contradictions_model_queryset(), [flag.pk])
    assert as_json(row) == model
    assert row["reviewed_at"].endswith("Z") is (zone == "UTC")


def test_claims_by_id_reads_the_orm_rows_in_one_query(django_assert_num_queries):
    from django.db import connection

    from claims.api.serializers import CLAIM_ROW
    from verification.api.serializers import CLAIMS_BY_ID

    claims = [ClaimFactory(), ClaimFactory()]
    Claim.objects.filter(pk=claims[1].pk).update(low=float("nan"), high=None)
    wanted = [claims[0].pk, claims[1].pk, claims[1].pk, 10**9]  # a repeat, a missing id
    with django_assert_num_queries(1):
        rows = CLAIMS_BY_ID.fetch(wanted)
    orm = CLAIMS_BY_ID._orm([c.pk for c in claims])

    def built(rows):
        return sorted(CLAIM_ROW.build_all(rows), key=lambda row: row["id"])

    assert built(rows) == built(orm)
    assert [row["id"] for row in built(rows)] == sorted(c.pk for c in claims)
    if connection.vendor == "postgresql":  # the compiled array lookup, not the ORM fallback
        assert CLAIMS_BY_ID._compiled is not None
        assert "= ANY(" in CLAIMS_BY_ID._compiled[0]
    with django_assert_num_queries(0):
        assert CLAIMS_BY_ID.fetch([]) == []
