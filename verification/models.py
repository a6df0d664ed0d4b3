"""Judgements: stories, contradictions and updates, claim lineage, verdicts, scheduled reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from verification.querysets import ContradictionQuerySet, VerdictQuerySet


class Story(models.Model):
    """A real-world event that several articles report on."""

    key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=500, blank=True)
    # Set when an explicit `story:` key named it; such stories are never merged automatically.
    explicit = models.BooleanField(default=False)
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    # Merged entity and word counts of its articles (see verification.stories.Profile).
    signature = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.key


class StoryArticle(models.Model):
    """Membership of an article in a story (one story per article)."""

    class Method(models.TextChoices):
        EXPLICIT = "explicit", "Explicit story key"
        AUTOMATIC = "automatic", "Grouped automatically"
        MANUAL = "manual", "Set by a fact-checker"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="memberships")
    article = models.OneToOneField(
        "sources.Article", on_delete=models.CASCADE, related_name="story_membership"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    score = models.FloatField(default=1.0)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.article} in {self.story}"


class StoryTerm(models.Model):
    """An indexed signature term of a story (entity, place): candidate stories are looked up by
    term, so grouping a new article never scans every story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=200)
    weight = models.FloatField(default=1.0)
    # The story's last publication, copied here so the time window is applied in the index.
    last_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "term"], name="story_term_unique"),
        ]
        indexes = [
            models.Index(fields=["term", "last_published_at"], name="story_term_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.term


class Contradiction(models.Model):
    """A flagged pair of claims: one row per (claim pair, detector).

    `relation` tells a contradiction from a legitimate update or a correction; only
    contradictions are flagged to fact-checkers, updates are kept as the record of a figure.
    """

    class Kind(models.TextChoices):
        BETWEEN_SOURCES = "between_sources", "Between sources (one version)"
        ACROSS_VERSIONS = "across_versions", "Across versions of one article"
        ACROSS_ARTICLES = "across_articles", "Across articles of one story"

    class Relation(models.TextChoices):
        CONTRADICTION = "contradiction", "Contradiction"
        UPDATE = "update", "Update of a figure"
        CORRECTION = "correction", "Correction"

    class Status(models.TextChoices):
        OPEN = "open", "Needs review"
        CONFIRMED = "confirmed", "Confirmed contradiction"
        DISMISSED = "dismissed", "Not a contradiction"
        UPDATE = "update", "Legitimate update"

    claim_a = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="contradictions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    relation = models.CharField(
        max_length=20, choices=Relation.choices, default=Relation.CONTRADICTION
    )
    reason = models.TextField()
    confidence = models.FloatField()
    detector = models.CharField(max_length=50)
    detector_version = models.CharField(max_length=50)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Stamped by the database on insert and on every change (see verification/sync.py).
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # The two claims' text and source names, kept by PostgreSQL triggers (migration 0011) so
    # the queue's search reads one trigram index on this table instead of joining claims.
    search_text = models.TextField(blank=True, default="", db_default="", editable=False)

    objects = ContradictionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_a", "claim_b", "detector"], name="contradiction_unique_pair_detector"
            ),
            models.CheckConstraint(
                condition=~Q(claim_a=models.F("claim_b")), name="contradiction_distinct_claims"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="contradiction_confidence_range",
            ),
        ]
        indexes = [
            models.Index(fields=["claim_b"], name="contradiction_claim_b_idx"),
            models.Index(fields=["status", "relation"], name="contradiction_triage_idx"),
            models.Index(fields=["created_at"], name="contradiction_created_idx"),
            models.Index(fields=["updated_at", "id"], name="contradiction_sync_idx"),
            models.Index(fields=["story", "-id"], name="contradiction_story_idx"),
        ]

    def __str__(self) -> str:
        return self.reason[:100]


