"""Figures and disagreements (issue 9): every quantity claim of a story belongs to one figure
(family, scope, moment), and the pairwise contradictions of a figure make ONE disagreement, the
unit of triage ("Missing at 1 p.m.: agency 14, police 22, across 2 versions").

Built on what detection stores: `figures_update_for_version` runs after the pairwise flags of a
new version are written. Its cost depends on the version and its story only (a fixed number of
queries, none per claim or per flag), never on the size of the database.

Rules:
- A flag with relation "contradiction" (not an update or a correction) joins the OPEN
  disagreement of its figure, or opens one. A flag whose claims sit in two figures (related
  families, a claim with and one without a moment) goes to the figure without a moment, else
  to the earlier claim's; the sentence then names the other moments ("14 (at 1 p.m.)").
- A fact-checker's decision stands: a decided disagreement is never reopened by detection, and
  a new flag that only repeats values it already holds (same figure, both values among its
  members) is filed under it as evidence. A flag that brings a value the decision has not seen
  opens a new disagreement for the figure (at most one open per figure, by a constraint).
- Open disagreements follow detection: their members and evidence are rebuilt from the flags
  that still hold; one left without evidence is deleted. Decided ones keep their members.
- Idempotent: redelivering a version finds its flags already filed and rewrites nothing.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, Q, Value, When
from django.utils import timezone

from claims.extraction.families import figure_name
from claims.models import Claim
from verification.models import (
    Contradiction,
    Disagreement,
    DisagreementClaim,
    DisagreementEvidence,
    Figure,
    FigureClaim,
    Story,
)
from verification.webhooks import Event, webhooks_emit_many

Key = tuple[str, str, str, str]  # (family, measure, scope_key, moment)
ValueKey = tuple[Any, ...]
OPEN = Disagreement.Status.OPEN


# --------------------------------------------------------------------------------------------
# Pure helpers: keys, values, the reason sentence
# --------------------------------------------------------------------------------------------


def figure_key(claim: Claim) -> Key | None:
    """The figure a quantity claim belongs to; None for a statement or a claim with no measure."""
    if claim.kind != Claim.Kind.QUANTITY or not (claim.family or claim.measure):
        return None
    family = claim.family[:50]
    return (
        family,
        "" if family else claim.measure[:200],
        claim.scope_key[:200],
        claim.time_ref[:50],
    )


def figure_title(family: str, measure: str, scope: str) -> str:
    """The figure's readable name: "death toll", "death toll (Iraqi forces)"."""
    name = figure_name(family or None, measure)
    return (f"{name} ({scope})" if scope else name)[:300]


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def value_text(claim: Claim) -> str:
    """A claim's value as a person says it: "22", "at least 24", "more than 12", "5-7"."""
    low, high = claim.low, claim.high
    if low is not None and low == high:
        text = _n(low)
    elif low is not None and high is not None:
        text = f"{_n(low)}-{_n(high)}"
    elif low is not None:
        text = f"more than {_n(low)}" if claim.low_open else f"at least {_n(low)}"
    elif high is not None:
        text = f"fewer than {_n(high)}" if claim.high_open else f"at most {_n(high)}"
    else:
        text = claim.quantity_text or "?"
    if claim.approximate and (low is not None and low == high):
        text = f"about {text}"
    if claim.unit and claim.unit not in {"count"}:
        text = f"{text} {claim.unit}"
    return text


@dataclass(frozen=True)
class Member:
    """What the reason sentence needs of one member claim."""

    source: str
    value: str
    article: str
    version_id: int
    moment: str = ""


def reason_sentence(name: str, moment: str, members: Sequence[Member]) -> str:
    """ "Missing at 1 p.m.: agency 14, police 22, across 2 versions": the figure, its moment,
    each source with its values in order, and how many versions or articles carry them."""
    values: dict[str, dict[str, str]] = {}  # source -> {value: value as shown}
    for member in members:
        said = values.setdefault(member.source, {})
        if member.value not in said:
            at = member.moment if member.moment and member.moment != moment else ""
            said[member.value] = f"{member.value} (at {at})" if at else member.value
    sources = ", ".join(
        f"{source} {' then '.join(said.values())}" for source, said in values.items()
    )
    head = name[:1].upper() + name[1:]
    if moment:
        head += f" at {moment}"
    articles = len({m.article for m in members})
    versions = len({m.version_id for m in members})
    if articles > 1:
        where = f"across {articles} articles"
        if versions > articles:
            where += f" ({versions} versions)"
    elif versions > 1:
        where = f"across {versions} versions"
    else:
        where = "in one version"
    return f"{head}: {sources}, {where}"


