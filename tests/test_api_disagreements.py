"""/api/v1/disagreements/: one disagreement per figure (issue 9), read-only, with its members,
filters by story, status and family, sync ordering and a bounded number of queries."""

from __future__ import annotations

import pytest

from tests.factories import ContradictionFactory, StoryArticleFactory, StoryFactory
from tests.test_api import token_client
from verification.figures import disagreement_review, figures_update_for_version
from verification.models import Disagreement

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "story",
    "figure",
    "status",
    "kind",
    "reason",
    "confidence",
    "source_count",
    "claim_count",
    "corrected",
    "members",
    "contradictions",
    "created_at",
    "reviewed_at",
    "updated_at",
}
MAX_LIST_QUERIES = 4  # token, rows, their claims, their flags


@pytest.fixture
def reader(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


def disagreement_in(story_key: str, family: str = "home") -> Disagreement:
    """A story whose two sources disagree about one figure, filed as detection files it."""
    story = StoryFactory(key=story_key)
    flag = ContradictionFactory(story=story, claim_a__family=family, claim_b__family=family)
    flag.claim_b.low = flag.claim_b.high = 300
    flag.claim_b.save()
    StoryArticleFactory(story=story, article=flag.claim_a.version.article)
    figures_update_for_version(story=story, claims=[flag.claim_a, flag.claim_b])
    return Disagreement.objects.get(story=story)


def test_list_shows_each_disagreement_with_its_figure_and_members(reader):
    disagreement = disagreement_in("storm-2026")
    response = reader.get("/api/v1/disagreements/")
    assert response.status_code == 200, response.content
    (row,) = response.json()["results"]
    assert set(row) >= LIST_FIELDS
    assert row["id"] == disagreement.pk
    assert row["story"] == "storm-2026"
    assert row["figure"]["family"] == "home"
    assert row["status"] == "open"
    assert len(row["members"]) == 2
    assert len(row["contradictions"]) == 1
    assert "1,200" in row["reason"]
    assert "300" in row["reason"]


def test_detail_carries_the_member_claims_in_full(reader):
    disagreement = disagreement_in("storm-2026")
    response = reader.get(f"/api/v1/disagreements/{disagreement.pk}/")
    assert response.status_code == 200
    members = response.json()["members"]
    assert sorted(m["low"] for m in members) == [300, 1200]
    assert {m["source"] for m in members} == {c.source.name for c in disagreement.claims.all()}


def test_list_filters_by_story_status_and_family(reader):
    storm = disagreement_in("storm-2026")
    ferry = disagreement_in("ferry-2026", family="missing")
    disagreement_review(disagreement_id=ferry.pk, status="dismissed")

    def ids(query: str) -> list[int]:
        response = reader.get(f"/api/v1/disagreements/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("story=storm-2026") == [storm.pk]
    assert ids("status=dismissed") == [ferry.pk]
    assert ids("family=missing") == [ferry.pk]
    assert ids("status=open&family=missing") == []
    assert reader.get("/api/v1/disagreements/?colour=red").status_code == 400


def test_updated_at_ordering_pages_through_changes(reader, settings):
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0
    first = disagreement_in("storm-2026")
    second = disagreement_in("ferry-2026")
    disagreement_review(disagreement_id=first.pk, status="confirmed")
    rows = reader.get("/api/v1/disagreements/?ordering=updated_at").json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


def test_list_queries_do_not_grow_with_rows(reader, django_assert_max_num_queries):
    counts = []
    for n in range(12):
        disagreement_in(f"story-{n}")
        if n in (2, 11):
            with django_assert_max_num_queries(MAX_LIST_QUERIES) as captured:
                response = reader.get("/api/v1/disagreements/")
            assert len(response.json()["results"]) == n + 1
            counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_disagreements_are_read_only_and_need_a_sign_in_by_default(reader, client):
    disagreement = disagreement_in("storm-2026")
    assert reader.post("/api/v1/disagreements/", {}).status_code == 405
    assert reader.delete(f"/api/v1/disagreements/{disagreement.pk}/").status_code == 405
    assert client.get("/api/v1/disagreements/").status_code in (401, 403)
