"""Benchmark of contradiction detection for one new version, at two database sizes.

Run from the project root (PostgreSQL required)::

    .venv/bin/python bench/detection.py [--small 10000] [--large 1000000] [--runs 5]
    .venv/bin/python bench/detection.py --quick          # 10,000 vs 100,000 claims

It creates a fresh database ``bench_detection_<pid>`` on the PostgreSQL server that
DATABASE_URL names (default 127.0.0.1:5432, user postgres), migrates it and drops it at the end.

Loading: a pool of real extraction results (bench/_corpus.py articles run through
``extract_claims``) is copied, with places, people and figures changed, into many synthetic
stories of 3-6 articles of 2-5 versions each (about 20-40 claims a version), with their sources,
outlets, story memberships, story term index rows, a few contradictions and the figures and
disagreements they make (issue 9), by PostgreSQL COPY into the tables Django created. Then
ANALYZE.

Measured, at the small size and again after growing the same database to the large size: the
time of ``contradictions_detect_for_version(version_id=...)`` (story assignment, lineage,
candidate lookup, comparisons, writes, figures and disagreements) for fresh versions created
through the real code path
(``article_version_ingest(enqueue=False)`` then ``claims_extract_for_version(enqueue=False)``,
not timed), in two cases: a new version of an existing article, and a new article that joins an
existing story through the term index. Prints the median time, SQL time and query count per case
and size, the ratio large / small (target: at most 2), and EXPLAIN ANALYZE of the slowest
queries at the large size. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import (  # noqa: E402
    OUTLETS,
    Template,
    load_templates,
    make_article,
    new_names,
    postgres_create,
    postgres_drop,
)

POOL = 24  # real extraction results the synthetic versions are copied from
START = datetime(2024, 1, 1, tzinfo=UTC)
SPREAD_DAYS = 730  # stories are spread over two years


@dataclass
class PoolEntry:
    template: Template
    names: dict[str, str]
    claims: list  # ExtractedClaim
    signature: dict
    body: str


@dataclass
class SyntheticStory:
    id: int
    base: int
    names: dict[str, str]
    last_published_at: datetime
    article_urls: list[str] = field(default_factory=list)


def translator(old: dict[str, str], new: dict[str, str]) -> Callable[[str], str]:
    """Replace the pool article's invented names by the story's (any case)."""
    pairs = {old[k].lower(): new[k] for k in old}
    pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, pairs), key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )

    def sub(match: re.Match[str]) -> str:
        word, name = match.group(0), pairs[match.group(0).lower()]
        if word.isupper() and len(word) > 1:
            return name.upper()
        return name.lower() if word.islower() else name

    return lambda text: pattern.sub(sub, text) if text else text


class Loader:
    """Synthetic stories written by COPY; grows the database to a number of claims."""

    def __init__(self, url: str, pool: list[PoolEntry], seed: int = 11) -> None:
        import psycopg

        from claims.extraction import VERSION

        self.conn = psycopg.connect(url)
        self.pool = pool
        self.rng = random.Random(seed)
        self.extractor_version = VERSION
        self.stories: list[SyntheticStory] = []
        self.claims = 0
        self.figures = 0
        self.disagreements = 0
        with self.conn.cursor() as cur:
            cur.execute("SELECT key, id FROM sources_source")
            self.source_ids = dict(cur.fetchall())
            cur.execute("SELECT id FROM sources_outlet")
            self.outlet_ids = [row[0] for row in cur.fetchall()]
            cur.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'claims_claim' AND column_name = 'time_ref'"
            )
            # Added by claims migration 0002; older schemas do not have it.
            self.time_ref = cur.fetchone() is not None

    def _next_ids(self) -> dict[str, int]:
        ids = {}
        with self.conn.cursor() as cur:
            for table in (
                "sources_source",
                "sources_article",
                "sources_articleversion",
                "verification_story",
                "claims_claim",
                "verification_contradiction",
                "verification_figure",
                "verification_disagreement",
            ):
                cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
                ids[table] = cur.fetchone()[0]
        return ids

    def grow(self, target_claims: int, chunk_stories: int = 100) -> float:
        """Add stories until the database holds `target_claims` claims; return seconds."""
        start = time.perf_counter()
        with self.conn.cursor() as cur:  # detection runs created sources since the last grow
            cur.execute("SELECT key, id FROM sources_source")
            self.source_ids = dict(cur.fetchall())
        while self.claims < target_claims:
            self._load_chunk(target_claims, chunk_stories)
        with self.conn.cursor() as cur:
            for table in (
                "sources_source",
                "sources_article",
                "sources_articleversion",
                "verification_story",
                "claims_claim",
                "verification_contradiction",
                "verification_figure",
                "verification_disagreement",
            ):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("ANALYZE")
        self.conn.autocommit = False
        return time.perf_counter() - start

    def _load_chunk(self, target_claims: int, chunk_stories: int) -> None:
        from psycopg.types.json import Jsonb

        from claims.extraction.sources import source_key
        from verification import stories as story_rules
        from verification.figures import figure_title

        rng, now = self.rng, datetime.now(UTC)
        ids = self._next_ids()
        rows: dict[str, list[tuple]] = {
            name: []
            for name in (
                "sources",
                "stories",
                "terms",
                "articles",
                "members",
                "versions",
                "claims",
                "contradictions",
                "figures",
                "figure_claims",
                "disagreements",
                "disagreement_claims",
                "evidence",
            )
        }
        for _ in range(chunk_stories):
            if self.claims >= target_claims:
                break
            story_id = ids["verification_story"]
            ids["verification_story"] += 1
            base = rng.randrange(len(self.pool))
            entry = self.pool[base]
            names = new_names(rng)
            tr = translator(entry.names, names)
            signature = {
                part: {tr(k): v for k, v in (entry.signature.get(part) or {}).items()}
                for part in ("entities", "terms")
            }
            body = tr(entry.body)
            claims = []
            for c in entry.claims:
                source = tr(c.source.name)
                key = source_key(source)
                if key not in self.source_ids:
                    self.source_ids[key] = ids["sources_source"]
                    ids["sources_source"] += 1
                    rows["sources"].append(
                        (self.source_ids[key], source[:200], key, c.source.kind, now)
                    )
                claims.append((c, tr(c.text)[:500], tr(c.evidence), self.source_ids[key]))
            first = START + timedelta(days=rng.uniform(0, SPREAD_DAYS))
            last = first
            story = SyntheticStory(story_id, base, names, first)
            # Figures and disagreements as verification.figures files them: one figure per
            # (family, measure, scope, moment), one open disagreement per figure with flags.
            figure_of: dict[tuple, int] = {}
            claim_figure: dict[int, int] = {}
            disagreement_of: dict[int, list] = {}
            for a in range(rng.randint(3, 6)):
                article_id = ids["sources_article"]
                ids["sources_article"] += 1
                url = f"https://bench.example.org/story-{story_id}/article-{a}"
                title = tr(entry.template.head[0])[:500]
                rows["articles"].append(
                    (article_id, url, url, rng.choice(self.outlet_ids), title, "", now)
                )
                rows["members"].append(
                    (story_id, article_id, "automatic", 0.6, "bench: synthetic", now)
                )
                story.article_urls.append(url)
                published = first + timedelta(hours=rng.uniform(0, 24))
                previous: list[int] = []
                for number in range(1, rng.randint(2, 5) + 1):
                    version_id = ids["sources_articleversion"]
                    ids["sources_articleversion"] += 1
                    published += timedelta(hours=rng.uniform(1, 6))
                    last = max(last, published)
                    sha = hashlib.sha256(f"{version_id}".encode()).hexdigest()
                    rows["versions"].append(
                        (
                            version_id,
                            article_id,
                            number,
                            published,
                            title,
                            body,
                            sha,
                            "done",
                            Jsonb(signature),
                            self.extractor_version,
                            now,
                        )
                    )
                    current = []
                    for i, (c, summary, evidence, source_id) in enumerate(claims):
                        if rng.random() < 0.15:
                            continue  # a claim not in this version
                        low, high = c.low, c.high
                        if c.kind == "quantity" and rng.random() < 0.3:
                            factor = rng.uniform(0.5, 2.0)
                            low = None if low is None else round(low * factor)
                            high = None if high is None else round(high * factor)
                        claim_id = ids["claims_claim"]
                        ids["claims_claim"] += 1
                        current.append(claim_id)
                        time_ref = tr(getattr(c, "time_ref", ""))[:50] if self.time_ref else ""
                        if c.kind == "quantity" and (c.family or c.measure):
                            fkey = (
                                c.family[:50],
                                "" if c.family else c.measure[:200],
                                tr(c.scope_key)[:200],
                                time_ref,
                            )
                            if fkey not in figure_of:
                                figure_of[fkey] = ids["verification_figure"]
                                ids["verification_figure"] += 1
                                rows["figures"].append(
                                    (figure_of[fkey], story_id, *fkey)
                                    + (figure_title(c.family, c.measure, tr(c.scope)), now)
                                )
                            claim_figure[claim_id] = figure_of[fkey]
                            rows["figure_claims"].append((figure_of[fkey], claim_id))
                        fingerprint = hashlib.sha256(f"{version_id}:{i}".encode()).hexdigest()
                        rows["claims"].append(
                            (
                                claim_id,
                                version_id,
                                c.start,
                                c.end,
                                evidence,
                                summary,
                                c.kind,
                                c.measure,
                                c.family,
                                tr(c.scope)[:200],
                                tr(c.scope_key)[:200],
                                tr(c.statement_key)[:200],
                                low,
                                high,
                                c.low_open,
                                c.high_open,
                                (c.unit or "")[:50],
                                c.approximate,
                                c.hedged,
                                c.negated,
                                c.quantity_text[:200],
                                source_id,
                                tr(c.source_mention)[:300],
                                c.attributed,
                                c.cue[:50],
                                fingerprint,
                                self.extractor_version,
                                now,
                            )
                            + ((tr(getattr(c, "time_ref", ""))[:50],) if self.time_ref else ())
                        )
                    for a_id, b_id in zip(previous[:2], current[:2], strict=False):
                        flag_id = ids["verification_contradiction"]
                        ids["verification_contradiction"] += 1
                        relation = rng.choice(("update", "contradiction"))
                        rows["contradictions"].append(
                            (
                                flag_id,
                                a_id,
                                b_id,
                                story_id,
                                "across_versions",
                                relation,
                                "bench: synthetic flag",
                                0.8,
                                "numeric",
                                "bench",
                                "open",
                                "",
                                now,
                            )
                        )
                        figure = claim_figure.get(a_id)
                        if relation == "contradiction" and figure is not None:
                            if figure not in disagreement_of:
                                disagreement_of[figure] = [ids["verification_disagreement"], set()]
                                ids["verification_disagreement"] += 1
                            disagreement, members = disagreement_of[figure]
                            members.update((a_id, b_id))
                            rows["evidence"].append((disagreement, flag_id))
                    previous = current
                    self.claims += len(current)
            for figure, (disagreement, members) in disagreement_of.items():
                rows["disagreements"].append(
                    (disagreement, figure, story_id, "open", "across_versions")
                    + ("bench: synthetic disagreement", 0.8, 2, len(members), "", now, now)
                )
                rows["disagreement_claims"].extend((disagreement, m) for m in sorted(members))
            story.last_published_at = last
            self.stories.append(story)
            key = f"bench-story-{story_id}"
            rows["stories"].append(
                (story_id, key, title, False, first, last, Jsonb(signature), now)
            )
            profile = story_rules.Profile(entities=signature["entities"], terms={})
            for term in story_rules.index_terms(profile):
                rows["terms"].append((story_id, term[:200], 1.0, last))
        self.figures += len(rows["figures"])
        self.disagreements += len(rows["disagreements"])
        self._copy(rows)

    def _copy(self, rows: dict[str, list[tuple]]) -> None:
        tables = {
            "sources": "sources_source (id, name, key, kind, created_at)",
            "stories": "verification_story (id, key, title, explicit, first_published_at, "
            "last_published_at, signature, created_at)",
            "terms": "verification_storyterm (story_id, term, weight, last_published_at)",
            "articles": "sources_article (id, key, url, outlet_id, title, story_key, created_at)",
            "members": "verification_storyarticle (story_id, article_id, method, score, reason, "
            "created_at)",
            "versions": "sources_articleversion (id, article_id, number, published_at, title, "
            "body, sha256, status, signature, extractor_version, extracted_at, update_label, "
            "corrected, advisory, dateline, content_type, raw, filename, language, error, "
            "attempts, created_at, claim_token, requeues)",
            "claims": 'claims_claim (id, version_id, start, "end", text, summary, kind, '
            "measure, family, scope, scope_key, statement_key, low, high, low_open, high_open, "
            "unit, approximate, hedged, negated, quantity_text, source_id, source_mention, "
            "attributed, cue, fingerprint, extractor_version, created_at"
            + (", time_ref)" if self.time_ref else ")"),
            "contradictions": "verification_contradiction (id, claim_a_id, claim_b_id, "
            "story_id, kind, relation, reason, confidence, detector, detector_version, status, "
            "note, created_at)",
            "figures": "verification_figure (id, story_id, family, measure, scope_key, moment, "
            "name, created_at)",
            "figure_claims": "verification_figureclaim (figure_id, claim_id)",
            "disagreements": "verification_disagreement (id, figure_id, story_id, status, kind, "
            "reason, confidence, source_count, claim_count, note, created_at, updated_at)",
            "disagreement_claims": "verification_disagreementclaim (disagreement_id, claim_id)",
            "evidence": "verification_disagreementevidence (disagreement_id, contradiction_id)",
        }
        now = datetime.now(UTC)
        version_tail = ("", False, "", "", "text/plain", "", "", "en", "", 1, now, "", 0)
        with self.conn.cursor() as cur:
            for name, columns in tables.items():
                with cur.copy(f"COPY {columns} FROM STDIN") as copy:
                    for row in rows[name]:
                        copy.write_row(row + version_tail if name == "versions" else row)
        self.conn.commit()


def build_pool(rng: random.Random, templates: list[Template]) -> list[PoolEntry]:
    """Real extraction results of POOL generated articles (250-550 words)."""
    from claims.extraction import TextBlock, extract_claims
    from sources.ingest import prepare_document

    pool = []
    for i in range(POOL):
        template = templates[i % len(templates)]
        if template.kind == "storm":
            template = templates[(i * 5) % 12]
        article = make_article(
            rng, templates, index=i, template=template, min_words=250, max_words=550
        )
        doc = prepare_document(article.raw, require_english=False)
        blocks = [TextBlock(start=p.start, text=p.text) for p in doc.paragraphs]
        result = extract_claims(blocks, outlet=article.outlet)
        pool.append(
            PoolEntry(template, article.names, list(result.claims), result.signature, doc.text)
        )
    return pool


@dataclass
class Run:
    seconds: float
    sql_seconds: float
    queries: int
    flags: int
    joined: bool
    captured: list[dict]


def detect_once(loader: Loader, rng: random.Random, templates, case: str, index: int) -> Run:
    """Ingest and extract one fresh version (not timed), then time its detection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.services import claims_extract_for_version
    from sources.services import article_version_ingest
    from verification.models import StoryArticle
    from verification.services import contradictions_detect_for_version

    story = rng.choice(loader.stories)
    entry = loader.pool[story.base]
    published = story.last_published_at + timedelta(hours=rng.uniform(1, 12))
    if case == "new version":
        url = rng.choice(story.article_urls)
    else:
        url = f"https://bench.example.org/story-{story.id}/new-{index}-{rng.random():.8f}"
    article = make_article(
        rng,
        templates,
        index=index,
        template=entry.template,
        names=story.names,
        url=url,
        published=published,
        min_words=250,
        max_words=550,
    )
    version = article_version_ingest(raw=article.raw, enqueue=False).version
    done = claims_extract_for_version(version_id=version.pk, enqueue=False)
    if done.status != "done":
        raise RuntimeError(f"extraction of the benchmark version failed: {done}")
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        flags = contradictions_detect_for_version(version_id=version.pk)
        seconds = time.perf_counter() - start
    joined = StoryArticle.objects.filter(article_id=version.article_id, story_id=story.id).exists()
    sql = sum(float(q["time"]) for q in ctx.captured_queries)
    return Run(seconds, sql, len(ctx.captured_queries), flags, joined, ctx.captured_queries)