def disagreement_kind(kinds: Iterable[str]) -> str:
    distinct = set(kinds)
    return distinct.pop() if len(distinct) == 1 else Disagreement.Kind.MIXED


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------


def figures_update_for_version(*, story: Story, claims: Sequence[Claim]) -> int:
    """File the version's quantity claims under their figures and its contradiction flags under
    their figures' disagreements, then rebuild the story's open disagreements (members, reason,
    confidence, kind, counts). `claims` are the version's claims. Idempotent; a bounded number
    of queries. Returns how many open disagreements the story has."""
    keyed = {c.pk: key for c in claims if (key := figure_key(c)) is not None}
    with transaction.atomic():
        # One writer per story at a time: two versions of one story detected at once would
        # otherwise both open "the" disagreement of a figure.
        list(Story.objects.select_for_update().filter(pk=story.pk).values_list("pk"))
        _figures_assign(story, claims, keyed)
        touched, opened = _flags_file(story, [c.pk for c in claims])
        count = _disagreements_rebuild(story, touched)
        _disagreements_flagged(story, opened)
        return count


def _figures_assign(story: Story, claims: Sequence[Claim], keyed: dict[int, Key]) -> dict[int, int]:
    """Get or create the figures of the keyed claims and (re)assign each claim; returns
    {claim id: figure id} for the version's claims."""
    unfiled = [c.pk for c in claims if c.pk not in keyed]
    if unfiled:  # re-extraction turned a quantity into a statement
        FigureClaim.objects.filter(claim_id__in=unfiled).delete()
    if not keyed:
        return {}
    scope_of = {}
    for claim in claims:
        key = keyed.get(claim.pk)
        if key is not None and key not in scope_of:
            scope_of[key] = (claim.measure, claim.scope)
    Figure.objects.bulk_create(
        [
            Figure(
                story=story,
                family=family,
                measure=measure,
                scope_key=scope_key,
                moment=moment,
                name=figure_title(family, scope_of[key][0], scope_of[key][1]),
            )
            for key in scope_of
            for family, measure, scope_key, moment in [key]
        ],
        ignore_conflicts=True,
    )
    families = {k[0] for k in scope_of}
    ids = {
        (f.family, f.measure, f.scope_key, f.moment): f.pk
        for f in Figure.objects.filter(story=story, family__in=families).only(
            "pk", "family", "measure", "scope_key", "moment"
        )
    }
    figure_of = {claim_id: ids[key] for claim_id, key in keyed.items()}
    FigureClaim.objects.bulk_create(
        [FigureClaim(figure_id=f, claim_id=c) for c, f in figure_of.items()],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=["figure"],
    )
    return figure_of


