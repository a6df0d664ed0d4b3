"""Writes of the verification app: stories, lineage, contradictions, verdicts, reports."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.extraction.measures import to_base
from claims.extraction.moments import WEEKDAYS, dated_days, written_date
from claims.models import Claim
from sources.models import Article, ArticleVersion
from verification import figures, reports, stories, webhooks
from verification.detectors import (
    ClaimFacts,
    Finding,
    LineageLink,
    align_versions,
    compare_pair,
)
from verification.detectors import comparable_families as related_families
from verification.detectors.lineage import VERSION as LINEAGE_VERSION
from verification.detectors.numeric import lowered_in
from verification.models import (
    ClaimLineage,
    Contradiction,
    ContradictionReport,
    Story,
    StoryArticle,
    StoryTerm,
    Verdict,
)

logger = logging.getLogger(__name__)

Status = ArticleVersion.Status
# Claims are loaded with their version for ClaimFacts; the version's texts are not needed.
# Days an article names that may find its story outside the time window (see stories.match):
# at most this many, and only stories whose last article came within NAMED_DAY_SPAN of the day.
MAX_NAMED_DAYS = 4
NAMED_DAY_SPAN = timedelta(days=60)
HEAVY_VERSION_FIELDS = (
    "version__body",
    "version__raw",
    "version__signature",
    "version__article__title",
)


# --------------------------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------------------------


def _article_profile(article: Article) -> stories.Profile:
    """What the article's latest extracted version is about, and when it was published."""
    versions = list(
        ArticleVersion.objects.filter(article=article, status=Status.DONE)
        .order_by("-number")
        .values("signature", "published_at")[:1]
    )
    signature = versions[0]["signature"] if versions else {}
    # A later version printed without a date is no older than the article's dated versions;
    # an article with no date at all is dated by the latest full date its text writes.
    published = ArticleVersion.objects.filter(article=article).aggregate(
        latest=Max("published_at")
    )["latest"] or written_date(signature)
    return stories.Profile(
        entities={k: float(v) for k, v in (signature.get("entities") or {}).items()},
        terms={k: float(v) for k, v in (signature.get("terms") or {}).items()},
        first_published_at=published,
        last_published_at=published,
        days=tuple(dated_days(signature, published.date() if published else None)),
    )


def _story_profile(story: Story) -> stories.Profile:
    signature = story.signature or {}
    return stories.Profile(
        entities=signature.get("entities") or {},
        terms=signature.get("terms") or {},
        first_published_at=story.first_published_at,
        last_published_at=story.last_published_at,
    )


def detection_order(versions: list[ArticleVersion]) -> list[ArticleVersion]:
    """Versions in the order a newsroom would have received them: by publication, an undated
    version by the latest full date its text writes (as stories place it), versions of one
    article by number; versions with no date at all last, in the order given. Batch runs
    (`analyze`) detect in this order so that story grouping follows a story from its first
    article on, whatever order the files were named in."""
    latest = datetime.max.replace(tzinfo=UTC)

    def when(version: ArticleVersion) -> datetime:
        return version.published_at or written_date(version.signature or {}) or latest

    first_of: dict[int, datetime] = {}
    for version in versions:
        first_of[version.article_id] = min(first_of.get(version.article_id, latest), when(version))
    position = {v.pk: i for i, v in enumerate(versions)}
    return sorted(
        versions,
        key=lambda v: (first_of[v.article_id], v.article_id, v.number, position[v.pk]),
    )


