from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ShowFacets
from django.contrib.admin.models import ADDITION, DELETION
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from claims.extraction.families import FAMILIES
from claims.models import Claim
from sources.models import Source
from verification import admin_views
from verification.admin_support import (
    AuditedAdminMixin,
    CappedCountPaginator,
    FixedChoicesFilter,
    NoteActionForm,
    SelectedOnlyFilter,
    SortedPagePaginator,
    audit,
    change_text,
    queue_search,
    user_can,
)
from verification.figures import disagreement_review, value_text
from verification.models import (
    ClaimLineage,
    Contradiction,
    ContradictionReport,
    Disagreement,
    DisagreementClaim,
    Story,
    StoryArticle,
    StoryTerm,
    Verdict,
)
from verification.services import (
    contradiction_review,
    story_merge,
    story_split,
    verdicts_publish,
)

FAMILY_CHOICES = tuple(sorted((f.name, f.name) for f in FAMILIES))
DETECTOR_CHOICES = (("numeric", "numeric"), ("polarity", "polarity"))
# How long a flag counts as recent in the queue's order.
RECENT = timedelta(hours=24)
SEEN_SESSION_KEY = "triage_seen_at"


# ------------------------------------------------------------------------------------------
# Filters shared by the triage screens (flags now, disagreements later)
# ------------------------------------------------------------------------------------------


class StoryFilter(SelectedOnlyFilter):
    title = "story"
    parameter_name = "story"
    related_model = Story
    lookups_for = ("story_id",)


class PairSourceFilter(SelectedOnlyFilter):
    title = "source"
    parameter_name = "source"
    related_model = Source
    lookups_for = ("claim_a__source_id", "claim_b__source_id")


class PairClaimFilter(SelectedOnlyFilter):
    title = "claim"
    parameter_name = "claim"
    related_model = Claim
    lookups_for = ("claim_a_id", "claim_b_id")


class PairFamilyFilter(FixedChoicesFilter):
    title = "measure"
    parameter_name = "family"
    field = "claim_a__family"
    fixed_choices = FAMILY_CHOICES


class DetectorFilter(FixedChoicesFilter):
    title = "detector"
    parameter_name = "detector"
    field = "detector"
    fixed_choices = DETECTOR_CHOICES


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "triage"
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [
            ("open", "Needs review"),
            ("low", "Confidence below 0.5"),
            ("updates", "Updates only"),
            ("decided", "Decided"),
            ("all", "Everything"),
        ]

    def value(self):
        # The queue opens on what needs review; "Everything" is one click away.
        return super().value() or "open"

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        return choices[1:]  # Django's own "All" would mean "Needs review" here

    def queryset(self, request, queryset):
        if self.value() == "decided":
            return queryset.flagged().exclude(status="open")
        if self.value() == "open":
            return queryset.open()
        if self.value() == "low":
            return queryset.flagged().filter(confidence__lt=0.5)
        if self.value() == "updates":
            return queryset.filter(relation="update")
        return queryset


# ------------------------------------------------------------------------------------------
# Stories
# ------------------------------------------------------------------------------------------