def _flags_file(story: Story, own_ids: list[int]) -> tuple[set[int], set[int]]:
    """Attach the unfiled contradiction flags touching the version to a disagreement; returns
    the ids of decided disagreements that received evidence and of the disagreements opened."""
    if not own_ids:
        return set(), set()
    flags = list(
        Contradiction.objects.filter(
            Q(claim_a_id__in=own_ids) | Q(claim_b_id__in=own_ids),
            relation=Contradiction.Relation.CONTRADICTION,
            disagreement_evidence__isnull=True,
        ).values_list("pk", "claim_a_id", "claim_b_id")
    )
    if not flags:
        return set(), set()
    claim_ids = {c for _, a, b in flags for c in (a, b)}
    memberships = {
        row["claim_id"]: row
        for row in FigureClaim.objects.filter(claim_id__in=claim_ids).values(
            "claim_id",
            "figure_id",
            "figure__moment",
            "claim__low",
            "claim__high",
            "claim__low_open",
            "claim__high_open",
            "claim__unit",
        )
    }
    values = {
        c: (r["claim__low"], r["claim__high"], r["claim__low_open"], r["claim__high_open"])
        + (r["claim__unit"],)
        for c, r in memberships.items()
    }
    target: dict[int, tuple[int, int, int]] = {}  # flag -> (figure, claim a, claim b)
    for pk, a, b in flags:
        ma, mb = memberships.get(a), memberships.get(b)
        if ma is None or mb is None:
            continue  # a statement flag: no figure
        # A claim given for no moment disputes the figure at every moment: its figure holds the
        # disagreement, so "14 at 1 p.m." against "22" is not filed twice.
        figure = (
            mb["figure_id"]
            if ma["figure__moment"] and not mb["figure__moment"]
            else ma["figure_id"]
        )
        target[pk] = (figure, a, b)
    if not target:
        return set(), set()
    figures = {t[0] for t in target.values()}
    # Decided disagreements of these figures and the values they hold, latest first.
    decided_values: dict[int, set[ValueKey]] = defaultdict(set)
    decided_by_figure: dict[int, list[int]] = defaultdict(list)
    for row in (
        DisagreementClaim.objects.filter(disagreement__figure_id__in=figures)
        .exclude(disagreement__status=OPEN)
        .order_by("-disagreement_id")
        .values(
            "disagreement_id",
            "disagreement__figure_id",
            "claim__low",
            "claim__high",
            "claim__low_open",
            "claim__high_open",
            "claim__unit",
        )
    ):
        d = row["disagreement_id"]
        decided_values[d].add(
            (row["claim__low"], row["claim__high"], row["claim__low_open"])
            + (row["claim__high_open"], row["claim__unit"])
        )
        if d not in decided_by_figure[row["disagreement__figure_id"]]:
            decided_by_figure[row["disagreement__figure_id"]].append(d)
    filed: dict[int, int] = {}  # flag -> decided disagreement
    for pk, (figure, a, b) in target.items():
        for d in decided_by_figure.get(figure, ()):
            if values[a] in decided_values[d] and values[b] in decided_values[d]:
                filed[pk] = d
                break
    need_open = {figure for pk, (figure, _, _) in target.items() if pk not in filed}
    open_of, opened = _open_disagreements(story, need_open)
    evidence = [
        DisagreementEvidence(
            contradiction_id=pk, disagreement_id=filed.get(pk) or open_of[target[pk][0]]
        )
        for pk in target
    ]
    DisagreementEvidence.objects.bulk_create(evidence, ignore_conflicts=True)
    return set(filed.values()), opened


def _open_disagreements(story: Story, figures: set[int]) -> tuple[dict[int, int], set[int]]:
    """{figure id: id of its open disagreement}, opening the missing ones (placeholders that
    the rebuild fills in), and the ids of those opened now."""
    if not figures:
        return {}, set()
    query = Disagreement.objects.filter(figure_id__in=figures, status=OPEN)
    open_of = dict(query.values_list("figure_id", "pk"))
    missing = figures - set(open_of)
    if missing:
        Disagreement.objects.bulk_create(
            [
                Disagreement(
                    figure_id=figure,
                    story=story,
                    kind=Disagreement.Kind.BETWEEN_SOURCES,
                    reason="",
                    confidence=0.0,
                )
                for figure in missing
            ],
            ignore_conflicts=True,
        )
        open_of = dict(query.values_list("figure_id", "pk"))
    # The story is locked (figures_update_for_version): the missing ones are ours.
    return open_of, {open_of[f] for f in missing if f in open_of}


def _disagreements_flagged(story: Story, opened: set[int]) -> None:
    """Emit disagreement.flagged for the disagreements just opened (after their rebuild, so
    the payload carries the reason): one query for the rows and one emit for all of them,
    sent once the transaction commits; keyed by id, so a redelivery posts nothing twice."""
    if not opened:
        return
    rows = Disagreement.objects.filter(pk__in=opened).values(
        "pk",
        "status",
        "kind",
        "reason",
        "confidence",
        "source_count",
        "claim_count",
        "figure__name",
        "figure__moment",
    )
    webhooks_emit_many(
        Event.DISAGREEMENT_FLAGGED,
        [
            (
                f"disagreement:{row['pk']}",
                {
                    "id": row["pk"],
                    "url": f"/api/v1/disagreements/{row['pk']}/",
                    "story": story.key,
                    "figure": row["figure__name"],
                    "moment": row["figure__moment"],
                    "status": row["status"],
                    "kind": row["kind"],
                    "reason": row["reason"],
                    "confidence": round(row["confidence"], 3),
                    "source_count": row["source_count"],
                    "claim_count": row["claim_count"],
                },
            )
            for row in rows
        ],
    )


REBUILT_FIELDS = ["reason", "confidence", "kind", "source_count", "claim_count", "corrected"]


