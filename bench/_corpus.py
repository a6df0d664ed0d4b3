"""A seeded corpus of realistic, distinct news articles for the benchmarks.

Built only from the project's own sample articles (``demo/articles``, ``tests/fixtures/stories``,
``tests/fixtures/articles``): each generated article takes one sample as its skeleton (headline,
lead, credit line), shuffles its body paragraphs, adds body paragraphs of other samples of the
same kind of event until it reaches a target length (300-900 words), and renames places, the
vessel and key people and changes the figures with a seeded random generator, so that every
text (and its hash) differs while reading like a wire story. Pure Python, no Django.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    *sorted((ROOT / "demo" / "articles").glob("*.txt")),
    *sorted((ROOT / "tests" / "fixtures" / "stories").glob("*.txt")),
    *sorted((ROOT / "tests" / "fixtures" / "articles").glob("storm-*.txt")),
]
# Names of the samples that a generated article renames (longest first: "Oster Halden" before
# "Halden"). People are renamed by surname only.
NAMES = sorted(
    """Varda Selka Branovo Tessin Halden Kravna Bresk Vastra Ellis Lumen Vostel Verlic Dalen
    Lind Rostova Vasko Rusek Novak Hale Dobrev Ostrova Santek Brenner Belic Kovac""".split(),
    key=len,
    reverse=True,
)
OUTLETS = [
    "Meridian Wire",
    "Northline Press",
    "Harbour Daily",
    "Lakeside Herald",
    "Halden Evening Post",
    "Continental News Service",
    "The Valley Courier",
    "Eastern Gazette",
]
SYLLABLES = "ka lo ven dri sa mor tel bra ni sto ra vel zin po lek ar dun mi ros ta gor esk".split()
MONTHS = "Jan Feb March April May June July Aug Sept Oct Nov Dec".split()
_NAME_RE = re.compile(r"\b(" + "|".join(NAMES + [n.upper() for n in NAMES]) + r")\b")
# An integer figure, not part of a decimal, a time (10:40), an ordinal (2nd) or a price ($2.5).
_NUMBER_RE = re.compile(
    r"(?<![\d:.,$])(\d{1,3}(?:,\d{3})+|\d+)(?![\d:]|[.,]\d|[a-z]| ?[ap]\.m\.)",
)
_DATE_RE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\s+$")


@dataclass(frozen=True)
class Template:
    """One sample article: its kind of event, front matter and body paragraphs."""

    name: str
    kind: str
    outlet: str
    published: datetime
    head: tuple[str, ...]  # headline, bullets, dateline lead: kept first, in order
    middle: tuple[str, ...]  # body paragraphs: shuffled, borrowed by other articles
    tail: tuple[str, ...]  # "(Reporting by ...)" credit line


@dataclass
class Article:
    """One generated article: the raw text to ingest and what it was made from."""

    raw: str
    url: str
    outlet: str
    published: datetime
    title: str
    template: str
    names: dict[str, str] = field(default_factory=dict)


def _kind(path: Path) -> str:
    text = path.name
    if "ferry" in text or "varda" in text:
        return "ferry"
    if "mine" in text:
        return "mine"
    return "storm"


def load_templates() -> list[Template]:
    """The sample articles, split into skeleton and body paragraphs."""
    templates = []
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
        paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
        lead = next((i for i, p in enumerate(paragraphs) if len(p.split()) > 20), 1)
        tail = tuple(p for p in paragraphs[-1:] if p.startswith("(Reporting"))
        middle = paragraphs[lead + 1 : len(paragraphs) - len(tail)]
        templates.append(
            Template(
                name=path.stem,
                kind=_kind(path),
                outlet=meta.get("outlet", "Meridian Wire"),
                published=datetime.fromisoformat(meta["published"]),
                head=tuple(paragraphs[: lead + 1]),
                middle=tuple(middle),
                tail=tail,
            )
        )
    return templates


def new_names(rng: random.Random) -> dict[str, str]:
    """A fresh invented name for every renamed name of the samples."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for old in NAMES:
        while True:
            new = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).title()
            if new not in used and len(new) > 3:
                used.add(new)
                names[old] = new
                break
    return names