CASES = ("new version", "new article")


def measure(loader, rng, templates, runs: int, size: int) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {}
    for case in CASES:
        detect_once(loader, rng, templates, case, index=size)  # warm-up, not counted
        results[case] = [
            detect_once(loader, rng, templates, case, index=size + 1 + i) for i in range(runs)
        ]
        done = results[case]
        print(
            f"  {case:<12} runs {', '.join(f'{r.seconds * 1000:.0f}' for r in done)} ms; "
            f"queries {[r.queries for r in done]}; flags {[r.flags for r in done]}; "
            f"joined the intended story {sum(r.joined for r in done)}/{runs}",
            flush=True,
        )
    return results


def explain_slowest(runs: list[Run], top: int = 4) -> None:
    """EXPLAIN ANALYZE the slowest SELECTs detection ran (as sent, parameters inlined)."""
    from django.db import connection

    seen: dict[str, tuple[float, str]] = {}
    for run in runs:
        for q in run.captured:
            sql = q["sql"]
            if sql.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in sql:
                shape = re.sub(r"\d+", "N", sql)[:300]
                if float(q["time"]) > seen.get(shape, (0.0, ""))[0]:
                    seen[shape] = (float(q["time"]), sql)
    slowest = sorted(seen.values(), reverse=True)[:top]
    with connection.cursor() as cur:
        for took, sql in slowest:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cur.fetchall()]
            short = sql if len(sql) < 400 else sql[:400] + " ..."
            print(f"\n  {took * 1000:.1f} ms: {short}")
            for line in plan:
                if any(
                    w in line for w in ("Scan", "Join", "Loop", "Aggregate", "Sort", "Execution")
                ):
                    print(f"      {line.strip()}")


