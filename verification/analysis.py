"""The `analyze` result: versions, their claims and flags as the JSON contract and as text.

`analysis_payload` reads the database (bounded queries, no query per row); `render_text` is pure.
See ../shared/analyze-json.md for the contract: add fields freely, never rename or drop them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from claims.models import Claim
from sources.models import ArticleVersion
from verification.models import (
    ClaimLineage,
    Contradiction,
    Disagreement,
    DisagreementClaim,
    DisagreementEvidence,
    Figure,
    FigureClaim,
    StoryArticle,
)


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def claim_payload(claim: Claim, file: str) -> dict[str, Any]:
    return {
        "id": str(claim.pk),
        "file": file,
        "start": claim.start,
        "end": claim.end,
        "text": claim.summary or claim.text,
        "evidence": claim.text,
        "kind": claim.kind,
        "measure": claim.measure or None,
        "family": claim.family or None,
        "scope": claim.scope or None,
        "low": _number(claim.low),
        "high": _number(claim.high),
        "low_open": claim.low_open,
        "high_open": claim.high_open,
        "unit": claim.unit or None,
        "approximate": claim.approximate,
        "hedged": claim.hedged,
        "negated": claim.negated,
        "source": claim.source.name,
        "source_kind": claim.source.kind,
        "source_mention": claim.source_mention or claim.source.name,
        "attributed": claim.attributed,
        "extractor_version": claim.extractor_version,
    }


def analysis_payload(versions: Sequence[tuple[str, ArticleVersion | None, str]]) -> dict[str, Any]:
    """The contract's object for (file, version or None, error) triples, in that order."""
    version_ids = [v.pk for _, v, _ in versions if v is not None]
    files = {v.pk: f for f, v, _ in versions if v is not None}
    stories = {
        m.article_id: m.story.key
        for m in StoryArticle.objects.filter(
            article_id__in=[v.article_id for _, v, _ in versions if v is not None]
        ).select_related("story")
    }
    documents = []
    for file, version, error in versions:
        entry: dict[str, Any] = {"file": file}
        if version is None:
            entry.update(article=None, version=None, story=None, status="rejected", error=error)
        else:
            entry.update(
                article=version.article.key,
                version=version.number,
                story=stories.get(version.article_id),
                status=version.status,
                update_label=version.update_label or None,
                corrected=version.corrected,
                published_at=version.published_at.isoformat() if version.published_at else None,
                outlet=version.article.outlet.name,
            )
            if version.error:
                entry["error"] = version.error
        documents.append(entry)
    claims = list(
        Claim.objects.filter(version_id__in=version_ids)
        .select_related("source")
        .order_by("version_id", "start", "end", "pk")
    )
    claim_ids = {c.pk for c in claims}
    flags = Contradiction.objects.filter(
        Q(claim_a_id__in=claim_ids) & Q(claim_b_id__in=claim_ids)
    ).order_by("pk")
    contradictions, updates = [], []
    for flag in flags:
        row = {
            "id": str(flag.pk),
            "a": str(flag.claim_a_id),
            "b": str(flag.claim_b_id),
            "kind": flag.kind,
            "relation": flag.relation,
            "reason": flag.reason,
            "confidence": round(flag.confidence, 3),
            "detector": f"{flag.detector}/{flag.detector_version}",
        }
        (updates if flag.relation == Contradiction.Relation.UPDATE else contradictions).append(row)
    lineage = [
        {
            "version_file": files.get(link.version_id),
            "label": link.label,
            "previous": str(link.previous_claim_id) if link.previous_claim_id else None,
            "current": str(link.current_claim_id) if link.current_claim_id else None,
            "detail": link.detail,
        }
        for link in ClaimLineage.objects.filter(version_id__in=version_ids).order_by(
            "version_id", "pk"
        )
    ]
    return {
        "documents": documents,
        "claims": [claim_payload(c, files[c.version_id]) for c in claims],
        "contradictions": contradictions,
        "updates": updates,
        "lineage": lineage,
        **figures_payload(claims, files, {v.pk: v.number for _, v, _ in versions if v}),
    }