class ClaimLineage(models.Model):
    """How a claim of one version relates to the claims of the version before it."""

    class Label(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        VALUE_CHANGED = "value_changed", "Value changed"
        HEDGE_CHANGED = "hedge_changed", "Hedge changed"
        SOURCE_CHANGED = "source_changed", "Source changed"
        NEGATION_FLIPPED = "negation_flipped", "Negation flipped"

    # The later of the two versions compared; rebuilt as a whole when it is re-detected.
    version = models.ForeignKey(
        "sources.ArticleVersion", on_delete=models.CASCADE, related_name="lineage"
    )
    previous_claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    current_claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(max_length=20, choices=Label.choices)
    detail = models.CharField(max_length=500, blank=True)
    detector_version = models.CharField(max_length=50)

    class Meta:
        verbose_name_plural = "claim lineage"
        ordering = ["version_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(previous_claim__isnull=False) | Q(current_claim__isnull=False),
                name="lineage_has_a_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.detail}"


# --------------------------------------------------------------------------------------------
# Figures and disagreements (issue 9): the unit of triage is one disagreement per figure.
# Written only by verification.figures; the pairwise Contradiction rows are their evidence.
# --------------------------------------------------------------------------------------------


class Figure(models.Model):
    """One quantity of one story: a measure family, a scope and the moment it is given for
    ("missing at 1 p.m."). Every quantity claim of the story belongs to one figure."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="figures")
    family = models.CharField(max_length=50, blank=True)
    # Only for a claim with no family: its measure keys the figure instead.
    measure = models.CharField(max_length=200, blank=True)
    scope_key = models.CharField(max_length=200, blank=True)
    # The claim's time_ref; "" when the figure is given for no stated moment.
    moment = models.CharField(max_length=50, blank=True)
    name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story_id", "family", "measure", "scope_key", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "family", "measure", "scope_key", "moment"],
                name="figure_unique_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.moment}" if self.moment else self.name


class FigureClaim(models.Model):
    """A claim's place in its figure's series (one figure per claim). A table of its own, not a
    foreign key on Claim: the claims app stays unaware of judgements, and re-assigning a claim
    rewrites one small row instead of the claim (whose updated_at clients sync on)."""

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="members")
    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.CASCADE, related_name="figure_membership"
    )

    class Meta:
        indexes = [models.Index(fields=["figure", "claim"], name="figureclaim_figure_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} in {self.figure}"


class Disagreement(models.Model):
    """Sources (or versions, or articles) that disagree about one figure: what a fact-checker
    reviews. At most one OPEN disagreement per figure; a decided one keeps its decision and its
    members, and a later conflicting value opens a new one (see verification.figures)."""

    Status = Contradiction.Status

    class Kind(models.TextChoices):
        BETWEEN_SOURCES = "between_sources", "Between sources (one version)"
        ACROSS_VERSIONS = "across_versions", "Across versions of one article"
        ACROSS_ARTICLES = "across_articles", "Across articles of one story"
        MIXED = "mixed", "Mixed"

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="disagreements")
    # The figure's story, copied so the triage list filters and sorts in one index.
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="disagreements")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    confidence = models.FloatField()
    source_count = models.PositiveIntegerField(default=0)
    claim_count = models.PositiveIntegerField(default=0)
    # A member claim comes from a version labelled CORRECTED: set when the members are
    # (re)built, so the triage order reads it from the row instead of joining the versions.
    # db_default: raw inserts (bench fills, COPY) that do not name the column stay valid.
    corrected = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A member claim comes from a version labelled CORRECTED.",
    )
    claims = models.ManyToManyField(
        "claims.Claim", through="DisagreementClaim", related_name="disagreements"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Stamped by the database on insert and on every change (see verification/sync.py).
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # The member claims' text and source names, kept by PostgreSQL triggers (migration 0011).
    search_text = models.TextField(blank=True, default="", db_default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure"],
                condition=Q(status="open"),
                name="disagreement_one_open_per_figure",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="disagreement_confidence_range",
            ),
        ]
        indexes = [
            models.Index(fields=["figure", "status"], name="disagreement_figure_idx"),
            models.Index(fields=["story", "status", "-id"], name="disagreement_story_idx"),
            models.Index(fields=["status", "-confidence", "-id"], name="disagreement_triage_idx"),
            models.Index(fields=["updated_at", "id"], name="disagreement_sync_idx"),
        ]

    def __str__(self) -> str:
        return self.reason[:100]


class DisagreementClaim(models.Model):
    """A claim taking part in a disagreement."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["disagreement", "claim"], name="disagreementclaim_unique"
            ),
        ]
        indexes = [models.Index(fields=["claim"], name="disagreementclaim_claim_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} in disagreement {self.disagreement_id}"


class DisagreementEvidence(models.Model):
    """A pairwise flag behind a disagreement; each flag backs at most one disagreement."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.CASCADE, related_name="evidence"
    )
    contradiction = models.OneToOneField(
        Contradiction, on_delete=models.CASCADE, related_name="disagreement_evidence"
    )

    class Meta:
        verbose_name_plural = "disagreement evidence"
        indexes = [
            models.Index(fields=["disagreement", "contradiction"], name="disagreement_evidence_idx")
        ]

    def __str__(self) -> str:
        return f"flag {self.contradiction_id} in disagreement {self.disagreement_id}"


class Verdict(models.Model):
    """A fact-checker's rating of one claim; published verdicts are what REST clients pull."""

    class Rating(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        MIXED = "mixed", "Mixed"
        MOSTLY_FALSE = "mostly_false", "Mostly false"
        FALSE = "false", "False"
        UNPROVEN = "unproven", "Unproven"
        DISPUTED = "disputed", "Disputed between sources"

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="verdicts")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    rationale = models.TextField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verdicts",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Stamped by the database on insert and on every change (see verification/sync.py).
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["published_at"], name="verdict_published_idx"),
            models.Index(fields=["updated_at", "id"], name="verdict_sync_idx"),
        ]
        # Django permissions, so that roles (groups) can be mapped onto them in the admin.
        permissions = [("publish_verdict", "Can publish verdicts")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.claim}"


