"""Pure report rendering: flagged pairs in, a report document (JSON-able dict) out, rendered as
text, HTML (e-mail, the admin), CSV and JSON.

`row_from` is the one place that reads model attributes; everything else works on plain dicts.
A disagreement is one line however many pairwise flags make it: flags of one story about one
figure (family, scope and stated moment) are collapsed, and dismissed flags are left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

VERSION = "reports-2"

CSV_COLUMNS = (
    "story",
    "figure",
    "scope",
    "moment",
    "statuses",
    "confidence",
    "claims",
    "reason",
    "contradiction_ids",
)
MOST_CONTRADICTED = 10


def claim_words(source: str, text: str) -> str:
    """A claim's words without the source its summary starts with ("agency: 14" -> "14"), so
    that "source: words" never reads "agency: agency: 14"."""
    prefix = f"{source}:"
    if source and text[: len(prefix)].lower() == prefix.lower():
        return text[len(prefix) :].strip()
    return text


def _side(claim: Any) -> dict[str, Any]:
    source = claim.source.name
    return {
        "id": claim.pk,
        "source": source,
        "text": claim_words(source, claim.summary or claim.text),
        "article": claim.version.article.key,
        "version": claim.version.number,
        "family": claim.family
        or (f"statement:{claim.statement_key}" if claim.statement_key else ""),
        "measure": claim.measure,
        "scope": claim.scope,
        "scope_key": claim.scope_key,
        "moment": claim.time_ref,
    }


def row_from(contradiction: Any) -> dict[str, Any]:
    """A plain dict of one flagged pair (reads a verification.models.Contradiction)."""
    return {
        "id": contradiction.pk,
        "kind": contradiction.kind,
        "relation": contradiction.relation,
        "confidence": round(contradiction.confidence, 3),
        "status": contradiction.status,
        "story": contradiction.story.key if contradiction.story_id else "",
        "reason": contradiction.reason,
        "a": _side(contradiction.claim_a),
        "b": _side(contradiction.claim_b),
    }


def _figure_key(row: dict[str, Any]) -> tuple[str, str, str, str]:
    a, b = row["a"], row["b"]
    return (
        row["story"],
        a["family"] or b["family"] or a["measure"],
        a["scope_key"] or b["scope_key"],
        a["moment"] or b["moment"],
    )


def _figure_name(sides: Iterable[dict[str, Any]]) -> str:
    for side in sides:
        if side["family"]:
            return side["family"].removeprefix("statement:")
    return "statement"


def _claims(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct claims of the rows, one per (source, words), in order of appearance."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        for side in (row["a"], row["b"]):
            key = (side["source"].lower(), side["text"].lower())
            if key not in seen:
                seen[key] = {
                    k: side[k] for k in ("id", "source", "text", "article", "version", "scope")
                }
    return list(seen.values())


def build(
    rows: Sequence[dict[str, Any]],
    *,
    period_start: datetime,
    period_end: datetime,
    updates: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The report document: stories, each with one line per disagreement (its flags
    collapsed), the figures that changed (updates) and the sources most often contradicted."""
    flagged = [r for r in rows if r["status"] != "dismissed" and r["relation"] != "update"]
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(flagged, key=lambda r: (-r["confidence"], r["id"])):
        groups[_figure_key(row)].append(row)
    stories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    contradicted: Counter[str] = Counter()
    for (story, _, _, moment), members in groups.items():
        best = members[0]
        claims = _claims(members)
        for source in {c["source"] for c in claims}:
            contradicted[source] += 1
        stories[story].append(
            {
                "figure": _figure_name(side for r in members for side in (r["a"], r["b"])),
                "scope": best["a"]["scope"] or best["b"]["scope"],
                "moment": moment,
                "kind": best["kind"],
                "relation": best["relation"],
                "confidence": best["confidence"],
                "statuses": sorted({r["status"] for r in members}),
                "reason": best["reason"],
                "claims": claims,
                "contradiction_ids": sorted(r["id"] for r in members),
            }
        )
    changed: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in sorted(updates, key=lambda r: r["id"]):
        if row["relation"] != "update":
            continue
        earlier, later = row["a"], row["b"]
        key = (*_figure_key(row)[:3], earlier["text"].lower(), later["text"].lower())
        changed.setdefault(
            key,
            {
                "story": row["story"],
                "figure": _figure_name((earlier, later)),
                "scope": earlier["scope"] or later["scope"],
                "from": {k: earlier[k] for k in ("source", "text", "article", "version")},
                "to": {k: later[k] for k in ("source", "text", "article", "version")},
                "reason": row["reason"],
            },
        )
    ordered_stories = sorted(stories.items(), key=lambda item: (-len(item[1]), item[0]))
    return {
        "version": VERSION,
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "total": len(groups),
        "flags": len(flagged),
        "by_kind": dict(sorted(Counter(d["kind"] for d in _all(stories)).items())),
        "stories": [
            {"story": story, "disagreements": sorted(lines, key=_line_order)}
            for story, lines in ordered_stories
        ],
        "changed_figures": list(changed.values()),
        "most_contradicted": [
            {"source": source, "disagreements": count}
            for source, count in sorted(contradicted.items(), key=lambda kv: (-kv[1], kv[0]))[
                :MOST_CONTRADICTED
            ]
        ],
    }


