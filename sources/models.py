"""Where text comes from and who speaks: outlets, articles and their versions, canonical sources."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sources.querysets import ArticleVersionQuerySet, SourceQuerySet


class Outlet(models.Model):
    """A publisher: the voice of a claim that its article does not attribute to anyone."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """A canonical speaker (person, institution, outlet); aliases map other names onto it."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government"
        MILITARY = "military", "Military"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        MEDIA = "media", "Media"
        ANONYMOUS = "anonymous", "Anonymous"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    # Folded form of the name (see claims.extraction.sources.source_key); the lookup key.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    outlet = models.OneToOneField(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="source"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    """Another name of a source ("Iraq's military" for Iraqi military); keys are unique."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name_plural = "source aliases"
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias


class Article(models.Model):
    """One article identity (canonical url); its texts over time are ArticleVersions."""

    # Canonical url, or "sha256:<digest>" for a document that came without one.
    key = models.CharField(max_length=500, unique=True)
    url = models.URLField(max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500, blank=True)
    # An explicit story key from front matter (`story:`); blank lets the system group it.
    story_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or self.key


class ArticleVersion(models.Model):
    """One text of an article. Same text twice is one version: (article, sha256) is unique."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    update_label = models.CharField(max_length=100, blank=True)
    update_number = models.PositiveIntegerField(null=True, blank=True)
    corrected = models.BooleanField(default=False)
    advisory = models.CharField(max_length=500, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # For a version printed without a date: the latest full date its text writes ("June 14,
    # 2023"), set at extraction; detection orders undated versions by it. Never shown as the
    # publication date.
    text_dated_at = models.DateTimeField(null=True, blank=True)
    # How many days after its story's event the text says it was written ("over the past three
    # days"), set at extraction; places a version printed without a date. Never shown as a date.
    text_days_after = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    # The text every claim offset refers to (see sources.ingest.PreparedDocument.text).
    body = models.TextField()
    content_type = models.CharField(max_length=50, default="text/plain")
    # The original input when it was reduced (HTML), so nothing the client sent is lost.
    raw = models.TextField(blank=True)
    filename = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    # Attempts of the latest extraction run: 1, more when workers died and others took over.
    attempts = models.PositiveIntegerField(default=0)
    # When a worker took the extraction; a stale claim (worker died) may be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The Celery task id of the attempt holding the claim: a redelivery of that same message
    # (its worker was killed) takes the claim over at once instead of waiting for it to age.
    claim_token = models.CharField(max_length=64, blank=True)
    # When extraction was last sent to the broker; null while it has never been sent (the
    # broker was down): the sweeper (sources.services.article_versions_sweep) sends it then.
    queued_at = models.DateTimeField(null=True, blank=True)
    # How often the sweeper re-sent a stuck version; bounded by CLAIMTRACKER_SWEEP_MAX_REQUEUES.
    requeues = models.PositiveIntegerField(default=0)
    # Named entities and content words, for grouping the article into a story.
    signature = models.JSONField(default=dict, blank=True)
    extractor_version = models.CharField(max_length=50, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # When detection last finished for this extraction; null while it is due (the sweeper
    # sends it again when its message was lost).
    detected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "sha256"], name="version_unique_text"),
            models.UniqueConstraint(fields=["article", "number"], name="version_unique_number"),
        ]
        indexes = [
            # The triage and retry screens list failed and pending versions.
            models.Index(fields=["status"], name="version_status_idx", condition=~Q(status="done")),
            # The sweeper looks for extracted versions whose detection never ran.
            models.Index(
                fields=["extracted_at"],
                name="version_undetected_idx",
                condition=Q(status="done", detected_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} (v{self.number})"

    def previous(self) -> ArticleVersion | None:
        """The version before this one in the article's order (published_at, then number)."""
        return (
            ArticleVersion.objects.filter(article_id=self.article_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )


class Feed(models.Model):
    """An RSS or Atom feed polled on a schedule; its entries become WatchedUrls."""

    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    # The outlet its articles are filed under; blank: what the page says (publisher, site name).
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="feeds"
    )
    active = models.BooleanField(default=True)
    poll_interval = models.PositiveIntegerField(
        default=600, validators=[MinValueValidator(60)], help_text="seconds between polls"
    )
    # Null: not scheduled. A new feed is due at once.
    next_poll_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # Validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="consecutive failures")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        indexes = [
            # The poller's one query: active feeds whose time has come.
            models.Index(fields=["next_poll_at"], name="feed_due_idx", condition=Q(active=True)),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class WatchedUrl(models.Model):
    """An article page fetched again on a decaying schedule; each changed text is the next
    version of its article (keyed by the page's canonical url)."""

    # The normalised url as found in a feed or submitted (fetch.normalise_url).
    url = models.URLField(max_length=1000, unique=True)
    # What the page says it is (same site only); the article key. Blank until first fetched.
    canonical_url = models.URLField(max_length=1000, blank=True)
    # Another watched url with the same canonical url: this one is no longer fetched.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="urls"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="watched_urls"
    )
    entry_id = models.CharField(max_length=1000, blank=True)
    # The feed entry's title and updated time when last seen: a change means "fetch now".
    entry_title = models.CharField(max_length=1000, blank=True)
    entry_updated_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    # Position in CLAIMTRACKER_REFETCH_SCHEDULE; past its end the url is no longer fetched.
    step = models.PositiveSmallIntegerField(default=0)
    # Null: no more fetches (past the schedule's end, gone, or failing too often).
    next_fetch_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    fetch_count = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    date_modified = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="consecutive failures")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_fetch_at"], name="watchedurl_due_idx", condition=Q(active=True)
            ),
            models.Index(
                fields=["canonical_url"],
                name="watchedurl_canonical_idx",
                condition=~Q(canonical_url=""),
            ),
        ]

    def __str__(self) -> str:
        return self.canonical_url or self.url


class VersionFetch(models.Model):
    """How a fetched version arrived: the page it came from and what the page said about
    itself (JSON-LD or meta tags). One row per version first seen through a fetch."""

    version = models.OneToOneField(ArticleVersion, on_delete=models.CASCADE, related_name="fetch")
    watched_url = models.ForeignKey(
        WatchedUrl, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches"
    )
    url = models.URLField(max_length=1000)
    canonical_url = models.URLField(max_length=1000, blank=True)
    date_published = models.DateTimeField(null=True, blank=True)
    date_modified = models.DateTimeField(null=True, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-fetched_at"]

    def __str__(self) -> str:
        return f"{self.version} from {self.url}"