class ContradictionReport(models.Model):
    """The scheduled digest of contradictions flagged in one period; one row per period."""

    kind = models.CharField(max_length=20, default="daily")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    contradiction_count = models.PositiveIntegerField(default=0)
    body = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start"], name="report_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} report from {self.period_start:%Y-%m-%d %H:%M}"


class Tombstone(models.Model):
    """A deleted row that API clients had synced: written by a database trigger on delete (see
    verification/sync.py), so every delete path (cascades, re-detection, the admin) leaves one.
    Clients read them from /api/v1/deletions/ with the same cursor as the resources."""

    class Resource(models.TextChoices):
        CLAIM = "claim", "Claim"
        CONTRADICTION = "contradiction", "Contradiction"
        VERDICT = "verdict", "Verdict"
        STORY = "story", "Story"
        DISAGREEMENT = "disagreement", "Disagreement"

    resource = models.CharField(max_length=20, choices=Resource.choices)
    object_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deleted_at", "id"]
        indexes = [
            models.Index(fields=["deleted_at", "id"], name="tombstone_sync_idx"),
            models.Index(fields=["resource", "deleted_at", "id"], name="tombstone_resource_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id} deleted at {self.deleted_at:%Y-%m-%d %H:%M:%S}"


# --------------------------------------------------------------------------------------------
# Delivery: webhooks and report e-mails (verification/webhooks.py, README "Webhooks")
# --------------------------------------------------------------------------------------------


class WebhookSubscriber(models.Model):
    """An endpoint that receives events as signed JSON POSTs; managed in the admin."""

    class Event(models.TextChoices):
        CONTRADICTION_FLAGGED = "contradiction.flagged", "New contradiction or correction"
        DISAGREEMENT_FLAGGED = "disagreement.flagged", "New disagreement"
        CONTRADICTION_STATUS_CHANGED = "contradiction.status_changed", "Review status changed"
        VERDICT_PUBLISHED = "verdict.published", "Verdict published"
        REPORT_BUILT = "report.built", "Contradiction report built"

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=1000, help_text="http(s); private addresses are refused.")
    secret = models.CharField(
        max_length=200, help_text="Shared secret the HMAC-SHA256 signature is made with."
    )
    # A list of Event values; [] receives nothing.
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["active"], name="webhook_subscriber_active_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from verification.webhooks import check_url

        check_url(self.url)
        unknown = sorted(set(self.events or []) - set(self.Event.values))
        if unknown:
            from django.core.exceptions import ValidationError

            raise ValidationError({"events": f"unknown event(s): {', '.join(unknown)}"})


class WebhookDelivery(models.Model):
    """One event for one subscriber; `delivery_id` is sent with every attempt, so receivers
    drop a redelivery. `key` makes emitting the same event twice one delivery."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (no retry left)"

    delivery_id = models.UUIDField(unique=True)
    subscriber = models.ForeignKey(
        WebhookSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "event", "key"], name="webhook_delivery_unique_event"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="webhook_delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscriber_id} ({self.status})"


class ReportRecipient(models.Model):
    """Someone who receives the contradiction reports by e-mail; managed in the admin."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


class ReportDispatch(models.Model):
    """The e-mailing of one report: whom it reached, so a redelivered task mails nobody twice
    and a rebuilt report is not mailed again."""

    report = models.OneToOneField(
        ContradictionReport, on_delete=models.CASCADE, related_name="dispatch"
    )
    sent_to = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"e-mail of {self.report}"
