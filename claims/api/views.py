from rest_framework import viewsets

from claims.api.serializers import ClaimSerializer
from claims.models import Claim
from config.api import IdCursorPagination


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ClaimSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["kind", "family", "version", "source", "attributed", "hedged"]

    def get_queryset(self):
        return Claim.objects.for_list()