def _disagreements_rebuild(story: Story, decided: set[int]) -> int:
    """Recompute the story's open disagreements (and the decided ones that received evidence)
    from their flags; returns how many open ones the story has."""
    rows = list(
        Disagreement.objects.filter(Q(story=story, status=OPEN) | Q(pk__in=decided))
        .select_related("figure")
        .only(*REBUILT_FIELDS, "status", "figure__name", "figure__moment", "updated_at")
    )
    if not rows:
        return 0
    by_id = {d.pk: d for d in rows}
    evidence = list(
        DisagreementEvidence.objects.filter(disagreement_id__in=by_id).values(
            "pk",
            "disagreement_id",
            "contradiction__relation",
            "contradiction__kind",
            "contradiction__confidence",
            "contradiction__claim_a_id",
            "contradiction__claim_b_id",
        )
    )
    kept: dict[int, list[dict[str, Any]]] = defaultdict(list)
    dropped = []
    for row in evidence:
        is_flag = row["contradiction__relation"] == Contradiction.Relation.CONTRADICTION
        if is_flag or by_id[row["disagreement_id"]].status != OPEN:
            kept[row["disagreement_id"]].append(row)
        else:  # a flag that detection now reads as an update or a correction
            dropped.append(row["pk"])
    if dropped:
        DisagreementEvidence.objects.filter(pk__in=dropped).delete()
    empty = [pk for pk, d in by_id.items() if d.status == OPEN and not kept.get(pk)]
    if empty:
        Disagreement.objects.filter(pk__in=empty).delete()
    existing: dict[int, set[int]] = defaultdict(set)
    for d, c in DisagreementClaim.objects.filter(disagreement_id__in=by_id).values_list(
        "disagreement_id", "claim_id"
    ):
        existing[d].add(c)
    wanted: dict[int, set[int]] = {}
    for pk, d in by_id.items():
        if pk in empty:
            continue
        claims = {r[f"contradiction__claim_{s}_id"] for r in kept.get(pk, ()) for s in "ab"}
        # A decided disagreement keeps the members it was decided on.
        wanted[pk] = claims if d.status == OPEN else claims | existing[pk]
    all_claims = {c for ids in wanted.values() for c in ids}
    claims = {
        c.pk: c
        for c in Claim.objects.filter(pk__in=all_claims)
        .select_related("source", "version__article")
        .only(
            "pk",
            "low",
            "high",
            "low_open",
            "high_open",
            "unit",
            "approximate",
            "quantity_text",
            "time_ref",
            "source_id",
            "source__name",
            "version_id",
            "version__number",
            "version__corrected",
            "version__article_id",
            "version__article__key",
        )
        .order_by("version__published_at", "version_id", "start", "pk")
    }
    changed = []
    for pk, ids in wanted.items():
        row = by_id[pk]
        members = [claims[c] for c in claims if c in ids]
        flags = kept.get(pk, ())
        new = {
            "reason": reason_sentence(
                row.figure.name,
                row.figure.moment,
                [
                    Member(
                        c.source.name,
                        value_text(c),
                        c.version.article.key,
                        c.version_id,
                        c.time_ref,
                    )
                    for c in members
                ],
            ),
            "confidence": round(max((f["contradiction__confidence"] for f in flags), default=0), 3),
            "kind": disagreement_kind(f["contradiction__kind"] for f in flags)
            if flags
            else row.kind,
            "source_count": len({c.source_id for c in members}),
            "claim_count": len(members),
            "corrected": any(c.version.corrected for c in members),
        }
        if any(getattr(row, f) != v for f, v in new.items()):
            for f, v in new.items():
                setattr(row, f, v)
            changed.append(row)
    if changed:
        Disagreement.objects.bulk_update(changed, REBUILT_FIELDS)
    add = [
        DisagreementClaim(disagreement_id=d, claim_id=c)
        for d, ids in wanted.items()
        for c in ids - existing[d]
    ]
    if add:
        DisagreementClaim.objects.bulk_create(add, ignore_conflicts=True)
    extra = [Q(disagreement_id=d, claim_id__in=existing[d] - ids) for d, ids in wanted.items()]
    extra = [q for q, (d, ids) in zip(extra, wanted.items(), strict=True) if existing[d] - ids]
    if extra:
        DisagreementClaim.objects.filter(reduce(operator.or_, extra)).delete()
    return sum(1 for pk, d in by_id.items() if d.status == OPEN and pk not in empty)