def story_assign_for_article(*, article_id: int) -> Story:
    """The article's story: its explicit `story:` key, a fact-checker's choice, or the best
    matching story among those sharing its indexed entities (a new story when none fits).
    Idempotent; an article keeps an automatic membership once it has one."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        membership = StoryArticle.objects.filter(article=article).select_related("story").first()
        profile = _article_profile(article)
        if article.story_key:
            story, _ = Story.objects.get_or_create(
                key=article.story_key, defaults={"title": article.title, "explicit": True}
            )
            if membership is None or (
                membership.story_id != story.pk and membership.method != StoryArticle.Method.MANUAL
            ):
                StoryArticle.objects.update_or_create(
                    article=article,
                    defaults={
                        "story": story,
                        "method": StoryArticle.Method.EXPLICIT,
                        "score": 1.0,
                        "reason": f"front matter names story {article.story_key!r}",
                    },
                )
            _story_absorb(story, profile)
            return story
        if membership is not None:
            _story_absorb(membership.story, profile, refresh_only=True)
            return membership.story
        story, match = _best_story(profile)
        if story is None:
            story = Story.objects.create(
                key=f"story-{article.pk}",
                title=article.title[:500],
            )
            reason = "no published story matched; a new story"
            score = 1.0
        else:
            reason, score = match.reason, match.score
        StoryArticle.objects.create(
            story=story,
            article=article,
            method=StoryArticle.Method.AUTOMATIC,
            score=score,
            reason=reason[:500],
        )
        if not match.extends:
            # An anniversary from well outside the window keeps the story's dates where they were.
            profile = replace(profile, first_published_at=None, last_published_at=None)
        _story_absorb(story, profile)
        return story


def _best_story(profile: stories.Profile) -> tuple[Story | None, stories.Match]:
    """Candidates come from the term index (never a scan of all stories), then are scored."""
    terms = stories.index_terms(profile)
    if not terms:
        return None, stories.Match(0.0, "no entities")
    candidates = StoryTerm.objects.filter(term__in=terms)
    when = profile.first_published_at
    if when is not None:
        # (term, last_published_at) is indexed: a common term ("police") costs only the
        # stories recent enough to matter, however many stories the database holds.
        window = stories.WINDOW
        near = (
            Q(last_published_at__isnull=True)
            | Q(last_published_at__gte=when - window)
            # A running story's wider window (stories.RUNNING_WINDOW), forward only.
            | Q(
                last_published_at__gte=when - stories.RUNNING_WINDOW,
                story__first_published_at__lte=F("last_published_at") - stories.RUNNING_MIN_SPAN,
            )
        ) & (
            Q(story__first_published_at__isnull=True)
            | Q(story__first_published_at__lte=when + window)
        )
        # Or a story whose days the article names (a follow-up weeks or a year on): a few
        # days at most, each one more bounded range on the (term, last_published_at) index.
        for day in _named_days(profile, when):
            named = datetime.fromisoformat(day).replace(tzinfo=UTC)
            near |= Q(
                last_published_at__gte=named, last_published_at__lte=named + NAMED_DAY_SPAN
            ) & Q(story__first_published_at__lte=named + stories.EVENT_LEAD)
        candidates = candidates.filter(near)
    ranked = (
        candidates.values("story_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "story_id")[:10]
    )
    story_ids = [row["story_id"] for row in ranked]
    best: tuple[Story | None, stories.Match] = (None, stories.Match(0.0, "no candidate"))
    for story in Story.objects.filter(pk__in=story_ids).exclude(explicit=True):
        match = stories.match(profile, _story_profile(story))
        if match.score >= stories.JOIN_THRESHOLD and match.score > best[1].score:
            best = (story, match)
    return best


def _named_days(profile: stories.Profile, when: datetime) -> list[str]:
    """The days the article names before the window around its own date, latest first."""
    days = set()
    for day in profile.days:
        try:
            named = datetime.fromisoformat(day).replace(tzinfo=UTC)
        except ValueError:
            continue
        if named < when - stories.WINDOW:
            days.add(day)
    return sorted(days, reverse=True)[:MAX_NAMED_DAYS]


def _story_absorb(story: Story, profile: stories.Profile, refresh_only: bool = False) -> None:
    if refresh_only and story.signature:
        return
    merged = stories.merge(_story_profile(story), profile)
    story.signature = {"entities": dict(merged.entities), "terms": dict(merged.terms)}
    story.first_published_at = merged.first_published_at
    story.last_published_at = merged.last_published_at
    story.save(update_fields=["signature", "first_published_at", "last_published_at"])
    StoryTerm.objects.bulk_create(
        [StoryTerm(story=story, term=term[:200]) for term in stories.index_terms(merged)],
        ignore_conflicts=True,
    )
    StoryTerm.objects.filter(story=story).update(last_published_at=story.last_published_at)


def story_merge(*, keep: Story, merge: Story) -> Story:
    """Move every article of `merge` into `keep` (a fact-checker's decision) and delete `merge`."""
    with transaction.atomic():
        StoryArticle.objects.filter(story=merge).update(
            story=keep, method=StoryArticle.Method.MANUAL, reason=f"merged from story {merge.key}"
        )
        Contradiction.objects.filter(story=merge).update(story=keep)
        _story_absorb(keep, _story_profile(merge))
        figures.figures_story_merge(keep=keep, merge=merge)
        merge.delete()
    return keep


def story_split(*, article_ids: list[int], title: str = "") -> Story:
    """Move the given articles into a new story of their own (a fact-checker's decision)."""
    with transaction.atomic():
        story = Story.objects.create(
            key=f"split-{timezone.now():%Y%m%d%H%M%S%f}", title=title[:500]
        )
        StoryArticle.objects.filter(article_id__in=article_ids).update(
            story=story, method=StoryArticle.Method.MANUAL, reason="split by a fact-checker"
        )
        for article in Article.objects.filter(pk__in=article_ids):
            _story_absorb(story, _article_profile(article))
    return story


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------


def _undated_days(story: Story, claims: list[Claim]) -> dict[int, datetime]:
    """{version id: the earliest day it can be from} for versions printed without a date: the
    latest weekday their claims name ("Saturday", "on Monday"), read as the first such day from
    the day before the story's first article, or the day the text says it was written after
    the event ("over the past three days"). A text that names the Monday after a Saturday
    quake was written that Monday or later; a full date the text writes, or an earlier
    version's date, wins when it is as late. Only a lower bound: detection orders such a
    version after the story's dated copies of earlier days, and says so in its reasons."""
    if story.first_published_at is None:
        return {}
    start = story.first_published_at.date() - stories.EVENT_LEAD
    latest: dict[int, datetime] = {}
    for claim in claims:
        if claim.version.published_at is not None:
            continue
        days = []
        after = claim.version.text_days_after
        if after:
            # "Over the past three days, ...": written that many days after the event.
            days.append(story.first_published_at.date() + timedelta(days=after))
        word = (claim.time_ref or "").removeprefix("event ").split(" ")[0]
        if word in WEEKDAYS:
            days.append(start + timedelta(days=(WEEKDAYS.index(word) - start.weekday()) % 7))
        for day in days:
            moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
            latest[claim.version_id] = max(latest.get(claim.version_id, moment), moment)
    # A date the text writes (or an earlier version's) may be older still: the event's day.
    for claim in claims:
        written = getattr(claim, "dated_at", None)
        if (
            claim.version_id in latest
            and written is not None
            and written >= latest[claim.version_id]
        ):
            del latest[claim.version_id]
    return latest


def _facts(claim: Claim, undated: dict[int, datetime] | None = None) -> ClaimFacts:
    """The detectors' view of a claim; measurements in base units ("3 km" is 3000 m). A version
    with no date at all takes the earliest day it can be from (`undated`, see _undated_days)."""
    version = claim.version
    earliest = undated.get(claim.version_id) if undated and version.published_at is None else None
    estimated = earliest is not None
    published = version.published_at or earliest or getattr(claim, "dated_at", None)
    unit, low = to_base(claim.unit or None, claim.low)
    _, high = to_base(claim.unit or None, claim.high)
    return ClaimFacts(
        id=str(claim.pk),
        article=version.article.key,
        version=version.number,
        published_at=published,
        date_estimated=estimated,
        lowered=lowered_in(claim.text),
        corrected=version.corrected,
        kind=claim.kind,
        measure=claim.measure,
        family=claim.family or None,
        scope=claim.scope or None,
        scope_key=claim.scope_key or None,
        low=low,
        high=high,
        low_open=claim.low_open,
        high_open=claim.high_open,
        approximate=claim.approximate,
        unit=unit,
        hedged=claim.hedged,
        negated=claim.negated,
        source=claim.source.name,
        attributed=claim.attributed,
        text=claim.summary or claim.text[:200],
        statement_key=claim.statement_key or None,
        time_ref=claim.time_ref or None,
        cue=claim.cue,
    )


def _claims_of(version_ids: list[int], families: set[str], statement_keys: set[str]) -> list[Claim]:
    if not version_ids:
        return []
    slot = Q(family__in=families) if families else Q(pk__in=[])
    if statement_keys:
        slot |= Q(kind=Claim.Kind.STATEMENT, statement_key__in=statement_keys)
    return list(
        _with_dates(Claim.objects.filter(slot, version_id__in=version_ids)).select_related(
            "source", "version__article"
        )
    )


def _with_dates(claims):
    """Claims annotated with `dated_at`: for a version printed without a date, the date of the
    latest dated version of its article before it (a later version is no older), so a wire
    copy's undated update still takes its place in time. One subquery, no query per row."""
    earlier = ArticleVersion.objects.filter(
        article_id=OuterRef("version__article_id"),
        number__lte=OuterRef("version__number"),
        published_at__isnull=False,
    ).order_by("-number")
    return claims.annotate(
        dated_at=Coalesce(Subquery(earlier.values("published_at")[:1]), F("version__text_dated_at"))
    )


def contradictions_detect_for_version(*, version_id: int) -> int:
    """Assign the story, rebuild the version's lineage and flag its contradictions and updates.

    Candidates are looked up by slot (family or statement key) in a bounded set of versions:
    this one, the previous version of its article and the latest version of each other article
    of its story. Idempotent (one row per claim pair and detector); re-detection keeps the
    review status of pairs found again and drops open flags that no longer hold.
    Returns the number of flagged contradictions involving this version.
    """
    version = ArticleVersion.objects.select_related("article").filter(pk=version_id).first()
    if version is None or version.status != Status.DONE:
        return 0
    story = story_assign_for_article(article_id=version.article_id)
    own = list(
        _with_dates(Claim.objects.filter(version=version))
        .select_related("source", "version__article")
        .defer(*HEAVY_VERSION_FIELDS)
    )
    previous = (
        ArticleVersion.objects.filter(
            article_id=version.article_id, number__lt=version.number, status=Status.DONE
        )
        .order_by("-number")
        .first()
    )
    _lineage_rebuild(version, previous, own)
    families: set[str] = set()
    for claim in own:
        if claim.family:
            families |= set(related_families(claim.family)) | {claim.family}
    statement_keys = {
        c.statement_key for c in own if c.kind == Claim.Kind.STATEMENT and c.statement_key
    }
    # Every earlier version of this article and every version of the story's other articles
    # take part (a version 1 against a version 3, an early article against a later one); a claim
    # repeated unchanged through an article's versions is compared at the version that first
    # said it and at the latest one. A figure the new version repeats is compared at the
    # earlier version too: the version that first gave it disagrees with the new version's
    # other sources ("80,000 in Paris" in version 1 against the union's "400,000" added in
    # version 2), one more row of evidence in the figure's single disagreement.
    earlier_versions = list(
        ArticleVersion.objects.filter(
            article_id=version.article_id, number__lt=version.number, status=Status.DONE
        ).values_list("pk", flat=True)
    )
    other_versions = _versions_of_story(story, exclude_article=version.article_id)
    compared_ids = earlier_versions + other_versions
    others = _first_and_latest(_claims_of(compared_ids, families, statement_keys))
    undated = _undated_days(story, [*own, *others])
    own_facts = {c.pk: _facts(c, undated) for c in own}
    pairs: list[tuple[ClaimFacts, ClaimFacts]] = []
    by_slot: dict[str, list[ClaimFacts]] = defaultdict(list)
    for claim in own:
        if claim.family or claim.statement_key:
            by_slot[claim.family or f"statement:{claim.statement_key}"].append(own_facts[claim.pk])
    # Within the version: pairs inside one slot (plus related families, e.g. deaths/casualties).
    own_list = [f for f in own_facts.values() if f.family or f.statement_key]
    for i, a in enumerate(own_list):
        for b in own_list[i + 1 :]:
            if _related(a, b):
                pairs.append((a, b))
    other_facts = [_facts(c, undated) for c in others]
    other_by_family: dict[str, list[ClaimFacts]] = defaultdict(list)
    for facts in other_facts:
        other_by_family[facts.family or f"statement:{facts.statement_key}"].append(facts)
    for a in own_list:
        keys = (
            {a.family} | set(related_families(a.family))
            if a.family
            else {f"statement:{a.statement_key}"}
        )
        for key in keys:
            for b in other_by_family.get(key, ()):
                pairs.append((b, a))
    findings = [finding for a, b in pairs for finding in compare_pair(a, b)]
    # An update is recorded between neighbours only (7 -> 19 -> 41, not also 7 -> 41): against
    # an article's older versions only disagreements are new.
    newest = {}
    for facts in (*other_facts, *own_facts.values()):
        newest[facts.article] = max(newest.get(facts.article, 0), facts.version)
    versions_of = {f.id: (f.article, f.version) for f in (*other_facts, *own_facts.values())}
    findings = [
        f
        for f in findings
        if f.relation != "update"
        or all(versions_of[i][1] == newest[versions_of[i][0]] for i in (f.a, f.b))
        or _neighbours(versions_of[f.a], versions_of[f.b])
    ]
    flagged = _store_findings(story, own, findings)
    figures.figures_update_for_version(story=story, claims=own)
    return flagged


def _related(a: ClaimFacts, b: ClaimFacts) -> bool:
    if a.family and b.family:
        return a.family == b.family or b.family in related_families(a.family)
    return bool(a.statement_key) and a.statement_key == b.statement_key


def _neighbours(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Two consecutive versions of one article."""
    return a[0] == b[0] and abs(a[1] - b[1]) == 1


def _versions_of_story(story: Story, *, exclude_article: int) -> list[int]:
    """Every extracted version of the story's other articles (one query; a story's size, not
    the database's, bounds it)."""
    return list(
        ArticleVersion.objects.filter(article__story_membership__story=story, status=Status.DONE)
        .exclude(article_id=exclude_article)
        .values_list("pk", flat=True)
    )


def _first_and_latest(claims: list[Claim]) -> list[Claim]:
    """Per article and content (who, what, how many, when), the copies of the version that
    first said it (where the claim entered the record) and of the latest version (where the
    article stands now), one version when they are the same. Inside a version, the first that
    says it (the headline a reader sees first) and the fullest (the lead, with its attribution
    and bound, that the headline restates). The versions between only repeat it."""
    first: dict[tuple, int] = {}
    latest: dict[tuple, int] = {}
    # (content, version number) -> [earliest copy, fullest copy]
    copies: dict[tuple, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.version.number, c.start)):
        key = (
            claim.version.article_id,
            claim.kind,
            claim.family,
            claim.scope_key,
            claim.statement_key,
            claim.low,
            claim.high,
            claim.low_open,
            claim.high_open,
            claim.source_id,
            claim.time_ref,
            claim.negated,
        )
        number = claim.version.number
        first.setdefault(key, number)
        latest[key] = max(latest.get(key, number), number)
        held = copies.setdefault((key, number), [claim, claim])
        if claim.end - claim.start > held[1].end - held[1].start:
            held[1] = claim
    kept: dict[int, Claim] = {}
    for key, number in (*first.items(), *latest.items()):
        for claim in copies[(key, number)]:
            kept[claim.pk] = claim
    return list(kept.values())


def _store_findings(story: Story, own: list[Claim], findings: list[Finding]) -> int:
    own_ids = [c.pk for c in own]
    rows = {}
    for finding in findings:
        a, b = int(finding.a), int(finding.b)
        rows[(a, b, finding.detector)] = Contradiction(
            claim_a_id=a,
            claim_b_id=b,
            story=story,
            kind=finding.kind,
            relation=finding.relation,
            reason=finding.reason,
            confidence=min(max(finding.confidence, 0.0), 1.0),
            detector=finding.detector,
            detector_version=finding.detector_version,
        )
    with transaction.atomic():
        known = webhooks.known_pairs(own_ids) if rows else set()
        # Open flags on this version's claims that the detectors no longer raise are dropped;
        # reviewed ones stay, with their decision.
        stale = Contradiction.objects.filter(
            Q(claim_a_id__in=own_ids) | Q(claim_b_id__in=own_ids), status=Contradiction.Status.OPEN
        )
        gone = [
            row["pk"]
            for row in stale.values("pk", "claim_a_id", "claim_b_id", "detector")
            if (row["claim_a_id"], row["claim_b_id"], row["detector"]) not in rows
        ]
        if gone:
            Contradiction.objects.filter(pk__in=gone).delete()
        if rows:
            Contradiction.objects.bulk_create(
                list(rows.values()),
                update_conflicts=True,
                unique_fields=["claim_a", "claim_b", "detector"],
                update_fields=[
                    "kind",
                    "relation",
                    "reason",
                    "confidence",
                    "detector_version",
                    "story",
                ],
            )
            webhooks.contradictions_flagged(
                [row for key, row in rows.items() if key not in known], story_key=story.key
            )
    return sum(1 for row in rows.values() if row.relation != Contradiction.Relation.UPDATE)


def _lineage_rebuild(
    version: ArticleVersion, previous: ArticleVersion | None, own: list[Claim]
) -> list[LineageLink]:
    """Replace the version's lineage rows (how each claim relates to the previous version's)
    and return the links."""
    with transaction.atomic():
        ClaimLineage.objects.filter(version=version).delete()
        if previous is None:
            return []
        before = [
            _facts(c)
            for c in Claim.objects.filter(version=previous).select_related(
                "source", "version__article"
            )
        ]
        links = align_versions(before, [_facts(c) for c in own])
        ClaimLineage.objects.bulk_create(
            [
                ClaimLineage(
                    version=version,
                    previous_claim_id=int(link.previous_id) if link.previous_id else None,
                    current_claim_id=int(link.current_id) if link.current_id else None,
                    label=link.label,
                    detail=link.detail[:500],
                    detector_version=LINEAGE_VERSION,
                )
                for link in links
            ],
            batch_size=500,
        )
    return links


# --------------------------------------------------------------------------------------------
# Reviews, verdicts, reports
# --------------------------------------------------------------------------------------------


def contradiction_review(
    *, contradiction_id: int, status: str, reviewer=None, note: str = ""
) -> Contradiction:
    """Record a fact-checker's decision on a flag (confirmed, dismissed, update)."""
    if status not in Contradiction.Status.values:
        raise ValueError(f"unknown review status {status!r}")
    with transaction.atomic():
        row = Contradiction.objects.select_for_update().get(pk=contradiction_id)
        previous = row.status
        row.status = status
        row.reviewed_by = reviewer
        row.reviewed_at = timezone.now()
        if note:
            row.note = note
        row.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
        if previous != status:
            webhooks.contradiction_status_changed(row, previous=previous)
    return row


def verdict_record(
    *, claim_id: int, rating: str, rationale: str, reviewer=None, publish: bool = False
) -> Verdict:
    """Store a fact-checker's verdict on a claim; published verdicts appear in the API."""
    if rating not in Verdict.Rating.values:
        raise ValueError(f"unknown rating {rating!r}")
    with transaction.atomic():
        verdict = Verdict.objects.create(
            claim_id=claim_id,
            rating=rating,
            rationale=rationale,
            reviewer=reviewer,
            published_at=timezone.now() if publish else None,
        )
        if publish:
            webhooks.verdicts_published([verdict.pk])
    return verdict


def verdicts_publish(*, verdict_ids: list[int]) -> int:
    """Publish unpublished verdicts (they appear in the API and ClaimReview feed). Idempotent:
    already published verdicts keep their date. Returns how many were published now."""
    with transaction.atomic():
        now = list(
            Verdict.objects.select_for_update()
            .filter(pk__in=verdict_ids, published_at__isnull=True)
            .values_list("pk", flat=True)
        )
        published = Verdict.objects.filter(pk__in=now).update(published_at=timezone.now())
        webhooks.verdicts_published(now)
    return published


def contradiction_report_body(*, start: datetime, end: datetime, limit: int = 5000) -> dict:
    """The report document of the flags created in [start, end): disagreements (dismissed
    flags left out, pairs about one figure collapsed), figures that changed, sources most often
    in disagreement (verification.reports.build). Reads at most `limit` flags and updates."""
    period = Contradiction.objects.filter(created_at__gte=start, created_at__lt=end).for_list()
    flagged = (
        period.flagged()
        .exclude(status=Contradiction.Status.DISMISSED)
        .order_by("-confidence", "pk")[:limit]
    )
    updates = period.filter(relation=Contradiction.Relation.UPDATE).order_by("pk")[:limit]
    return reports.build(
        [reports.row_from(c) for c in flagged],
        updates=[reports.row_from(c) for c in updates],
        period_start=start,
        period_end=end,
    )


def contradiction_report_build(
    *, period_end: datetime | str | None = None
) -> ContradictionReport | None:
    """Build (or rebuild) the daily report of the 24 hours before period_end, default: the last
    full hour. One row per period; a cache lock makes a concurrent run return None. Once built
    it is e-mailed to the report recipients (once per report) and posted to webhooks."""
    if isinstance(period_end, str):
        period_end = parse_datetime(period_end)
    end = (period_end or timezone.now()).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=1)
    lock = f"lock:contradiction-report:daily:{start.isoformat()}"
    if not cache.add(lock, "1", timeout=15 * 60):
        return None
    try:
        body = contradiction_report_body(start=start, end=end)
        with transaction.atomic():
            report, _ = ContradictionReport.objects.update_or_create(
                kind="daily",
                period_start=start,
                defaults={
                    "period_end": end,
                    "contradiction_count": body["total"],
                    "body": body,
                    "text": reports.render_text(body),
                },
            )
            _report_deliver_on_commit(report)
        return report
    finally:
        cache.delete(lock)


