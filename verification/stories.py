"""Pure story grouping: does an article report the same event as a story? No Django imports.

An article joins a story when they were published within a time window of each other and share
enough of what they are about: named entities (places, people, organisations) and content words.
A shared number or a shared place alone is not enough ("a flood in the same province five years
earlier that also killed 12" is outside the window and shares few content words).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

VERSION = "stories-1"
WINDOW = timedelta(days=10)
JOIN_THRESHOLD = 0.3
INDEX_TERMS = 15  # entities per article written to the story's term index


@dataclass(frozen=True, slots=True)
class Profile:
    """What an article or a story is about."""

    entities: Mapping[str, float]
    terms: Mapping[str, float]
    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    # The days the article's text names (ISO), which can place a later article (an anniversary,
    # a follow-up weeks on) in the story of the event it dates.
    days: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reason: str
    # The story's day the article names when it joins from outside the window.
    named_day: str = ""
    # Whether the article moves the story's dates when it joins: a follow-up within
    # RUNNING_SPAN of the story's last article continues a running story (the next protest day
    # of a strike movement, the inquiry a month on); a year-later anniversary does not, so it
    # never opens the window to next year's events.
    extends: bool = True


def index_terms(profile: Profile) -> list[str]:
    """The entity keys under which a story is found (most frequent first)."""
    ranked = sorted(profile.entities.items(), key=lambda kv: (-kv[1], kv[0]))
    return [name for name, _ in ranked[:INDEX_TERMS]]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse count vectors (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _gap(article: Profile, story: Profile) -> timedelta | None:
    when = article.first_published_at
    if when is None or story.first_published_at is None or story.last_published_at is None:
        return None
    if story.first_published_at <= when <= story.last_published_at:
        return timedelta(0)
    return min(abs(when - story.first_published_at), abs(when - story.last_published_at))


# The event a story reports may precede its first article by a day ("the night between June 13
# and 14").
EVENT_LEAD = timedelta(days=1)
# A follow-up that names a day of the story and comes at most this long after its last article
# continues the story: its own date moves the story's window along (see Match.extends).
RUNNING_SPAN = timedelta(days=45)


# A story whose articles already span RUNNING_MIN_SPAN is a running story (a strike movement
# with a protest day every week or two, an inquiry): an article up to RUNNING_WINDOW after its
# last one may continue it. The window only opens forward, and a story of a few days keeps
# the plain WINDOW, so an unrelated event a few weeks before or after stays apart.
RUNNING_MIN_SPAN = timedelta(days=20)
RUNNING_WINDOW = timedelta(days=21)


def _running_follow_up(article: Profile, story: Profile, gap: timedelta) -> bool:
    first, last = story.first_published_at, story.last_published_at
    when = article.first_published_at
    if first is None or last is None or when is None:
        return False
    return when > last and last - first >= RUNNING_MIN_SPAN and gap <= RUNNING_WINDOW


def covered_day(article: Profile, story: Profile) -> str | None:
    """The first day the article names that falls within the story's own days (from a day
    before its first article to its last), or None."""
    if story.first_published_at is None or story.last_published_at is None:
        return None
    first, last = story.first_published_at.date() - EVENT_LEAD, story.last_published_at.date()
    for day in sorted(article.days):
        try:
            named = datetime.fromisoformat(day).date()
        except ValueError:
            continue
        if first <= named <= last:
            return day
    return None


def match(article: Profile, story: Profile, *, window: timedelta = WINDOW) -> Match:
    """How well an article fits a story, 0..1, with the reason in words.

    Outside the time window an article still fits when its text names one of the story's days
    ("the shipwreck of June 14, 2023", "on Monday, July 29"): it reports that event, weeks or a
    year later. The same kind of event in another year names none of them and stays apart.
    """
    gap = _gap(article, story)
    dated = day = ""
    # The next day of a running story, weeks on, is within its wider window.
    if gap is not None and gap > window and not _running_follow_up(article, story, gap):
        day = covered_day(article, story) or ""
        if not day:
            return Match(
                0.0, f"published {gap.days} days apart, outside the {window.days}-day window"
            )
        dated = f"published {gap.days} days later, names {day}; "
    entity_score = cosine(article.entities, story.entities)
    term_score = cosine(article.terms, story.terms)
    score = 0.5 * entity_score + 0.5 * term_score
    shared = sorted(set(article.entities) & set(story.entities))[:5]
    reason = (
        dated
        + f"entities {entity_score:.2f}, words {term_score:.2f}"
        + (f"; shares {', '.join(shared)}" if shared else "")
    )
    running = not dated or (gap is not None and gap <= RUNNING_SPAN)
    return Match(round(score, 4), reason, named_day=day if dated else "", extends=running)


def merge(story: Profile, article: Profile) -> Profile:
    """The story's profile after the article joins it."""
    entities = dict(story.entities)
    for name, weight in article.entities.items():
        entities[name] = entities.get(name, 0.0) + weight
    terms = dict(story.terms)
    for name, weight in article.terms.items():
        terms[name] = terms.get(name, 0.0) + weight

    def top(counts: dict[str, float], n: int) -> dict[str, float]:
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])

    dates = [
        d
        for d in (
            story.first_published_at,
            story.last_published_at,
            article.first_published_at,
            article.last_published_at,
        )
        if d is not None
    ]
    return Profile(
        entities=top(entities, 80),
        terms=top(terms, 150),
        first_published_at=min(dates) if dates else None,
        last_published_at=max(dates) if dates else None,
    )
