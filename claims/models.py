"""What was asserted: one row per atomic claim, with its evidence span and its source."""

from django.db import models
from django.utils import timezone

from claims.querysets import ClaimQuerySet

# What the extractor writes into a claim row (and rewrites when a newer extractor finds the
# claim again); the admin shows these read-only.
PIPELINE_FIELDS = (
    "start", "end", "text", "summary", "kind", "measure", "family", "scope", "scope_key",
    "statement_key", "low", "high", "low_open", "high_open", "unit", "approximate", "hedged",
    "negated", "quantity_text", "time_ref", "source", "source_mention", "attributed", "cue",
    "extractor_version",
)  # fmt: skip


class Claim(models.Model):
    """One asserted fact of one article version, attributed to one source.

    Rows are written only by claims.services.claims_extract_for_version; `fingerprint` keeps a
    claim's id stable when a newer extractor finds the same claim again, so reviews survive.
    """

    class Kind(models.TextChoices):
        QUANTITY = "quantity", "Quantity"
        STATEMENT = "statement", "Statement"

    version = models.ForeignKey(
        "sources.ArticleVersion", on_delete=models.CASCADE, related_name="claims"
    )
    # Offsets into ArticleVersion.body (Python str indices, end exclusive).
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    summary = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    measure = models.CharField(max_length=200, blank=True)
    # The comparable slot family ("missiles", "deaths"): detection looks candidates up by it.
    family = models.CharField(max_length=50, blank=True)
    scope = models.CharField(max_length=200, blank=True)
    scope_key = models.CharField(max_length=200, blank=True)
    statement_key = models.CharField(max_length=200, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    low_open = models.BooleanField(default=False)
    high_open = models.BooleanField(default=False)
    unit = models.CharField(max_length=50, blank=True)
    approximate = models.BooleanField(default=False)
    hedged = models.BooleanField(default=False)
    negated = models.BooleanField(default=False)
    quantity_text = models.CharField(max_length=200, blank=True)
    # The time the figure is given for ("1 p.m."): two figures for one moment must agree.
    time_ref = models.CharField(max_length=50, blank=True)
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="claims")
    source_mention = models.CharField(max_length=300, blank=True)
    attributed = models.BooleanField(default=False)
    cue = models.CharField(max_length=50, blank=True)
    fingerprint = models.CharField(max_length=64)
    extractor_version = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)
    # Stamped by the database on every insert and every change (see verification.sync), so that
    # no write path (update(), bulk_update(), the admin) can forget it; clients sync on it.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "fingerprint"], name="claim_unique_fingerprint"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="claim_span_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(low__isnull=True)
                | models.Q(high__isnull=True)
                | models.Q(low__lte=models.F("high")),
                name="claim_interval_ordered",
            ),
        ]
        indexes = [
            # Candidate pairs for contradiction detection: same version set, same slot family.
            models.Index(fields=["version", "family"], name="claim_version_family_idx"),
            models.Index(fields=["source"], name="claim_source_idx"),
            # Incremental sync: keyset pages over (updated_at, id).
            models.Index(fields=["updated_at", "id"], name="claim_sync_idx"),
            # Rare combinations of the list filters ("hedged, unattributed quantities") are
            # read newest first from this index instead of scanning every claim.
            models.Index(
                fields=["kind", "hedged", "attributed", "-id"], name="claim_list_filters_idx"
            ),
            # The same filters without a kind (the admin's "hedged" and "attributed" alone):
            # a combination no claim has was a scan of every claim, twice (count and page).
            models.Index(fields=["hedged", "attributed", "-id"], name="claim_hedge_attrib_idx"),
            # The flags' queue filtered by measure joins claim A by family: the family's claim
            # ids from this index (index-only) instead of a scan of every claim (339 -> 179 ms
            # at 1,000,000 claims).
            models.Index(fields=["family", "id"], name="claim_family_idx"),
        ]

    def __str__(self) -> str:
        return self.summary or self.text[:80]

    @property
    def interval_display(self) -> str:
        """The value as a person writes it: "22", "(12, ∞)", "[24, ∞) approx."."""
        if self.kind != self.Kind.QUANTITY:
            return ""
        if self.low is not None and self.low == self.high:
            text = f"{self.low:g}"
        else:
            left = "(" if self.low_open or self.low is None else "["
            right = ")" if self.high_open or self.high is None else "]"
            low = "-∞" if self.low is None else f"{self.low:g}"
            high = "∞" if self.high is None else f"{self.high:g}"
            text = f"{left}{low}, {high}{right}"
        if self.approximate:
            text += " approx."
        return text
