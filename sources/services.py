"""Writes of the sources app: ingesting article versions, outlets and canonical sources."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from claims.extraction.sources import source_key
from sources.ingest import PreparedDocument, prepare_document
from sources.models import Article, ArticleVersion, Outlet, Source, SourceAlias

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    version: ArticleVersion
    created: bool


def outlet_get_or_create(*, name: str) -> Outlet:
    """The outlet of that name, created with its media Source when new. Idempotent."""
    outlet, _ = Outlet.objects.get_or_create(name=name.strip()[:200])
    if not Source.objects.filter(outlet=outlet).exists():
        source, _ = Source.objects.get_or_create(
            key=source_key(outlet.name), defaults={"name": outlet.name, "kind": Source.Kind.MEDIA}
        )
        if source.outlet_id is None:
            Source.objects.filter(pk=source.pk).update(outlet=outlet)
    return outlet


def article_version_ingest(
    *,
    raw: str | bytes,
    filename: str = "",
    content_type: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published_at: datetime | None = None,
    enqueue: bool = True,
) -> IngestOutcome:
    """Store one text of an article as a version and enqueue its extraction on commit.

    Idempotent: the same text under the same article is the existing version (created=False,
    nothing enqueued). Raises sources.ingest.IngestError for input with no article text.
    Versions are numbered by (published_at, wire update number, arrival).
    """
    doc = prepare_document(
        raw, filename=filename or None, content_type=content_type, require_english=False
    )
    meta = doc.front_matter
    article_url = (url or meta.url or "").strip()
    key = article_url or f"sha256:{doc.sha256}"
    outlet_name = outlet or meta.outlet or doc.byline or settings.CLAIMTRACKER_DEFAULT_OUTLET
    published = published_at or meta.published_at
    with transaction.atomic():
        outlet_obj = outlet_get_or_create(name=outlet_name)
        article = _article_get_or_create(key=key, url=article_url, outlet=outlet_obj, doc=doc)
        # Serialise version numbering per article; other articles are not blocked.
        article = Article.objects.select_for_update().get(pk=article.pk)
        existing = ArticleVersion.objects.filter(article=article, sha256=doc.sha256).first()
        if existing is not None:
            return IngestOutcome(version=existing, created=False)
        number = _insertion_number(article, published, doc)
        version = ArticleVersion.objects.create(
            article=article,
            number=number,
            update_label=(doc.update.raw if doc.update else "")[:100],
            update_number=doc.update.number if doc.update else None,
            corrected=bool(doc.update and doc.update.corrected),
            advisory=((doc.update.advisory if doc.update else None) or "")[:500],
            dateline=(doc.dateline or "")[:200],
            published_at=published,
            title=(meta.title or doc.title or "")[:500],
            body=doc.text,
            content_type=doc.content_type,
            raw=raw if doc.content_type == "text/html" and isinstance(raw, str) else "",
            filename=filename[:500],
            sha256=doc.sha256,
            language=doc.language[:20],
        )
        if enqueue:
            from claims.tasks import claims_extract_for_version_task

            claims_extract_for_version_task.delay_on_commit(version.pk)
            # A version slotted in before later ones changes what they are compared with.
            later = list(
                ArticleVersion.objects.filter(article=article, number__gt=number).values_list(
                    "pk", flat=True
                )[:1]
            )
            if later:
                from verification.tasks import contradictions_detect_for_version_task

                contradictions_detect_for_version_task.delay_on_commit(later[0])
    return IngestOutcome(version=version, created=True)


def _article_get_or_create(*, key: str, url: str, outlet: Outlet, doc: PreparedDocument) -> Article:
    title = (doc.front_matter.title or doc.title or "")[:500]
    story_key = (doc.front_matter.story or "")[:200]
    try:
        with transaction.atomic():
            article, created = Article.objects.get_or_create(
                key=key[:500],
                defaults={
                    "url": url[:500],
                    "outlet": outlet,
                    "title": title,
                    "story_key": story_key,
                },
            )
    except IntegrityError:  # a concurrent ingest created it between our get and create
        article, created = Article.objects.get(key=key[:500]), False
    if not created:
        changes = {}
        if title and article.title != title:
            changes["title"] = title
        if story_key and article.story_key != story_key:
            changes["story_key"] = story_key
        if changes:
            Article.objects.filter(pk=article.pk).update(**changes)
            for name, value in changes.items():
                setattr(article, name, value)
    return article


def _order_key(published: datetime | None, update_number: int | None) -> tuple:
    # Undated versions sort after dated ones, in arrival order.
    return (published is None, published.timestamp() if published else 0.0, update_number or 0)


def _insertion_number(article: Article, published: datetime | None, doc: PreparedDocument) -> int:
    """The number of a new version in the article's order, shifting later versions up."""
    new_key = _order_key(published, doc.update.number if doc.update else None)
    rows = list(
        ArticleVersion.objects.filter(article=article)
        .order_by("number")
        .values_list("number", "published_at", "update_number")
    )
    number = len(rows) + 1
    for existing_number, existing_published, existing_update in rows:
        if new_key < _order_key(existing_published, existing_update):
            number = existing_number
            break
    if number <= len(rows):
        # Two steps keep (article, number) unique at every moment.
        later = ArticleVersion.objects.filter(article=article, number__gte=number)
        later.update(number=F("number") + 1_000_000)
        ArticleVersion.objects.filter(article=article, number__gte=1_000_000).update(
            number=F("number") - 999_999
        )
    return number


