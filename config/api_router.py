"""One router for the whole API, mounted at /api/v1/."""

from rest_framework.routers import SimpleRouter

from claims.api.views import ClaimViewSet
from sources.api.feeds import register as register_feeds
from sources.api.views import ArticleSubmitApi, ArticleVersionViewSet, ArticleViewSet, SourceViewSet
from verification.api.reports import ReportViewSet
from verification.api.views import (
    ClaimReviewViewSet,
    ContradictionViewSet,
    DisagreementViewSet,
    StoryViewSet,
    TombstoneViewSet,
    VerdictViewSet,
)

# One URL per resource (no `.json` suffix routes, no browsable root): the schema lists them.
router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("versions", ArticleVersionViewSet, basename="version")
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("stories", StoryViewSet, basename="story")
router.register("contradictions", ContradictionViewSet, basename="contradiction")
router.register("disagreements", DisagreementViewSet, basename="disagreement")
router.register("verdicts", VerdictViewSet, basename="verdict")
router.register("claim-reviews", ClaimReviewViewSet, basename="claimreview")
router.register("deletions", TombstoneViewSet, basename="deletion")
router.register("reports", ReportViewSet, basename="report")

extra_urls = [("articles/submit/", ArticleSubmitApi, "article-submit")]
register_feeds(router, extra_urls)
