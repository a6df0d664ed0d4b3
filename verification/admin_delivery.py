"""Admin screens for delivery: webhook subscribers and their delivery log, report recipients,
and the report's HTML shown on its page. Imported at the end of verification/admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from verification import reports
from verification.models import (
    ContradictionReport,
    ReportDispatch,
    ReportRecipient,
    WebhookDelivery,
    WebhookSubscriber,
)


class WebhookSubscriberForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookSubscriber.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WebhookSubscriber
        fields = ["name", "url", "secret", "events", "active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}


@admin.register(WebhookSubscriber)
class WebhookSubscriberAdmin(admin.ModelAdmin):
    form = WebhookSubscriberForm
    list_display = ["name", "url", "event_list", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    @admin.display(description="events")
    def event_list(self, obj: WebhookSubscriber) -> str:
        return ", ".join(obj.events or []) or "none"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only; failed or stuck deliveries can be sent again."""

    list_display = [
        "created_at",
        "event",
        "subscriber",
        "status",
        "attempts",
        "response_code",
        "last_attempt_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["subscriber"]
    search_fields = ["delivery_id", "key"]
    show_full_result_count = False
    readonly_fields = [
        "delivery_id",
        "subscriber",
        "event",
        "key",
        "payload",
        "status",
        "attempts",
        "response_code",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Nothing of a delivery is edited by hand; the permission only gates "send again".
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("verification.change_webhookdelivery")

    @admin.action(description="Send the selected deliveries again", permissions=["resend"])
    def send_again(self, request, queryset):
        from config.celery_app import send_on_commit
        from verification.tasks import webhook_deliver_task

        undelivered = queryset.exclude(status=WebhookDelivery.Status.DELIVERED)
        pks = list(undelivered.values_list("pk", flat=True))
        WebhookDelivery.objects.filter(pk__in=pks).update(
            status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=None
        )
        for pk in pks:
            send_on_commit(webhook_deliver_task, pk)
        self.message_user(request, f"{len(pks)} delivery(ies) queued again.", messages.SUCCESS)


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["email", "name"]


@admin.register(ReportDispatch)
class ReportDispatchAdmin(admin.ModelAdmin):
    list_display = ["report", "attempts", "finished_at"]
    list_select_related = ["report"]
    readonly_fields = ["report", "sent_to", "attempts", "error", "finished_at"]

    def has_add_permission(self, request):
        return False


def _report_html(obj: ContradictionReport) -> str:
    if (obj.body or {}).get("version") != reports.VERSION:
        return format_html("<pre>{}</pre>", obj.text)
    # Rendered by verification.reports, which escapes every value it writes.
    return mark_safe(reports.render_html_fragment(obj.body))  # noqa: S308


# The report's own admin lives in admin.py: extend whatever class it registered with the
# rendered report, instead of replacing it.
_base = type(admin.site._registry[ContradictionReport])


class ContradictionReportDeliveryAdmin(_base):  # type: ignore[misc, valid-type]
    @admin.display(description="report")
    def rendered(self, obj: ContradictionReport) -> str:
        return _report_html(obj)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "rendered"]


admin.site.unregister(ContradictionReport)
admin.site.register(ContradictionReport, ContradictionReportDeliveryAdmin)
