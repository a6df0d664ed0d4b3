from django.contrib import admin, messages
from django.contrib.admin import ShowFacets
from django.contrib.admin.models import ADDITION
from django.urls import reverse
from django.utils.html import format_html

from claims.extraction.families import FAMILIES
from claims.models import PIPELINE_FIELDS, Claim
from sources.models import Source
from verification.admin_support import (
    CappedCountPaginator,
    FixedChoicesFilter,
    SelectedOnlyFilter,
    audit,
    claim_search,
    user_can,
)
from verification.admin_views import claim_in_context, verdict_add_url
from verification.services import verdict_record


class FamilyFilter(FixedChoicesFilter):
    title = "measure family"
    parameter_name = "family"
    field = "family"
    fixed_choices = tuple(sorted((f.name, f.name) for f in FAMILIES))


class SourceFilter(SelectedOnlyFilter):
    title = "source"
    parameter_name = "source"
    related_model = Source
    lookups_for = ("source_id",)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "summary",
        "kind",
        "family",
        "interval_display",
        "source_link",
        "attributed",
        "hedged",
        "version",
    ]
    list_filter = [
        "kind",
        "attributed",
        "hedged",
        "negated",
        "approximate",
        FamilyFilter,
        SourceFilter,
    ]
    search_fields = ["text"]  # widened to source names in get_search_results
    search_help_text = "Claim text or source name"
    list_select_related = ["source", "version", "version__article"]
    # Newest first: the primary key and claim_list_filters_idx (kind, hedged, attributed, -id)
    # serve it; the model's (version, start) order would sort every matching claim.
    ordering = ["-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    raw_id_fields = ["version", "source"]
    # Pipeline output: fact-checkers record verdicts, they do not edit what the text said.
    readonly_fields = ["in_context", "version", *PIPELINE_FIELDS, "fingerprint", "created_at"]
    actions = ["mark_disputed"]
    change_form_template = "admin/claims/claim/change_form.html"

    class Media:
        css = {"all": ["verification/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("version__body", "version__raw", "version__signature")
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return claim_search(queryset, term), False

    def has_add_permission(self, request):
        return False  # claims come from extraction

    def has_change_permission(self, request, obj=None):
        return False  # pipeline output, read-only for everyone

    def has_delete_permission(self, request, obj=None):
        return False  # re-extraction replaces claims; verdicts hang on them

    def has_draft_verdict_permission(self, request):
        return user_can(request, "verification.add_verdict")

    @admin.display(description="the claim in its text")
    def in_context(self, obj):
        return claim_in_context(obj)

    @admin.display(description="source", ordering="source__name")
    def source_link(self, obj):
        return format_html('<a href="?source={}">{}</a>', obj.source_id, obj.source)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        claim = self.get_object(request, object_id)
        if claim is not None:
            if self.has_draft_verdict_permission(request):
                extra["verdict_url"] = verdict_add_url(claim)
            flags = reverse("admin:verification_contradiction_changelist")
            extra["flags_url"] = f"{flags}?claim={claim.pk}"
        return super().change_view(request, object_id, form_url, extra)

    @admin.action(
        description="Record a 'disputed between sources' verdict (unpublished)",
        permissions=["draft_verdict"],
    )
    def mark_disputed(self, request, queryset):
        verdicts = [
            verdict_record(
                claim_id=claim_id,
                rating="disputed",
                rationale="Sources disagree.",
                reviewer=request.user,
            )
            for claim_id in queryset.values_list("pk", flat=True)
        ]
        audit(
            request.user,
            [(v, "drafted 'disputed' by the claims' bulk action") for v in verdicts],
            flag=ADDITION,
        )
        self.message_user(request, f"{len(verdicts)} verdict(s) recorded.", messages.SUCCESS)
