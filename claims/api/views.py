from rest_framework import viewsets

from claims.api.filters import ClaimFilter
from claims.api.serializers import CLAIM_COLUMNS, ClaimSerializer
from claims.models import Claim
from config.api import StrictQueryMixin

SYNC_ORDERINGS = {"-id": ("-id",), "updated_at": ("updated_at", "id")}


class ClaimViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Claims, newest first; `ordering=updated_at` pages through changes (incremental sync)."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    orderings = SYNC_ORDERINGS

    def get_queryset(self):
        # Only the columns the serializer shows: never the version's body, raw or signature.
        return Claim.objects.select_related("source", "version__article").only(*CLAIM_COLUMNS)
