from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from verification.models import (
    ClaimLineage,
    Contradiction,
    ContradictionReport,
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


class StoryArticleInline(admin.TabularInline):
    model = StoryArticle
    extra = 0
    raw_id_fields = ["article"]
    fields = ["article", "method", "score", "reason"]
    readonly_fields = ["score", "reason"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "key", "explicit", "first_published_at", "last_published_at"]
    search_fields = ["key", "title"]
    readonly_fields = ["signature"]
    inlines = [StoryArticleInline]
    actions = ["merge_into_first"]

    @admin.action(description="Merge the selected stories into the oldest one")
    def merge_into_first(self, request, queryset):
        stories = list(queryset.order_by("pk"))
        for other in stories[1:]:
            story_merge(keep=stories[0], merge=other)
        self.message_user(
            request, f"Merged {len(stories) - 1} story(ies) into {stories[0]}.", messages.SUCCESS
        )


@admin.register(StoryArticle)
class StoryArticleAdmin(admin.ModelAdmin):
    list_display = ["article", "story", "method", "score"]
    list_filter = ["method"]
    list_select_related = ["article", "story"]
    raw_id_fields = ["article", "story"]
    actions = ["split_off"]

    @admin.action(description="Split the selected articles off into a new story")
    def split_off(self, request, queryset):
        story = story_split(article_ids=list(queryset.values_list("article_id", flat=True)))
        self.message_user(request, f"Moved to new story {story.key}.", messages.SUCCESS)


@admin.register(StoryTerm)
class StoryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "story"]
    search_fields = ["term"]
    list_select_related = ["story"]
    raw_id_fields = ["story"]


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "triage"
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [
            ("open", "Needs review"),
            ("low", "Confidence below 0.5"),
            ("updates", "Updates only"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "low":
            return queryset.flagged().filter(confidence__lt=0.5)
        if self.value() == "updates":
            return queryset.filter(relation="update")
        return queryset


@admin.register(Contradiction)
class ContradictionAdmin(admin.ModelAdmin):
    list_display = [
        "reason",
        "kind",
        "relation",
        "confidence",
        "status",
        "claim_a_link",
        "claim_b_link",
    ]
    list_filter = [NeedsReviewFilter, "kind", "relation", "status", "detector"]
    search_fields = ["reason"]
    list_select_related = ["claim_a__source", "claim_b__source", "story"]
    show_full_result_count = False
    raw_id_fields = ["claim_a", "claim_b", "story", "reviewed_by"]
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
    actions = ["confirm", "dismiss", "mark_update"]

    def has_add_permission(self, request):
        return False  # flags come from the detectors, never by hand

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

    @admin.display(description="claim A")
    def claim_a_link(self, obj):
        return format_html(
            '<a href="/admin/claims/claim/{}/change/">{}</a>', obj.claim_a_id, obj.claim_a.source
        )

    @admin.display(description="claim B")
    def claim_b_link(self, obj):
        return format_html(
            '<a href="/admin/claims/claim/{}/change/">{}</a>', obj.claim_b_id, obj.claim_b.source
        )

    def _review(self, request, queryset, status):
        for pk in queryset.values_list("pk", flat=True):
            contradiction_review(contradiction_id=pk, status=status, reviewer=request.user)
        self.message_user(request, f"{queryset.count()} flag(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Confirm: a real contradiction")
    def confirm(self, request, queryset):
        self._review(request, queryset, Contradiction.Status.CONFIRMED)

    @admin.action(description="Dismiss: not a contradiction")
    def dismiss(self, request, queryset):
        self._review(request, queryset, Contradiction.Status.DISMISSED)

    @admin.action(description="Mark as a legitimate update")
    def mark_update(self, request, queryset):
        self._review(request, queryset, Contradiction.Status.UPDATE)

    def save_model(self, request, obj, form, change):
        # The admin form only edits status and note; the service records who decided and when.
        contradiction_review(
            contradiction_id=obj.pk, status=obj.status, reviewer=request.user, note=obj.note
        )


@admin.register(ClaimLineage)
class ClaimLineageAdmin(admin.ModelAdmin):
    list_display = ["version", "label", "detail"]
    list_filter = ["label"]
    list_select_related = ["version", "version__article"]
    show_full_result_count = False
    raw_id_fields = ["version", "previous_claim", "current_claim"]
    readonly_fields = [
        "version",
        "previous_claim",
        "current_claim",
        "label",
        "detail",
        "detector_version",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "reviewer", "published_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "reviewer"]
    raw_id_fields = ["claim"]
    readonly_fields = ["reviewer", "created_at"]
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        if obj.reviewer_id is None:
            obj.reviewer = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected verdicts")
    def publish(self, request, queryset):
        updated = verdicts_publish(verdict_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{updated} verdict(s) published.", messages.SUCCESS)


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


from verification import admin_delivery  # noqa: E402, F401  (webhooks, report recipients)
