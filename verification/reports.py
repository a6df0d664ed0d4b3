"""Pure report rendering: flagged pairs in, a report document (JSON-able dict, text, CSV) out.

`row_from` is the one place that reads model attributes; everything else works on plain dicts.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

VERSION = "reports-1"

COLUMNS = (
    "id",
    "kind",
    "relation",
    "confidence",
    "status",
    "story",
    "reason",
    "a_source",
    "a_text",
    "a_article",
    "a_version",
    "b_source",
    "b_text",
    "b_article",
    "b_version",
    "disagreement",
)


def row_from(contradiction: Any) -> dict[str, Any]:
    """A plain dict of one flagged pair (reads a verification.models.Contradiction)."""
    a, b = contradiction.claim_a, contradiction.claim_b
    # The disagreement the flag is filed under (select_related by the caller); a missing one
    # raises an AttributeError subclass, which getattr turns into None.
    evidence = getattr(contradiction, "disagreement_evidence", None)
    disagreement = evidence.disagreement if evidence is not None else None
    return {
        "id": contradiction.pk,
        "kind": contradiction.kind,
        "relation": contradiction.relation,
        "confidence": round(contradiction.confidence, 3),
        "status": contradiction.status,
        "story": contradiction.story.key if contradiction.story_id else "",
        "reason": contradiction.reason,
        "a_source": a.source.name,
        "a_text": a.summary or a.text,
        "a_article": a.version.article.key,
        "a_version": a.version.number,
        "b_source": b.source.name,
        "b_text": b.summary or b.text,
        "b_article": b.version.article.key,
        "b_version": b.version.number,
        "disagreement": disagreement.pk if disagreement is not None else None,
        "disagreement_reason": disagreement.reason if disagreement is not None else "",
        "disagreement_confidence": (
            round(disagreement.confidence, 3) if disagreement is not None else None
        ),
    }


def build(
    rows: Sequence[dict[str, Any]], *, period_start: datetime, period_end: datetime
) -> dict[str, Any]:
    """The report document: counts by kind and story, and the rows, most confident first."""
    ordered = sorted(rows, key=lambda r: (-r["confidence"], r["id"]))
    return {
        "version": VERSION,
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "total": len(ordered),
        "by_kind": dict(sorted(Counter(r["kind"] for r in ordered).items())),
        "by_story": dict(sorted(Counter(r["story"] for r in ordered).items())),
        "disagreements": len({r["disagreement"] for r in ordered if r.get("disagreement")}),
        "rows": list(ordered),
    }


def render_text(body: dict[str, Any]) -> str:
    """The report as plain text for an email or a terminal."""
    period = f"{body['period_start']} to {body['period_end']}"
    lines = [f"Contradictions flagged from {period}: {body['total']}"]
    for kind, count in body["by_kind"].items():
        lines.append(f"  {kind.replace('_', ' ')}: {count}")
    if body.get("disagreements"):
        lines.append(f"  disagreements (one per figure): {body['disagreements']}")
    pairs: dict[int, list[str]] = defaultdict(list)
    for row in body["rows"]:
        if row.get("disagreement"):
            pairs[row["disagreement"]].append(f"#{row['id']}")
    shown: set[int] = set()
    for row in body["rows"]:
        disagreement = row.get("disagreement")
        if disagreement in shown:
            continue  # a disagreement is listed once, with the pairs filed under it
        lines.append("")
        if disagreement:
            shown.add(disagreement)
            lines.append(f"[{row['disagreement_confidence']:.2f}] {row['disagreement_reason']}")
            lines.append(f"    flagged pairs: {', '.join(pairs[disagreement])}")
            continue
        lines.append(f"[{row['confidence']:.2f}] {row['reason']}")
        lines.append(
            f"    {row['a_source']}: {row['a_text']}  ({row['a_article']} v{row['a_version']})"
        )
        lines.append(
            f"    {row['b_source']}: {row['b_text']}  ({row['b_article']} v{row['b_version']})"
        )
    return "\n".join(lines) + "\n"


def render_csv(body: dict[str, Any]) -> str:
    """The report rows as CSV with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in body["rows"]:
        writer.writerow(row)
    return out.getvalue()
