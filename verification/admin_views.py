"""What the admin's story, article and verdict pages show beyond a form: reads only, each in a
bounded number of queries (no query per row)."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from claims.models import Claim
from sources.models import ArticleVersion
from verification.models import ClaimLineage, Contradiction, Disagreement, Story, StoryArticle
from verification.timeline import Point, timeline_svg

# The story page draws at most this many claims and figures (the newest), so a story that
# runs for weeks still renders in bounded time.
MAX_TIMELINE_CLAIMS = 3000
MAX_TIMELINES = 24
# Open disagreements listed on a story page (the rest are in the queue, filtered by the story).
MAX_STORY_DISAGREEMENTS = 50
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# A sentence ends at a line break, or at . ! ? (closing quotes kept) followed by a space and a
# capital, a digit or a quote: "5 a.m., according to" stays one sentence.
SENTENCE_END = re.compile(r"\n+|(?<=[.!?])[\"'\u201d)\]]*\s+(?=[A-Z0-9\"'\u201c(])")
VERSION_LIST_FIELDS = (
    "id",
    "article_id",
    "number",
    "update_label",
    "corrected",
    "published_at",
    "status",
    "created_at",
)


def verdict_add_url(claim: Claim, reason: str = "") -> str:
    """The verdict form, filled in for `claim` (rating "disputed" when a flag sent us)."""
    params = {"claim": claim.pk}
    if reason:
        params["rating"] = "disputed"
        params["rationale"] = f"Sources disagree: {reason}"
    return f"{reverse('admin:verification_verdict_add')}?{urlencode(params)}"


def claim_in_context(claim: Claim, around: int = 240) -> str:
    version = claim.version
    body = version.body
    return format_html(
        "<p><strong>{}</strong> ({} v{}{})<br>…{}<mark>{}</mark>{}…</p>",
        claim.source,
        version.article,
        version.number,
        f", {version.update_label}" if version.update_label else "",
        body[max(0, claim.start - around) : claim.start],
        body[claim.start : claim.end],
        body[claim.end : claim.end + around],
    )


# ------------------------------------------------------------------------------------------
# Story page
# ------------------------------------------------------------------------------------------


def _figure_title(family: str, scope: str, measure: str) -> str:
    name = family or measure or "unclassified"
    return f"{name} ({scope})" if scope else name


def story_page_context(story: Story) -> dict:
    """Articles with their versions, one timeline per figure (family and scope), the open
    disagreements and the open flags of `story`: six queries whatever the story's size."""
    memberships = list(
        StoryArticle.objects.filter(story=story)
        .select_related("article__outlet")
        .order_by("article__created_at", "article_id")
    )
    article_ids = [m.article_id for m in memberships]
    versions_by_article = defaultdict(list)
    for version in (
        ArticleVersion.objects.filter(article_id__in=article_ids)
        .only(*VERSION_LIST_FIELDS)
        .order_by("article_id", "number")
    ):
        versions_by_article[version.article_id].append(version)
    articles = [
        {"membership": m, "article": m.article, "versions": versions_by_article[m.article_id]}
        for m in memberships
    ]

    claims = list(
        Claim.objects.filter(version__article_id__in=article_ids, kind=Claim.Kind.QUANTITY)
        .exclude(family="", measure="")
        .values(
            "id",
            "family",
            "scope",
            "scope_key",
            "measure",
            "low",
            "high",
            "text",
            "source__name",
            "version__number",
            "version__update_label",
            "version__published_at",
            "version__created_at",
            "version__article__title",
        )
        .order_by("-id")[:MAX_TIMELINE_CLAIMS]
    )
    flags = list(
        Contradiction.objects.filter(story=story)
        .select_related("claim_a__source", "claim_b__source")
        .defer("claim_a__text", "claim_b__text")
        .order_by("-confidence", "-id")
    )
    marks: dict[int, str] = {}
    for flag in flags:
        if flag.relation == Contradiction.Relation.UPDATE:
            marks.setdefault(flag.claim_b_id, "update")
        else:
            marks[flag.claim_a_id] = marks[flag.claim_b_id] = "contradiction"

    figures: dict[tuple[str, str], list[Point]] = defaultdict(list)
    titles: dict[tuple[str, str], str] = {}
    for row in claims:
        key = (row["family"] or row["measure"], row["scope_key"])
        titles.setdefault(key, _figure_title(row["family"], row["scope"], row["measure"]))
        at = row["version__published_at"] or row["version__created_at"]
        label = row["version__update_label"] or ""
        figures[key].append(
            Point(
                at=at,
                source=row["source__name"],
                low=row["low"],
                high=row["high"],
                label=f"v{row['version__number']} {label} {row['text']}".replace("  ", " "),
                mark=marks.get(row["id"], ""),
            )
        )

    def weight(item):
        key, points = item
        flagged = sum(1 for p in points if p.mark == "contradiction")
        return (-flagged, -len({p.at for p in points}), -len(points), titles[key])

    timelines, reported_once = [], []
    for key, points in sorted(figures.items(), key=weight)[:MAX_TIMELINES]:
        chart = {"title": titles[key], "svg": mark_safe(timeline_svg(titles[key], points))}  # noqa: S308 (escaped in timeline_svg)
        # A figure given at one moment only has no course to draw: it is folded away.
        (timelines if len({p.at for p in points}) > 1 else reported_once).append(chart)
    open_flags = [
        f for f in flags if f.status == Contradiction.Status.OPEN and f.relation != "update"
    ]
    disagreements = list(
        Disagreement.objects.filter(story=story, status=Disagreement.Status.OPEN)
        .order_by("-corrected", "-confidence", "-id")
        .values("pk", "reason", "confidence", "kind", "source_count", "claim_count", "corrected")[
            : MAX_STORY_DISAGREEMENTS + 1
        ]
    )
    return {
        "open_disagreements": disagreements[:MAX_STORY_DISAGREEMENTS],
        "more_disagreements": len(disagreements) > MAX_STORY_DISAGREEMENTS,
        "disagreements_url": f"{reverse('admin:verification_disagreement_changelist')}?"
        + urlencode({"story": story.pk}),
        "story_articles": articles,
        "timelines": timelines,
        "reported_once": reported_once,
        "open_flags": open_flags,
        "update_count": sum(1 for f in flags if f.relation == Contradiction.Relation.UPDATE),
        "flags_url": f"{reverse('admin:verification_contradiction_changelist')}?"
        + urlencode({"story": story.pk}),
        "split_url": f"{reverse('admin:verification_storyarticle_changelist')}?"
        + urlencode({"story": story.pk}),
    }