def figures_rebuild_for_story(*, story_id: int) -> int:
    """File every quantity claim and flag of the story's extracted versions again, version by
    version in publication order: a backfill for rows detected before figures existed, and the
    repair after a story split. A few queries per version (not for the detection path).
    Idempotent; returns the story's open disagreements."""
    from sources.models import ArticleVersion

    story = Story.objects.get(pk=story_id)
    versions = (
        ArticleVersion.objects.filter(
            article__story_membership__story=story, status=ArticleVersion.Status.DONE
        )
        .order_by("published_at", "article_id", "number")
        .values_list("pk", flat=True)
    )
    opened = 0
    for version_id in versions:
        claims = list(Claim.objects.filter(version_id=version_id).select_related("source"))
        opened = figures_update_for_version(story=story, claims=claims)
    return opened


def figures_story_merge(*, keep: Story, merge: Story) -> None:
    """Move the figures and disagreements of `merge` into `keep` before `merge` is deleted, so
    that a fact-checker's decisions survive a story merge. A figure both stories have becomes
    one: its claims, decided disagreements and flags move to `keep`'s figure, and the two open
    disagreements (if both have one) become one. A few queries per merge, none per row."""
    with transaction.atomic():
        list(Story.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk]).values("pk"))
        keys = ("family", "measure", "scope_key", "moment")
        kept = {tuple(row[k] for k in keys): row["pk"] for row in _figure_keys(keep)}
        into: dict[int, int] = {}  # merge's figure -> keep's same figure
        for row in _figure_keys(merge):
            target = kept.get(tuple(row[k] for k in keys))
            if target is not None:
                into[row["pk"]] = target
        Figure.objects.filter(story=merge).exclude(pk__in=into).update(story=keep)
        Disagreement.objects.filter(story=merge).update(story=keep)
        if into:
            FigureClaim.objects.filter(figure_id__in=into).update(
                figure_id=_case("figure_id", into)
            )
            open_src = dict(
                Disagreement.objects.filter(figure_id__in=into, status=OPEN).values_list(
                    "pk", "figure_id"
                )
            )
            open_dst = dict(
                Disagreement.objects.filter(
                    figure_id__in=set(into.values()), status=OPEN
                ).values_list("figure_id", "pk")
            )
            # An open disagreement of a figure that keep has open too folds into keep's.
            fold = {d: open_dst[into[f]] for d, f in open_src.items() if into[f] in open_dst}
            if fold:
                DisagreementEvidence.objects.filter(disagreement_id__in=fold).update(
                    disagreement_id=_case("disagreement_id", fold)
                )
                Disagreement.objects.filter(pk__in=fold).delete()
            Disagreement.objects.filter(figure_id__in=into).update(
                figure_id=_case("figure_id", into)
            )
            Figure.objects.filter(pk__in=into).delete()
        _disagreements_rebuild(keep, set())


def _figure_keys(story: Story) -> list[dict[str, Any]]:
    return list(
        Figure.objects.filter(story=story).values("pk", "family", "measure", "scope_key", "moment")
    )


def _case(field: str, mapping: dict[int, int]) -> Case:
    whens = [When(**{field: a}, then=Value(b)) for a, b in mapping.items()]
    return Case(*whens, output_field=BigIntegerField())


# --------------------------------------------------------------------------------------------
# Review
# --------------------------------------------------------------------------------------------


def disagreement_review(
    *, disagreement_id: int, status: str, reviewer=None, note: str = ""
) -> Disagreement:
    """Record a fact-checker's decision on a disagreement; its still-open flags take the same
    status, so the pairwise queue agrees and re-detection keeps them. Reopening is refused
    while the figure has another open disagreement (ValueError)."""
    if status not in Disagreement.Status.values:
        raise ValueError(f"unknown review status {status!r}")
    with transaction.atomic():
        row = Disagreement.objects.select_for_update().get(pk=disagreement_id)
        row.status = status
        row.reviewed_by = reviewer
        row.reviewed_at = timezone.now()
        if note:
            row.note = note
        try:
            with transaction.atomic():
                row.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
        except IntegrityError as error:
            raise ValueError(
                f"figure {row.figure_id} already has an open disagreement: review that one"
            ) from error
        if status != OPEN:
            Contradiction.objects.filter(
                disagreement_evidence__disagreement=row, status=Contradiction.Status.OPEN
            ).update(status=status, reviewed_by=reviewer, reviewed_at=row.reviewed_at)
    return row
