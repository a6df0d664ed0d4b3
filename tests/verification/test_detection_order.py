"""Batch detection follows the copy in publication order, whatever order the files came in."""

import pytest

from claims.services import claims_extract_for_version
from sources.services import article_version_ingest
from verification.services import detection_order

pytestmark = pytest.mark.django_db


def _ingest(url: str, published: str, body: str):
    front = f"---\nurl: {url}\noutlet: Harbour Daily\n" + (
        f"published: {published}\n" if published else ""
    )
    version = article_version_ingest(raw=f"{front}---\n{body}\n", enqueue=False).version
    claims_extract_for_version(version_id=version.pk, enqueue=False)
    version.refresh_from_db()
    return version


def test_versions_are_detected_by_publication_then_written_date():
    late = _ingest("https://example.org/late", "2026-03-20T08:00:00+00:00", "Late copy.")
    undated = _ingest("https://example.org/undated", "", "Nothing dates this copy.")
    early = _ingest("https://example.org/early", "2026-03-01T08:00:00+00:00", "Early copy.")
    written = _ingest("https://example.org/written", "", "The march of March 10, 2026 drew crowds.")
    order = [v.pk for v in detection_order([late, undated, early, written])]
    assert order == [early.pk, written.pk, late.pk, undated.pk]
