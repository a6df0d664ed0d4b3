from rest_framework import viewsets

from claims.api.filters import ClaimFilter
from claims.api.serializers import CLAIM_COLUMNS, CLAIM_ROW, ClaimSerializer
from claims.models import Claim
from config.api import StrictQueryMixin
from config.rows import as_rows

SYNC_ORDERINGS = {"-id": ("-id",), "updated_at": ("updated_at", "id")}


class ClaimViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Claims, newest first; `ordering=updated_at` pages through changes (incremental sync)."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    orderings = SYNC_ORDERINGS

    def get_queryset(self):
        if self.action == "list":
            # Flat rows (config/rows.py): the columns shown, no model instances.
            return as_rows(Claim.objects.all(), CLAIM_ROW.columns)
        # Only the columns the serializer shows: never the version's body, raw or signature.
        return Claim.objects.select_related("source", "version__article").only(*CLAIM_COLUMNS)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CLAIM_ROW.build_all(page))