def rename(text: str, names: dict[str, str]) -> str:
    """The text with every sample name replaced (upper-case datelines too)."""

    def sub(match: re.Match[str]) -> str:
        word = match.group(1)
        new = names.get(word) or names[word.title()].upper()
        return new

    return _NAME_RE.sub(sub, text)


def vary_numbers(text: str, rng: random.Random) -> str:
    """The text with its figures changed (years and days of the month kept)."""

    def sub(match: re.Match[str]) -> str:
        raw = match.group(1)
        value = int(raw.replace(",", ""))
        if 1900 <= value <= 2100 or value < 2:
            return raw
        if value <= 31 and _DATE_RE.search(text[max(0, match.start() - 10) : match.start()]):
            return raw
        new = max(2, round(value * rng.uniform(0.5, 1.8)))
        return f"{new:,}" if "," in raw else str(new)

    return _NUMBER_RE.sub(sub, text)


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def make_article(
    rng: random.Random,
    templates: list[Template],
    *,
    index: int,
    template: Template | None = None,
    names: dict[str, str] | None = None,
    url: str | None = None,
    published: datetime | None = None,
    min_words: int = 300,
    max_words: int = 900,
) -> Article:
    """One article built on `template` (random by default) with `names` (fresh by default)."""
    template = template or rng.choice(templates)
    names = names or new_names(rng)
    target = rng.randint(min_words, max_words)
    middle = list(template.middle)
    rng.shuffle(middle)
    body = [*template.head, *middle]
    seen = set(body)
    borrowed = [p for t in templates if t.kind == template.kind for p in t.middle]
    others = [p for t in templates if t.kind != template.kind for p in t.middle]
    rng.shuffle(borrowed)
    rng.shuffle(others)
    for paragraph in borrowed + others:
        words = _words(body) + _words(list(template.tail))
        if words >= target:
            break
        if paragraph in seen or words + len(paragraph.split()) > max_words:
            continue
        seen.add(paragraph)
        body.insert(rng.randint(len(template.head), len(body)), paragraph)
    body.extend(template.tail)
    text = vary_numbers(rename("\n\n".join(body), names), rng)
    title = text.split("\n\n", 1)[0].strip()
    if published is None:
        published = template.published + timedelta(days=rng.randint(0, 700))
    outlet = rng.choice(OUTLETS) if rng.random() < 0.5 else template.outlet
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    url = url or f"https://bench.example.org/{template.kind}/{index}-{slug}"
    front = (
        f"---\nurl: {url}\noutlet: {outlet}\npublished: {published.isoformat()}\n"
        f"title: {json.dumps(title[:200])}\n---\n"
    )
    return Article(
        raw=front + text + "\n",
        url=url,
        outlet=outlet,
        published=published,
        title=title,
        template=template.name,
        names=names,
    )


def corpus(count: int, *, seed: int = 20260314) -> list[Article]:
    """`count` distinct articles, the same for the same seed."""
    rng = random.Random(seed)
    templates = load_templates()
    return [make_article(rng, templates, index=i) for i in range(count)]


# --------------------------------------------------------------------------------------------
# Throwaway databases (shared by the benchmarks)
# --------------------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The PostgreSQL server to create throwaway databases on: the one DATABASE_URL names when
    it is PostgreSQL, else 127.0.0.1:5432 as user postgres. Its database name is dropped."""
    import os
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(("postgresql", parts.netloc, "", "", ""))
    return "postgresql://postgres@127.0.0.1:5432"


def postgres_create(name: str) -> str:
    """Create an empty database `name` on the server; return its DATABASE_URL."""
    import psycopg

    server = postgres_server_url()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def postgres_drop(name: str) -> None:
    """Drop database `name` (closing Django's connections to it first)."""
    import psycopg

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - Django may not be set up yet
        pass
    with psycopg.connect(f"{postgres_server_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vm_status() -> dict[str, float]:
    """VmRSS and VmHWM (peak) of this process, in MB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values
