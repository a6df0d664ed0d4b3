from django.contrib import admin, messages

from claims.models import PIPELINE_FIELDS, Claim
from verification.services import verdict_record


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "summary",
        "kind",
        "family",
        "interval_display",
        "source",
        "attributed",
        "hedged",
        "version",
    ]
    list_filter = ["kind", "attributed", "hedged", "negated", "approximate", "family"]
    search_fields = ["summary", "text", "source__name"]
    list_select_related = ["source", "version", "version__article"]
    show_full_result_count = False
    raw_id_fields = ["version", "source"]
    # Pipeline output: fact-checkers record verdicts, they do not edit what the text said.
    readonly_fields = ["version", *PIPELINE_FIELDS, "fingerprint", "created_at"]
    actions = ["mark_disputed"]

    def has_add_permission(self, request):
        return False  # claims come from extraction

    @admin.action(description="Record a 'disputed between sources' verdict (unpublished)")
    def mark_disputed(self, request, queryset):
        for claim_id in queryset.values_list("pk", flat=True):
            verdict_record(
                claim_id=claim_id,
                rating="disputed",
                rationale="Sources disagree.",
                reviewer=request.user,
            )
        self.message_user(request, "Verdicts recorded.", messages.SUCCESS)
