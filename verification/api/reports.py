"""/api/v1/reports/: the built contradiction reports (token needed, like every non-public read)."""

from rest_framework import serializers, viewsets

from config.api import StrictQueryMixin
from verification import reports
from verification.models import ContradictionReport

LIST_FIELDS = ["id", "kind", "period_start", "period_end", "contradiction_count", "built_at"]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContradictionReport
        fields = LIST_FIELDS


class ReportDetailSerializer(serializers.ModelSerializer):
    body = serializers.JSONField(
        read_only=True, help_text="The report document (stories, disagreements, changes)."
    )
    html = serializers.SerializerMethodField(help_text="The report as an HTML document.")
    csv = serializers.SerializerMethodField(help_text="One CSV line per disagreement.")

    class Meta:
        model = ContradictionReport
        fields = [*LIST_FIELDS, "body", "text", "html", "csv"]

    def _current(self, report: ContradictionReport) -> bool:
        return (report.body or {}).get("version") == reports.VERSION

    def get_html(self, report: ContradictionReport) -> str:
        return reports.render_html(report.body) if self._current(report) else ""

    def get_csv(self, report: ContradictionReport) -> str:
        return reports.render_csv(report.body) if self._current(report) else ""


class ReportViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Daily contradiction reports, newest first; the detail has the document, its text, HTML
    and CSV. One report per period; `manage.py contradiction_report` builds one on demand."""

    def get_queryset(self):
        queryset = ContradictionReport.objects.all()
        return queryset.only(*LIST_FIELDS) if self.action == "list" else queryset

    def get_serializer_class(self):
        return ReportSerializer if self.action == "list" else ReportDetailSerializer