def _line_order(line: dict[str, Any]) -> tuple[str, str, str]:
    return (line["figure"], line["scope"], line["moment"])


def _all(stories: dict[str, list[dict[str, Any]]]) -> Iterable[dict[str, Any]]:
    for lines in stories.values():
        yield from lines


def disagreements(body: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """(story, disagreement) for every line of the report."""
    for story in body["stories"]:
        for line in story["disagreements"]:
            yield story["story"], line


def _figure_label(line: dict[str, Any]) -> str:
    label = line["figure"].replace("_", " ")
    if line.get("scope"):
        label += f" ({line['scope']})"
    if line.get("moment"):
        label += f", as of {line['moment']}"
    return label


def _claim_label(claim: dict[str, Any]) -> str:
    return f"{claim['source']}: {claim['text']} ({claim['article']} v{claim['version']})"


def _period(body: dict[str, Any]) -> str:
    return f"{body['period_start']} to {body['period_end']}"


def render_text(body: dict[str, Any]) -> str:
    """The report as plain text for an e-mail or a terminal."""
    lines = [f"Disagreements flagged from {_period(body)}: {body['total']}"]
    for story in body["stories"]:
        lines += ["", f"Story {story['story'] or '(none)'}"]
        for line in story["disagreements"]:
            lines.append(
                f"  {_figure_label(line)} [{line['confidence']:.2f}, {', '.join(line['statuses'])}]"
            )
            lines += [f"    {_claim_label(c)}" for c in line["claims"]]
            lines.append(f"    why: {line['reason']}")
    if body["changed_figures"]:
        lines += ["", "Figures that changed"]
        for change in body["changed_figures"]:
            lines.append(
                f"  {change['story']}: {change['figure'].replace('_', ' ')}: "
                f"{_claim_label(change['from'])} -> {_claim_label(change['to'])}"
            )
    if body["most_contradicted"]:
        lines += ["", "Most often in disagreement"]
        lines += [f"  {s['source']}: {s['disagreements']}" for s in body["most_contradicted"]]
    return "\n".join(lines) + "\n"


def render_html(body: dict[str, Any]) -> str:
    """The report as a self-contained HTML document (inline styles only: e-mail clients)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Contradiction report {escape(_period(body))}</title></head>\n"
        '<body style="font-family: sans-serif; max-width: 50em">\n'
        f"{render_html_fragment(body)}</body></html>\n"
    )


def render_html_fragment(body: dict[str, Any]) -> str:
    """The report's HTML without the document around it (the admin shows it in its page).
    Every value is escaped."""
    e = escape
    out = [
        f"<h1>Disagreements flagged: {body['total']}</h1>",
        f"<p>From {e(body['period_start'])} to {e(body['period_end'])}.</p>",
    ]
    for story in body["stories"]:
        out.append(f"<h2>Story {e(story['story'] or '(none)')}</h2><ul>")
        for line in story["disagreements"]:
            claims = "".join(f"<li>{e(_claim_label(c))}</li>" for c in line["claims"])
            out.append(
                f"<li><strong>{e(_figure_label(line))}</strong> "
                f"({line['confidence']:.2f}, {e(', '.join(line['statuses']))})"
                f"<ul>{claims}</ul><em>{e(line['reason'])}</em></li>"
            )
        out.append("</ul>")
    if body["changed_figures"]:
        out.append("<h2>Figures that changed</h2><ul>")
        for change in body["changed_figures"]:
            out.append(
                f"<li>{e(change['story'])}: {e(change['figure'].replace('_', ' '))}: "
                f"{e(_claim_label(change['from']))} &rarr; {e(_claim_label(change['to']))}</li>"
            )
        out.append("</ul>")
    if body["most_contradicted"]:
        out.append("<h2>Most often in disagreement</h2><ol>")
        out += [
            f"<li>{e(s['source'])}: {s['disagreements']}</li>" for s in body["most_contradicted"]
        ]
        out.append("</ol>")
    return "\n".join(out) + "\n"


def render_csv(body: dict[str, Any]) -> str:
    """One CSV line per disagreement, with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for story, line in disagreements(body):
        writer.writerow(
            {
                "story": story,
                "figure": line["figure"],
                "scope": line["scope"],
                "moment": line["moment"],
                "statuses": " ".join(line["statuses"]),
                "confidence": line["confidence"],
                "claims": " | ".join(_claim_label(c) for c in line["claims"]),
                "reason": line["reason"],
                "contradiction_ids": " ".join(str(i) for i in line["contradiction_ids"]),
            }
        )
    return out.getvalue()


def render_json(body: dict[str, Any]) -> str:
    """The report document as JSON."""
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "html": render_html, "csv": render_csv, "json": render_json}