# ------------------------------------------------------------------------------------------
# Version diff
# ------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    labels: list[str] = field(default_factory=list)


@dataclass
class DiffRow:
    kind: str  # "equal", "changed", "added", "removed"
    left: Sentence | None
    right: Sentence | None
    left_html: str = ""
    right_html: str = ""


def sentences_of(body: str) -> list[Sentence]:
    """The sentences of a version's body with their offsets, front matter left out."""
    skip = FRONT_MATTER.match(body)
    offset = skip.end() if skip else 0
    found = []
    bounds = [m.end() for m in SENTENCE_END.finditer(body, offset)] + [len(body)]
    for end in bounds:
        piece = body[offset:end]
        text = piece.strip()
        if text:
            start = offset + (len(piece) - len(piece.lstrip()))
            found.append(Sentence(start=start, end=start + len(text), text=text))
        offset = end
    return found


def _words_marked(old: str, new: str) -> tuple[str, str]:
    """Both sentences as HTML with the words that differ marked (<del> left, <ins> right)."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "equal":
            left.append(format_html("{}", old_part))
            right.append(format_html("{}", new_part))
        else:
            if old_part:
                left.append(format_html("<del>{}</del>", old_part))
            if new_part:
                right.append(format_html("<ins>{}</ins>", new_part))
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 (parts escaped)


def _label_sentences(sentences: list[Sentence], spans: list[tuple[int, str]]) -> None:
    starts = [s.start for s in sentences]
    for offset, label in spans:
        index = bisect.bisect_right(starts, offset) - 1
        if 0 <= index < len(sentences) and label not in sentences[index].labels:
            sentences[index].labels.append(label)


def version_diff(old: ArticleVersion, new: ArticleVersion) -> dict:
    """Side-by-side rows of two versions' sentences, changed words marked, each sentence
    labelled with the lineage of the claims it holds (when `old` is the version before `new`,
    the lineage the detector stored for `new`)."""
    left, right = sentences_of(old.body), sentences_of(new.body)
    lineage = []
    if old.article_id == new.article_id and old.number < new.number:
        lineage = list(
            ClaimLineage.objects.filter(version=new)
            .select_related("previous_claim", "current_claim")
            .only(
                "label",
                "detail",
                "previous_claim__start",
                "previous_claim__version_id",
                "current_claim__start",
                "current_claim__version_id",
            )
        )
    left_spans, right_spans = [], []
    for link in lineage:
        if link.label == ClaimLineage.Label.UNCHANGED:
            continue
        label = link.get_label_display().lower()
        if link.current_claim is not None and link.current_claim.version_id == new.pk:
            right_spans.append((link.current_claim.start, label))
        elif link.previous_claim is not None and link.previous_claim.version_id == old.pk:
            left_spans.append((link.previous_claim.start, label))
    _label_sentences(left, left_spans)
    _label_sentences(right, right_spans)

    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(
        a=[s.text for s in left], b=[s.text for s in right], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                DiffRow("equal", a, b, format_html("{}", a.text), format_html("{}", b.text))
                for a, b in zip(left[i1:i2], right[j1:j2], strict=True)
            ]
            continue
        olds, news = left[i1:i2], right[j1:j2]
        for index in range(max(len(olds), len(news))):
            a = olds[index] if index < len(olds) else None
            b = news[index] if index < len(news) else None
            if a and b:
                left_html, right_html = _words_marked(a.text, b.text)
                rows.append(DiffRow("changed", a, b, left_html, right_html))
            elif a:
                rows.append(DiffRow("removed", a, None, format_html("{}", a.text), ""))
            else:
                rows.append(DiffRow("added", None, b, "", format_html("{}", b.text)))
    counts = {
        kind: sum(1 for r in rows if r.kind == kind) for kind in ("changed", "added", "removed")
    }
    return {"rows": rows, "counts": counts, "lineage_count": len(lineage), "old": old, "new": new}