FIGURE_TABLES = ('"verification_figure', '"verification_disagreement')


def figures_sql_seconds(run: Run) -> float:
    """SQL time of the figures and disagreements step (queries on their tables)."""
    return sum(float(q["time"]) for q in run.captured if any(t in q["sql"] for t in FIGURE_TABLES))


def summary(results: dict[str, list[Run]]) -> dict[str, tuple[float, float, float, float]]:
    return {
        case: (
            statistics.median(r.seconds for r in runs),
            statistics.median(r.sql_seconds for r in runs),
            statistics.median(r.queries for r in runs),
            statistics.median(figures_sql_seconds(r) for r in runs),
        )
        for case, runs in results.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--small", type=int, default=10_000, help="claims at the small size")
    parser.add_argument("--large", type=int, default=1_000_000, help="claims at the large size")
    parser.add_argument("--quick", action="store_true", help="10,000 vs 100,000 claims")
    parser.add_argument("--runs", type=int, default=7, help="timed detections per case and size")
    args = parser.parse_args(argv)
    if args.quick:
        args.small, args.large = 10_000, 100_000

    db_name = f"bench_detection_{os.getpid()}"
    os.environ["DATABASE_URL"] = postgres_create(db_name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("CELERY_BROKER_URL", None)
    try:
        return run(args)
    finally:
        postgres_drop(db_name)


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from claims.extraction.nlp import load_nlp
    from sources.services import outlet_get_or_create

    call_command("migrate", interactive=False, verbosity=0)
    for name in OUTLETS:
        outlet_get_or_create(name=name)
    load_nlp()
    rng = random.Random(20260314)
    templates = load_templates()
    started = time.perf_counter()
    pool = build_pool(rng, templates)
    per_article = statistics.mean(len(p.claims) for p in pool)
    print(
        f"detection benchmark on PostgreSQL ({os.environ['DATABASE_URL'].rsplit('/', 1)[1]}), "
        f"{os.cpu_count()} CPUs; pool of {len(pool)} real extractions "
        f"({per_article:.0f} claims each) built in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    loader = Loader(os.environ["DATABASE_URL"], pool)
    figures = {}
    large_runs: list[Run] = []
    for size in (args.small, args.large):
        seconds = loader.grow(size)
        print(
            f"\n{loader.claims:,} claims in {len(loader.stories):,} stories, "
            f"{loader.figures:,} figures, {loader.disagreements:,} disagreements "
            f"(loaded in {seconds:.1f} s, ANALYZE included); detection:",
            flush=True,
        )
        results = measure(loader, rng, templates, args.runs, size)
        figures[size] = summary(results)
        large_runs = [r for runs in results.values() for r in runs]
    loader.conn.close()

    print(f"\nmedian of {args.runs} detections (ms; SQL = time inside the database):")
    print("  (figures SQL: the figures and disagreements step, included in SQL and total)")
    print(
        f"  {'case':<12} {'claims':>10} {'total':>8} {'SQL':>8} {'queries':>8} {'figures SQL':>12}"
    )
    for case in CASES:
        for size in (args.small, args.large):
            total, sql, queries, step = figures[size][case]
            print(
                f"  {case:<12} {size:>10,} {total * 1000:>8.1f} {sql * 1000:>8.1f} "
                f"{queries:>8.0f} {step * 1000:>12.1f}"
            )
    for case in CASES:
        ratio = figures[args.large][case][0] / figures[args.small][case][0]
        print(
            f"  ratio {args.large:,} / {args.small:,} claims, {case}: {ratio:.2f}   (target <= 1.5)"
        )
    print(f"\nEXPLAIN ANALYZE of the slowest SELECTs at {args.large:,} claims:")
    explain_slowest(large_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
