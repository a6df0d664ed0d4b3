"""disagreement.flagged: posted once when detection opens a disagreement (after its rebuild,
so the payload has the reason), never again for the same one, with no query per row."""

from __future__ import annotations

import pytest

from tests.factories import ContradictionFactory, StoryArticleFactory, StoryFactory
from tests.verification.test_webhooks import receiver, subscribe  # noqa: F401  (fixture)
from verification import webhooks
from verification.figures import disagreement_review, figures_update_for_version
from verification.models import Disagreement, WebhookDelivery, WebhookSubscriber

pytestmark = pytest.mark.django_db
Event = WebhookSubscriber.Event


def flag_in(story, family="home", value=300):
    flag = ContradictionFactory(story=story, claim_a__family=family, claim_b__family=family)
    flag.claim_b.low = flag.claim_b.high = value
    flag.claim_b.save()
    StoryArticleFactory(story=story, article=flag.claim_a.version.article)
    return flag


def test_new_disagreement_is_posted_once_with_its_reason(
    receiver,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    subscribe(receiver.url, Event.DISAGREEMENT_FLAGGED)
    subscribe(receiver.url, Event.CONTRADICTION_FLAGGED, name="flags only")
    story = StoryFactory(key="storm-2026")
    flag = flag_in(story)

    with django_capture_on_commit_callbacks(execute=True):
        figures_update_for_version(story=story, claims=[flag.claim_a, flag.claim_b])
        # Redelivery of the same version: the disagreement exists, nothing new is posted.
        figures_update_for_version(story=story, claims=[flag.claim_a, flag.claim_b])

    disagreement = Disagreement.objects.get(story=story)
    [request] = receiver.requests
    assert request["signed"]
    assert request["headers"][webhooks.EVENT_HEADER] == "disagreement.flagged"
    data = request["json"]["data"]
    assert data["id"] == disagreement.pk
    assert data["story"] == "storm-2026"
    assert data["reason"] == disagreement.reason != ""
    assert (data["status"], data["claim_count"]) == ("open", 2)


def test_a_new_value_after_a_decision_opens_and_posts_a_new_disagreement(
    receiver,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    subscribe(receiver.url, Event.DISAGREEMENT_FLAGGED)
    story = StoryFactory(key="storm-2026")
    first = flag_in(story)
    with django_capture_on_commit_callbacks(execute=True):
        figures_update_for_version(story=story, claims=[first.claim_a, first.claim_b])
    disagreement_review(disagreement_id=Disagreement.objects.get().pk, status="confirmed")
    second = flag_in(story, value=999)
    second.claim_a.scope_key = first.claim_a.scope_key
    second.claim_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        figures_update_for_version(story=story, claims=[second.claim_a, second.claim_b])

    opened = Disagreement.objects.filter(status="open").values_list("pk", flat=True)
    assert [r["json"]["data"]["id"] for r in receiver.requests][-1] in set(opened)
    assert WebhookDelivery.objects.filter(event="disagreement.flagged").count() == len(
        receiver.requests
    )


def test_emitting_costs_the_same_queries_for_one_or_many_disagreements(
    receiver,  # noqa: F811
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    subscribe(receiver.url, Event.DISAGREEMENT_FLAGGED)
    one = StoryFactory(key="one")
    flag = flag_in(one)
    with CaptureQueriesContext(connection) as single:
        figures_update_for_version(story=one, claims=[flag.claim_a, flag.claim_b])
    many = StoryFactory(key="many")
    flags = [flag_in(many, family=f) for f in ("home", "missing", "deaths", "injured")]
    claims = [c for f in flags for c in (f.claim_a, f.claim_b)]
    with django_assert_max_num_queries(len(single.captured_queries)):
        figures_update_for_version(story=many, claims=claims)
    assert Disagreement.objects.filter(story=many).count() == 4
    assert WebhookDelivery.objects.filter(event="disagreement.flagged").count() == 1 + 4