def _count_of(queryset, field: str = "pk", distinct: bool = False):
    """A correlated COUNT for one row of a page (evaluated for the page only)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("story_ref")
            .annotate(n=Count(field, distinct=distinct))
            .values("n")[:1]
        ),
        0,
    )


@admin.register(Story)
class StoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "key",
        "article_count",
        "figure_count",
        "open_count",
        "disagreement_count",
        "last_published_at",
    ]
    search_fields = ["key", "title"]
    fields = ["title", "key", "explicit", "first_published_at", "last_published_at"]
    readonly_fields = ["first_published_at", "last_published_at"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    actions = ["merge_into_first"]
    change_form_template = "admin/verification/story/change_form.html"

    class Media:
        css = {"all": ["verification/admin.css"]}

    def get_queryset(self, request):
        memberships = StoryArticle.objects.filter(story=OuterRef("pk")).annotate(
            story_ref=F("story_id")
        )
        figures = Claim.objects.filter(
            version__article__story_membership__story=OuterRef("pk"), kind="quantity"
        ).annotate(
            story_ref=F("version__article__story_membership__story_id"),
            figure=Concat("family", Value("|"), "scope_key"),
        )
        flags = (
            Contradiction.objects.open()
            .filter(story=OuterRef("pk"))
            .annotate(story_ref=F("story_id"))
        )
        disagreements = Disagreement.objects.filter(
            story=OuterRef("pk"), status=Disagreement.Status.OPEN
        ).annotate(story_ref=F("story_id"))
        return (
            super()
            .get_queryset(request)
            .defer("signature")
            .annotate(
                n_articles=_count_of(memberships),
                n_figures=_count_of(figures, "figure", distinct=True),
                n_open=_count_of(flags),
                n_disagreements=_count_of(disagreements),
            )
        )

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles

    @admin.display(description="figures", ordering="n_figures")
    def figure_count(self, obj):
        return obj.n_figures

    @admin.display(description="open flags", ordering="n_open")
    def open_count(self, obj):
        if not obj.n_open:
            return 0
        url = reverse("admin:verification_contradiction_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>',
            url,
            urlencode({"story": obj.pk, "triage": "open"}),
            obj.n_open,
        )

    @admin.display(description="open disagreements", ordering="n_disagreements")
    def disagreement_count(self, obj):
        if not obj.n_disagreements:
            return 0
        return format_html(
            '<a href="{}?{}">{}</a>',
            reverse("admin:verification_disagreement_changelist"),
            urlencode({"story": obj.pk}),
            obj.n_disagreements,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if story is not None:
            extra.update(admin_views.story_page_context(story))
        return super().change_view(request, object_id, form_url, extra)

    def has_merge_permission(self, request):
        return user_can(request, "verification.change_story", "verification.delete_story")

    @admin.action(
        description="Merge the selected stories into the oldest one",
        permissions=["merge"],
    )
    def merge_into_first(self, request, queryset):
        stories = list(queryset.defer("signature").order_by("pk"))
        if len(stories) < 2:
            self.message_user(request, "Select two stories or more to merge.", messages.WARNING)
            return
        keep = stories[0]
        entries = []
        for other in stories[1:]:
            moved = StoryArticle.objects.filter(story=other).count()
            merged_pk = other.pk
            story_merge(keep=keep, merge=other)
            other.pk = merged_pk  # delete() cleared it; the history entry keeps the old id
            entries.append(
                (
                    keep,
                    f"merged story {other.key!r} (#{merged_pk}) into this one: "
                    f"{moved} article(s) moved",
                )
            )
            audit(
                request.user,
                [(other, f"merged into story {keep.key!r} (#{keep.pk}) and deleted")],
                flag=DELETION,
            )
        audit(request.user, entries)
        self.message_user(
            request, f"Merged {len(stories) - 1} story(ies) into {keep}.", messages.SUCCESS
        )


@admin.register(StoryArticle)
class StoryArticleAdmin(admin.ModelAdmin):
    list_display = ["article", "story", "method", "score"]
    list_filter = [StoryFilter, "method"]
    list_select_related = ["article", "story"]
    raw_id_fields = ["article", "story"]
    readonly_fields = ["story", "article", "method", "score", "reason"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    actions = ["split_off"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("story__signature")

    def has_add_permission(self, request):
        return False  # articles join stories by grouping, merges and splits

    def has_split_permission(self, request):
        return user_can(request, "verification.add_story", "verification.change_storyarticle")

    @admin.action(
        description="Split the selected articles off into a new story", permissions=["split"]
    )
    def split_off(self, request, queryset):
        moving = list(queryset.select_related("article", "story").defer("story__signature"))
        story = story_split(article_ids=[m.article_id for m in moving])
        titles = ", ".join(str(m.article) for m in moving)
        entries = [(story, f"split off from other stories: {titles}")]
        for old in {m.story_id: m.story for m in moving}.values():
            moved = ", ".join(str(m.article) for m in moving if m.story_id == old.pk)
            entries.append(
                (old, f"article(s) split off into story {story.key!r} (#{story.pk}): {moved}")
            )
        audit(request.user, entries[:1], flag=ADDITION)
        audit(request.user, entries[1:])
        self.message_user(request, f"Moved to new story {story.key}.", messages.SUCCESS)


@admin.register(StoryTerm)
class StoryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "story"]
    search_fields = ["term"]
    list_select_related = ["story"]
    raw_id_fields = ["story"]
    readonly_fields = ["story", "term", "weight", "last_published_at"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table

    def get_queryset(self, request):
        return super().get_queryset(request).defer("story__signature")

    def has_add_permission(self, request):
        return False  # grouping writes them

    def has_change_permission(self, request, obj=None):
        return False


# ------------------------------------------------------------------------------------------
# The triage queue
# ------------------------------------------------------------------------------------------


class TriageAdminMixin:
    """Decisions on flags, one by one (the change form: status and note) or in bulk (actions
    with the note box), each recorded with who, when, before and after on the flag's history."""

    action_form = NoteActionForm
    seen_session_key = SEEN_SESSION_KEY  # "new since your last visit", per queue
    decided_noun = "flag(s)"
    search_claim_fields: tuple[str, ...] = ()  # claims whose words the search also reads
    paginator = SortedPagePaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    actions = ["confirm", "dismiss", "mark_update"]

    class Media:
        css = {"all": ["verification/admin.css"]}

    def has_add_permission(self, request):
        return False  # rows come from detection, never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # decided on, never erased: detection would only bring it back

    def get_ordering(self, request):
        return ["-priority", "-created_at", "-id"]

    def queue_queryset(self, request, priority, *deferred: str):
        """The queue's rows, most important first: `priority` (the model's own terms, read
        from its row) plus a recent row and a row new since the user's last visit."""
        priority = priority + Case(
            When(created_at__gte=timezone.now() - RECENT, then=Value(0.25)),
            default=Value(0.0),
        )
        since = getattr(request, "_triage_seen_at", None)
        new = Value(False)
        if since is not None:
            new = Case(When(created_at__gt=since, then=Value(True)), default=Value(False))
            priority = priority + Case(
                When(created_at__gt=since, then=Value(0.5)), default=Value(0.0)
            )
        # Not super(): its ordering names the annotation before it exists.
        return (
            self.model._default_manager.get_queryset()
            .annotate(priority=ExpressionWrapper(priority, output_field=FloatField()))
            .annotate(is_new=new)
            .defer("search_text", *deferred)
            .order_by(*self.get_ordering(request))
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queue_search(queryset, term, claim_fields=self.search_claim_fields), False

    def priority_html(self, obj, corrected: bool, badges):
        """The priority column: the score, its badges (new, CORRECTED, then the model's own)
        and the confidence."""
        shown = []
        if getattr(obj, "is_new", False):
            shown.append(mark_safe('<span class="ct-badge ct-new">new</span>'))
        if corrected:
            shown.append(mark_safe('<span class="ct-badge ct-corrected">CORRECTED</span>'))
        shown.extend(badges)
        return format_html(
            '<span class="ct-priority">{}</span> {}<br><span class="ct-sub">confidence {}</span>',
            f"{getattr(obj, 'priority', 0):.2f}",
            format_html_join(" ", "{}", ((b,) for b in shown)),
            f"{obj.confidence:.2f}",
        )

    def changelist_view(self, request, extra_context=None):
        # "New since your last visit": the previous visit's time is kept in the session.
        seen = request.session.get(self.seen_session_key)
        request._triage_seen_at = parse_datetime(seen) if seen else None
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 200) == 200:
            request.session[self.seen_session_key] = timezone.now().isoformat()
        return response

    @admin.display(description="story")
    def story_link(self, obj):
        """The row's story, linked to the queue filtered by it."""
        if obj.story_id is None:
            return "-"
        title = str(obj.story)
        return format_html(
            '<a href="?{}" title="{}">{}</a>',
            urlencode({"story": obj.story_id}),
            title,
            title if len(title) <= 40 else title[:39] + "…",
        )

    def review_row(self, *, pk: int, status: str, reviewer, note: str):
        """Record one decision through the model's service; returns the row after it."""
        raise NotImplementedError

    def _decide(self, request, queryset, status: str, label: str):
        note = (request.POST.get("note") or "").strip()
        before = {row["pk"]: row for row in queryset.values("pk", "status", "note")}
        rows = []
        for pk in before:
            rows.append(self.review_row(pk=pk, status=status, reviewer=request.user, note=note))
        audit(
            request.user,
            [
                (
                    row,
                    change_text(
                        before[row.pk],
                        {"status": row.status, "note": row.note},
                        f"bulk action {label!r}",
                    ),
                )
                for row in rows
            ],
        )
        self.message_user(
            request, f"{len(rows)} {self.decided_noun} marked {status}.", messages.SUCCESS
        )