def _report_deliver_on_commit(report: ContradictionReport) -> None:
    from config.celery_app import send_on_commit
    from verification.tasks import contradiction_report_deliver_task

    send_on_commit(contradiction_report_deliver_task, report.pk)
    webhooks.webhooks_emit(
        webhooks.Event.REPORT_BUILT,
        {
            "id": report.pk,
            "url": f"/api/v1/reports/{report.pk}/",
            "kind": report.kind,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "report": report.body,
        },
        key=f"report:{report.pk}:{report.built_at.isoformat()}",
    )


def contradiction_report_email(*, report_id: int) -> int:
    """E-mail the report (text with an HTML alternative, one message per recipient) to the
    active ReportRecipients it has not reached yet; who was reached is recorded after each
    message (ReportDispatch), so a retry or a redelivered task mails nobody twice. Returns
    how many were sent now; SMTP errors propagate (the task retries)."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, get_connection

    from verification.models import ReportDispatch, ReportRecipient

    report = ContradictionReport.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    dispatch, _ = ReportDispatch.objects.get_or_create(report=report)
    reached = {address.lower() for address in dispatch.sent_to}
    recipients = [
        r.email
        for r in ReportRecipient.objects.filter(active=True).order_by("email")
        if r.email.lower() not in reached
    ]
    ReportDispatch.objects.filter(pk=dispatch.pk).update(attempts=dispatch.attempts + 1)
    if not recipients:
        return 0
    subject = (
        f"{settings.EMAIL_SUBJECT_PREFIX}Contradiction report {report.period_start:%Y-%m-%d}: "
        f"{report.contradiction_count} disagreement(s)"
    )
    current = (report.body or {}).get("version") == reports.VERSION  # older ones: text only
    text = reports.render_text(report.body) if current else report.text
    html = reports.render_html(report.body) if current else None
    sent = 0
    try:
        with get_connection() as connection:
            for address in recipients:
                message = EmailMultiAlternatives(subject, text, to=[address], connection=connection)
                if html:
                    message.attach_alternative(html, "text/html")
                message.send()
                dispatch.sent_to.append(address)
                sent += 1
                ReportDispatch.objects.filter(pk=dispatch.pk).update(
                    sent_to=dispatch.sent_to, error=""
                )
    except Exception as exc:
        ReportDispatch.objects.filter(pk=dispatch.pk).update(error=f"{type(exc).__name__}: {exc}")
        raise
    ReportDispatch.objects.filter(pk=dispatch.pk).update(finished_at=timezone.now())
    return sent
