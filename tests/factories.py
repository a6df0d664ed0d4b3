"""factory_boy factories for the models; texts are our own."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import factory

from claims.models import Claim
from sources.models import Article, ArticleVersion, Outlet, Source
from verification.models import Contradiction, Story, StoryArticle, Verdict


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    name = factory.Sequence(lambda n: f"Ministry {n}")
    key = factory.LazyAttribute(lambda o: o.name.lower())
    kind = Source.Kind.GOVERNMENT


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    key = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    url = factory.LazyAttribute(lambda o: o.key)
    outlet = factory.SubFactory(OutletFactory)
    title = "Storm cuts power to coastal towns"


class ArticleVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleVersion

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = factory.Sequence(lambda n: f"The utility said 1{n} homes lost power overnight.")
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.body.encode()).hexdigest())
    status = ArticleVersion.Status.DONE
    language = "en"
    published_at = factory.LazyFunction(lambda: datetime(2026, 3, 1, 8, 0, tzinfo=UTC))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    version = factory.SubFactory(ArticleVersionFactory)
    start = 0
    end = 20
    text = "1,200 homes lost power"
    summary = factory.LazyAttribute(lambda o: f"{o.source.name}: {o.text}")
    kind = Claim.Kind.QUANTITY
    measure = "homes lose"
    family = "home"
    low = 1200.0
    high = 1200.0
    source = factory.SubFactory(SourceFactory)
    source_mention = factory.LazyAttribute(lambda o: o.source.name)
    attributed = True
    fingerprint = factory.Sequence(lambda n: f"fp-{n}")
    extractor_version = "test"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    key = factory.Sequence(lambda n: f"story-key-{n}")
    title = "Coastal storm"


class StoryArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryArticle

    story = factory.SubFactory(StoryFactory)
    article = factory.SubFactory(ArticleFactory)
    method = StoryArticle.Method.AUTOMATIC


class ContradictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contradiction

    claim_a = factory.SubFactory(ClaimFactory)
    claim_b = factory.SubFactory(ClaimFactory)
    kind = Contradiction.Kind.BETWEEN_SOURCES
    reason = "The utility says 1,200 homes, the mayor says 300: both cannot hold."
    confidence = 0.8
    detector = "numeric"
    detector_version = "numeric-1"


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = Verdict.Rating.MOSTLY_TRUE
    rationale = "The utility's outage map shows about 1,150 homes without power."