def figures_payload(
    claims: Sequence[Claim], files: dict[int, str], numbers: dict[int, int]
) -> dict[str, Any]:
    """The figures of the analysed claims (each a series of claims) and their disagreements
    (issue 9): {"figures": [...], "disagreements": [...]}, in a fixed number of queries."""
    by_id = {c.pk: c for c in claims}
    series: dict[int, list[Claim]] = defaultdict(list)
    for figure_id, claim_id in FigureClaim.objects.filter(claim_id__in=by_id).values_list(
        "figure_id", "claim_id"
    ):
        series[figure_id].append(by_id[claim_id])
    figures = Figure.objects.filter(pk__in=series).select_related("story").order_by("pk")
    disagreements = list(
        Disagreement.objects.filter(
            pk__in=DisagreementClaim.objects.filter(claim_id__in=by_id).values("disagreement_id")
        ).order_by("pk")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for d, c in (
        DisagreementClaim.objects.filter(disagreement__in=disagreements)
        .values_list("disagreement_id", "claim_id")
        .order_by("claim_id")
    ):
        members[d].append(c)
    evidence: dict[int, list[int]] = defaultdict(list)
    for d, c in (
        DisagreementEvidence.objects.filter(disagreement__in=disagreements)
        .values_list("disagreement_id", "contradiction_id")
        .order_by("contradiction_id")
    ):
        evidence[d].append(c)
    order = {c.pk: i for i, c in enumerate(claims)}
    return {
        "figures": [
            {
                "id": str(f.pk),
                "name": f.name,
                "family": f.family or None,
                "measure": f.measure or None,
                "scope": f.scope_key or None,
                "moment": f.moment or None,
                "story": f.story.key,
                "claims": [
                    {
                        "id": str(c.pk),
                        "file": files[c.version_id],
                        "low": _number(c.low),
                        "high": _number(c.high),
                        "source": c.source.name,
                        "version": numbers[c.version_id],
                    }
                    for c in sorted(series[f.pk], key=lambda c: order[c.pk])
                ],
            }
            for f in figures
        ],
        "disagreements": [
            {
                "id": str(d.pk),
                "figure": str(d.figure_id),
                "status": d.status,
                "kind": d.kind,
                "members": [str(c) for c in members[d.pk]],
                "contradictions": [str(c) for c in evidence[d.pk]],
                "reason": d.reason,
                "confidence": round(d.confidence, 3),
                "sources": d.source_count,
            }
            for d in disagreements
        ],
    }


def render_text(payload: dict[str, Any]) -> str:
    """A readable report of an analysis payload: documents, claims by source, flags."""
    lines: list[str] = []
    claims_by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in payload["claims"]:
        claims_by_file[claim["file"]].append(claim)
    by_id = {c["id"]: c for c in payload["claims"]}
    for doc in payload["documents"]:
        lines.append("=" * 78)
        if doc.get("status") == "rejected":
            lines.append(f"{doc['file']}: REJECTED: {doc['error']}")
            continue
        label = f" {doc['update_label']}" if doc.get("update_label") else ""
        lines.append(f"{doc['file']}")
        lines.append(
            f"  article {doc['article']}  version {doc['version']}{label}  "
            f"outlet {doc.get('outlet')}  story {doc['story']}  [{doc['status']}]"
        )
        if doc.get("error"):
            lines.append(f"  error: {doc['error']}")
        for claim in claims_by_file.get(doc["file"], []):
            value = _value_text(claim)
            who = claim["source"] if claim["attributed"] else f"{claim['source']} (own voice)"
            flags = "".join(
                f" [{flag}]" for flag in ("hedged", "negated", "approximate") if claim.get(flag)
            )
            if claim["kind"] == "quantity":
                lines.append(
                    f"  #{claim['id']:>4} {who}: {value} {claim['measure'] or ''}"
                    f"{' (' + claim['scope'] + ')' if claim['scope'] else ''}{flags}"
                )
            else:
                lines.append(f"  #{claim['id']:>4} {who} says: {_short(claim['evidence'])}{flags}")
    lines.append("=" * 78)
    lines.append(f"Contradictions: {len(payload['contradictions'])}")
    for flag in payload["contradictions"]:
        lines.append(f"  [{flag['kind']}, {flag['relation']}, confidence {flag['confidence']:.2f}]")
        lines.append(f"    {flag['reason']}")
        for side in ("a", "b"):
            claim = by_id.get(flag[side])
            if claim:
                lines.append(
                    f"    #{claim['id']} in {claim['file']}: {_short(claim['evidence'], 110)}"
                )
    if payload.get("updates"):
        lines.append(f"Updates (not contradictions): {len(payload['updates'])}")
        for flag in payload["updates"]:
            lines.append(f"    {flag['reason']}")
    changed = [x for x in payload.get("lineage", []) if x["label"] != "unchanged"]
    if changed:
        lines.append(f"Changes between versions: {len(changed)}")
        for link in changed:
            lines.append(f"    {link['version_file']}: {link['label']}: {link['detail']}")
    if payload.get("disagreements"):
        lines.append(f"Disagreements (one per figure): {len(payload['disagreements'])}")
        for item in payload["disagreements"]:
            lines.append(
                f"    [{item['status']}, confidence {item['confidence']:.2f}] {item['reason']}"
            )
    return "\n".join(lines) + "\n"


def _value_text(claim: dict[str, Any]) -> str:
    low, high = claim["low"], claim["high"]
    unit = f" {claim['unit']}" if claim.get("unit") else ""
    if low is not None and low == high:
        return f"{low}{unit}"
    left = "(" if claim["low_open"] or low is None else "["
    right = ")" if claim["high_open"] or high is None else "]"
    return f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}{unit}"


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
