"""Public HTML pages: one review page per published verdict, with its ClaimReview JSON-LD."""

import json

from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from verification.api.serializers import claim_review_of, publisher
from verification.api.views import verdicts_for_api


def _script_json(data: dict) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can close or comment the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def claim_review_page(request, pk: int):
    verdict = get_object_or_404(verdicts_for_api().published(), pk=pk)
    review = claim_review_of(verdict, request)
    return render(
        request,
        "verification/claim_review.html",
        {
            "review": review,
            "verdict": verdict,
            "claim": verdict.claim,
            "article": verdict.claim.version.article,
            "publisher": publisher(),
            "json_ld": mark_safe(_script_json(review)),  # noqa: S308 (escaped above)
        },
    )