@admin.register(Contradiction)
class ContradictionAdmin(TriageAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "priority_display",
        "reason",
        "sources_display",
        "kind_short",
        "status",
        "story_link",
        "created_at",
    ]
    list_display_links = ["reason"]
    list_filter = [
        NeedsReviewFilter,
        StoryFilter,
        PairSourceFilter,
        PairClaimFilter,
        PairFamilyFilter,
        "kind",
        "relation",
        "status",
        DetectorFilter,
        "created_at",
    ]
    search_fields = ["reason"]  # widened to claim text and source names in get_search_results
    search_help_text = "Claim text or source name"
    list_select_related = ["claim_a__source", "claim_b__source", "story"]
    search_claim_fields = ("claim_a", "claim_b")
    readonly_fields = [
        "claims_in_context",
        "claim_a",
        "claim_b",
        "story",
        "kind",
        "relation",
        "reason",
        "confidence",
        "detector",
        "detector_version",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = [*readonly_fields, "status", "note"]
    change_form_template = "admin/verification/contradiction/change_form.html"

    def get_queryset(self, request):
        priority = (
            F("confidence")
            + Case(When(relation="correction", then=Value(0.5)), default=Value(0.0))
            # Two sources: a flag within one version or across articles weighs two reports
            # against each other; across versions it is mostly one outlet revising itself.
            # (Read from the flag's own row: comparing the claims' sources would join two
            # claims to every open flag before sorting.)
            + Case(
                When(kind=Contradiction.Kind.ACROSS_VERSIONS, then=Value(0.0)),
                default=Value(0.25),
            )
        )
        queryset = self.queue_queryset(request, priority)
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("_change"):
            # The flag's page shows both claims in their versions' text.
            queryset = queryset.select_related(
                "claim_a__source",
                "claim_a__version__article",
                "claim_b__source",
                "claim_b__version__article",
                "story",
                "reviewed_by",
            ).defer(
                "story__signature",
                "claim_a__version__raw",
                "claim_a__version__signature",
                "claim_b__version__raw",
                "claim_b__version__signature",
            )
        return queryset

    @admin.display(description="priority", ordering="-priority")
    def priority_display(self, obj):
        two_sources = obj.claim_a.source_id != obj.claim_b.source_id
        return self.priority_html(
            obj,
            obj.relation == Contradiction.Relation.CORRECTION,
            [mark_safe('<span class="ct-badge">2 sources</span>')] if two_sources else [],
        )

    @admin.display(description="the two claims in their text")
    def claims_in_context(self, obj):
        parts = []
        for label, claim in (("A", obj.claim_a), ("B", obj.claim_b)):
            version = claim.version
            body = version.body
            before = body[max(0, claim.start - 240) : claim.start]
            after = body[claim.end : claim.end + 240]
            parts.append(
                format_html(
                    "<p><strong>{}: {}</strong> ({} v{}{})<br>…{}<mark>{}</mark>{}…</p>",
                    label,
                    claim.source,
                    version.article,
                    version.number,
                    f", {version.update_label}" if version.update_label else "",
                    before,
                    body[claim.start : claim.end],
                    after,
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def _claim_link(self, claim):
        return format_html(
            '<a href="{}">{}</a> <a class="ct-filter" title="only this source" href="?{}">only</a>',
            reverse("admin:claims_claim_change", args=[claim.pk]),
            claim.source,
            urlencode({"source": claim.source_id}),
        )

    @admin.display(description="kind", ordering="kind")
    def kind_short(self, obj):
        return {
            Contradiction.Kind.BETWEEN_SOURCES: "one version",
            Contradiction.Kind.ACROSS_VERSIONS: "across versions",
            Contradiction.Kind.ACROSS_ARTICLES: "across articles",
        }.get(obj.kind, obj.kind)

    @admin.display(description="claims (A vs B)")
    def sources_display(self, obj):
        return format_html(
            "{}<br>vs {}", self._claim_link(obj.claim_a), self._claim_link(obj.claim_b)
        )

    @admin.action(description="Confirm: a real contradiction", permissions=["change"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, Contradiction.Status.CONFIRMED, "confirm")

    @admin.action(description="Dismiss: not a contradiction", permissions=["change"])
    def dismiss(self, request, queryset):
        self._decide(request, queryset, Contradiction.Status.DISMISSED, "dismiss")

    @admin.action(description="Mark as a legitimate update", permissions=["change"])
    def mark_update(self, request, queryset):
        self._decide(request, queryset, Contradiction.Status.UPDATE, "mark update")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        flag = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if flag is not None and user_can(request, "verification.add_verdict"):
            extra["verdict_links"] = [
                (label, admin_views.verdict_add_url(claim, flag.reason))
                for label, claim in (("claim A", flag.claim_a), ("claim B", flag.claim_b))
            ]
        return super().change_view(request, object_id, form_url, extra)

    def review_row(self, *, pk, status, reviewer, note):
        return contradiction_review(
            contradiction_id=pk, status=status, reviewer=reviewer, note=note
        )

    def save_model(self, request, obj, form, change):
        # The admin form only edits status and note; the service records who decided and when.
        contradiction_review(
            contradiction_id=obj.pk, status=obj.status, reviewer=request.user, note=obj.note
        )


# ------------------------------------------------------------------------------------------
# The queue of disagreements: one per figure, the unit a fact-checker decides on
# ------------------------------------------------------------------------------------------

DISAGREEMENT_SEEN_SESSION_KEY = "disagreement_triage_seen_at"


class DisagreementFamilyFilter(FixedChoicesFilter):
    title = "measure"
    parameter_name = "family"
    field = "figure__family"
    fixed_choices = FAMILY_CHOICES


class DisagreementSourceFilter(SelectedOnlyFilter):
    """Disagreements with a member claim of one source: the source's claims (by their
    source index), then their memberships (disagreementclaim_claim_idx); no join over the
    queue."""

    title = "source"
    parameter_name = "source"
    related_model = Source

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        members = DisagreementClaim.objects.filter(claim__source_id=int(value))
        return queryset.filter(pk__in=members.values("disagreement_id"))


class DisagreementTriageFilter(admin.SimpleListFilter):
    title = "triage"
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [("open", "Needs review"), ("decided", "Decided"), ("all", "Everything")]

    def value(self):
        return super().value() or "open"  # the queue opens on what needs review

    def choices(self, changelist):
        return list(super().choices(changelist))[1:]  # Django's "All" would mean "open"

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status=Disagreement.Status.OPEN)
        if self.value() == "decided":
            return queryset.exclude(status=Disagreement.Status.OPEN)
        return queryset


class DisagreementForm(forms.ModelForm):
    class Meta:
        model = Disagreement
        fields = ["status", "note"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        row = self.instance
        if (
            status == Disagreement.Status.OPEN
            and row.status != Disagreement.Status.OPEN
            and Disagreement.objects.filter(figure_id=row.figure_id, status=status)
            .exclude(pk=row.pk)
            .exists()
        ):
            raise forms.ValidationError(
                "This figure already has an open disagreement: review that one instead."
            )
        return status


@admin.register(Disagreement)
class DisagreementAdmin(TriageAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """The triage queue of disagreements. Decisions go through `disagreement_review`, which
    carries them to the disagreement's still-open pairwise flags."""

    form = DisagreementForm
    seen_session_key = DISAGREEMENT_SEEN_SESSION_KEY
    decided_noun = "disagreement(s)"
    list_display = [
        "priority_display",
        "reason",
        "figure_name",
        "kind_short",
        "status",
        "story_link",
        "created_at",
    ]
    list_display_links = ["reason"]
    list_filter = [
        DisagreementTriageFilter,
        StoryFilter,
        DisagreementSourceFilter,
        DisagreementFamilyFilter,
        "kind",
        "status",
        ("corrected", admin.BooleanFieldListFilter),
        "created_at",
    ]
    search_fields = ["reason"]  # replaced by the member claims' text and sources below
    search_help_text = "Claim text or source name"
    list_select_related = ["story", "figure"]
    readonly_fields = [
        "reason",
        "figure",
        "story",
        "kind",
        "confidence",
        "source_count",
        "claim_count",
        "corrected",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = [*readonly_fields, "status", "note"]
    change_form_template = "admin/verification/disagreement/change_form.html"

    def get_queryset(self, request):
        # Every term reads the disagreement's own row (`corrected` is stored when the members
        # are built): sorting the queue joins nothing.
        priority = (
            F("confidence")
            + Case(When(corrected=True, then=Value(0.5)), default=Value(0.0))
            + Case(
                When(source_count__gte=3, then=Value(0.5)),
                When(source_count__gte=2, then=Value(0.25)),
                default=Value(0.0),
            )
            + Case(When(claim_count__gte=4, then=Value(0.1)), default=Value(0.0))
        )
        return self.queue_queryset(request, priority, "story__signature")

    @admin.display(description="priority", ordering="-priority")
    def priority_display(self, obj):
        counts = format_html(
            '<span class="ct-badge">{} sources, {} claims</span>',
            obj.source_count,
            obj.claim_count,
        )
        return self.priority_html(obj, getattr(obj, "corrected", False), [counts])

    @admin.display(description="figure", ordering="figure__name")
    def figure_name(self, obj):
        return str(obj.figure)

    @admin.display(description="kind", ordering="kind")
    def kind_short(self, obj):
        return {
            Disagreement.Kind.BETWEEN_SOURCES: "one version",
            Disagreement.Kind.ACROSS_VERSIONS: "across versions",
            Disagreement.Kind.ACROSS_ARTICLES: "across articles",
            Disagreement.Kind.MIXED: "mixed",
        }.get(obj.kind, obj.kind)

    @admin.action(description="Confirm: sources really disagree", permissions=["change"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, Disagreement.Status.CONFIRMED, "confirm")

    @admin.action(description="Dismiss: no disagreement", permissions=["change"])
    def dismiss(self, request, queryset):
        self._decide(request, queryset, Disagreement.Status.DISMISSED, "dismiss")

    @admin.action(description="Mark as a legitimate update", permissions=["change"])
    def mark_update(self, request, queryset):
        self._decide(request, queryset, Disagreement.Status.UPDATE, "mark update")

    def review_row(self, *, pk, status, reviewer, note):
        return disagreement_review(disagreement_id=pk, status=status, reviewer=reviewer, note=note)

    def save_model(self, request, obj, form, change):
        # The form edits status and note only; the service records who decided and when and
        # carries the decision to the pairwise flags.
        disagreement_review(
            disagreement_id=obj.pk, status=obj.status, reviewer=request.user, note=obj.note
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        if object_id and str(object_id).isdigit():
            extra.update(disagreement_page_context(request, int(object_id)))
        return super().change_view(request, object_id, form_url, extra)


def disagreement_page_context(request, disagreement_id: int) -> dict:
    """The member claims (source, value, version, article; a verdict link each) and the
    pairwise flags behind a disagreement: two queries."""
    row = Disagreement.objects.filter(pk=disagreement_id).values("reason", "story_id").first()
    if row is None:
        return {}
    claims = list(
        Claim.objects.filter(
            pk__in=DisagreementClaim.objects.filter(disagreement_id=disagreement_id).values(
                "claim_id"
            )
        )
        .select_related("source", "version__article")
        .defer("version__body", "version__raw", "version__signature")
        .order_by("version__published_at", "version_id", "start", "pk")
    )
    can_draft = user_can(request, "verification.add_verdict")
    queue = reverse("admin:verification_disagreement_changelist")
    members = [
        {
            "claim": claim,
            "value": value_text(claim),
            "url": reverse("admin:claims_claim_change", args=[claim.pk]),
            "source_url": queue + "?" + urlencode({"source": claim.source_id, "triage": "all"}),
            "verdict_url": admin_views.verdict_add_url(claim, row["reason"]) if can_draft else "",
        }
        for claim in claims
    ]
    flags = [
        {**flag, "url": reverse("admin:verification_contradiction_change", args=[flag["pk"]])}
        for flag in Contradiction.objects.filter(
            disagreement_evidence__disagreement_id=disagreement_id
        )
        .order_by("-confidence", "pk")
        .values("pk", "reason", "confidence", "status", "kind")
    ]
    return {"members": members, "flags": flags, "can_draft": can_draft, "story_id": row["story_id"]}


@admin.register(ClaimLineage)
class ClaimLineageAdmin(admin.ModelAdmin):
    list_display = ["version", "label", "detail"]
    list_filter = ["label"]
    list_select_related = ["version", "version__article"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    raw_id_fields = ["version", "previous_claim", "current_claim"]
    readonly_fields = [
        "version",
        "previous_claim",
        "current_claim",
        "label",
        "detail",
        "detector_version",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("version__body", "version__raw", "version__signature")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # pipeline output


# ------------------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------------------


@admin.register(Verdict)
class VerdictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "rating", "reviewer", "published_at"]
    list_filter = ["rating", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "reviewer"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    raw_id_fields = ["claim"]
    fields = ["claim", "claim_in_context", "rating", "rationale", "reviewer", "published_at"]
    readonly_fields = ["claim_in_context", "reviewer", "published_at", "created_at"]
    actions = ["publish"]
    change_form_template = "admin/verification/verdict/change_form.html"

    class Media:
        css = {"all": ["verification/admin.css"]}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            # A published verdict is public: only an editor may change it.
            return user_can(request, "verification.change_verdict", "verification.publish_verdict")
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return user_can(request, "verification.publish_verdict")

    @admin.display(description="the claim in its text")
    def claim_in_context(self, obj):
        if obj is None or obj.claim_id is None:
            return "-"
        return admin_views.claim_in_context(obj.claim)

    def save_model(self, request, obj, form, change):
        if obj.reviewer_id is None:
            obj.reviewer = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        publish = path(
            "<int:verdict_id>/publish/",
            self.admin_site.admin_view(self.publish_view),
            name="verification_verdict_publish",
        )
        return [publish, *super().get_urls()]

    def publish_view(self, request, verdict_id):
        """The change page's Publish button (editors only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_publish_permission(request):
            raise PermissionDenied
        verdict = get_object_or_404(Verdict, pk=verdict_id)
        self._publish(request, [verdict.pk])
        return redirect("admin:verification_verdict_change", verdict.pk)

    def _publish(self, request, ids):
        drafts = list(Verdict.objects.filter(pk__in=ids, published_at__isnull=True))
        count = verdicts_publish(verdict_ids=[v.pk for v in drafts])
        published = {
            v.pk: v.published_at
            for v in Verdict.objects.filter(pk__in=[d.pk for d in drafts]).only("published_at")
        }
        audit(
            request.user,
            [
                (
                    d,
                    change_text(
                        {"published_at": None}, {"published_at": published[d.pk]}, "published"
                    ),
                )
                for d in drafts
            ],
        )
        self.message_user(request, f"{count} verdict(s) published.", messages.SUCCESS)

    @admin.action(description="Publish the selected verdicts", permissions=["publish"])
    def publish(self, request, queryset):
        self._publish(request, list(queryset.values_list("pk", flat=True)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        extra["can_publish"] = self.has_publish_permission(request)
        return super().change_view(request, object_id, form_url, extra)


@admin.register(ContradictionReport)
class ContradictionReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contradiction_count", "built_at"]
    readonly_fields = [
        "kind",
        "period_start",
        "period_end",
        "contradiction_count",
        "body",
        "text",
        "built_at",
    ]

    def has_add_permission(self, request):
        return False  # reports come from the beat schedule

    def has_change_permission(self, request, obj=None):
        return False


from verification import admin_delivery  # noqa: E402, F401  (webhooks, report recipients)