def sources_resolve(*, names: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, Source]:
    """Canonical Source rows for (canonical name, kind, mentions) triples, in a bounded number of
    queries: a name or any of its mentions already known as an alias resolves to that source;
    the rest are created with their mentions as aliases. Returns {canonical name: Source}."""
    wanted = {name: (kind, {m for m in mentions if m}) for name, kind, mentions in names}
    keys = {name: source_key(name) for name in wanted}
    all_keys = set(keys.values()) | {
        source_key(m) for _, mentions in wanted.values() for m in mentions
    }
    all_keys.discard("")
    by_key = {s.key: s for s in Source.objects.filter(key__in=all_keys)}
    alias_of = {
        a.key: a.source
        for a in SourceAlias.objects.filter(key__in=all_keys).select_related("source")
    }
    resolved: dict[str, Source] = {}
    missing: list[Source] = []
    for name, (kind, mentions) in wanted.items():
        key = keys[name]
        found = by_key.get(key) or alias_of.get(key)
        # A person is found by name only: a role ("head of the union") passes from one
        # person to another, so it never identifies one across articles.
        if found is None and kind != Source.Kind.PERSON:
            for mention in sorted(mentions):
                found = alias_of.get(source_key(mention)) or by_key.get(source_key(mention))
                if found is not None:
                    break
        if found is not None:
            resolved[name] = found
        elif key:
            missing.append(
                Source(
                    name=name[:200],
                    key=key,
                    kind=kind if kind in Source.Kind.values else Source.Kind.UNKNOWN,
                )
            )
    if missing:
        Source.objects.bulk_create(missing, ignore_conflicts=True)
        created = {s.key: s for s in Source.objects.filter(key__in=[s.key for s in missing])}
        for name in wanted:
            if name not in resolved and keys[name] in created:
                resolved[name] = created[keys[name]]
    aliases = [
        SourceAlias(source=resolved[name], alias=mention[:200], key=source_key(mention))
        for name, (kind, mentions) in wanted.items()
        if name in resolved
        for mention in mentions
        if (kind != Source.Kind.PERSON or _names_the_person(mention, name))
        and source_key(mention)
        and source_key(mention) != resolved[name].key
        and source_key(mention) not in alias_of
    ]
    if aliases:
        SourceAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    return resolved


def _names_the_person(mention: str, name: str) -> bool:
    """True for "Khamenei" or "Ayatollah Ali Khamenei" as mentions of Ali Khamenei; False for
    a role alone ("Iran's supreme leader")."""
    return bool(set(source_key(mention).split()) & set(source_key(name).split()))


def source_merge(*, keep: Source, merge: Source) -> Source:
    """Fold one source into another: its claims and aliases move, its name becomes an alias."""
    from claims.models import Claim

    with transaction.atomic():
        Claim.objects.filter(source=merge).update(source=keep)
        SourceAlias.objects.filter(source=merge).update(source=keep)
        merge_name, merge_key = merge.name, merge.key
        merge.delete()
        SourceAlias.objects.get_or_create(
            key=merge_key, defaults={"source": keep, "alias": merge_name}
        )
    return keep


def article_version_retry(*, version_id: int) -> bool:
    """Put a failed version back in the queue. Returns False when it was not failed."""
    with transaction.atomic():
        updated = ArticleVersion.objects.filter(
            pk=version_id, status=ArticleVersion.Status.FAILED
        ).update(status=ArticleVersion.Status.PENDING, claimed_at=None)
        if updated:
            from claims.tasks import claims_extract_for_version_task

            claims_extract_for_version_task.delay_on_commit(version_id)
    return bool(updated)
