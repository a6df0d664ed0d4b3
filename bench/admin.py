"""Benchmark of the admin's screens at scale: each changelist, search and the story page.

Run from the project root (PostgreSQL required)::

    .venv/bin/python bench/admin.py [--claims 1000000] [--runs 5]

It creates a fresh database ``bench_admin_<pid>`` on the PostgreSQL server that DATABASE_URL
names (default 127.0.0.1:5432, user postgres), migrates it, fills it with synthetic rows by
INSERT ... SELECT generate_series (outlets, sources, articles of two versions, CLAIMS claims,
stories, one flag per 10 claims, lineage, figures and disagreements), VACUUM ANALYZEs, and drops
it at the end.

Measured through Django's test client as a superuser (the whole request: middleware,
queries, templates): the median time and the query count of each page over RUNS requests.
Target (issue 10): at most 300 ms a page with a bounded number of queries. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import postgres_create, postgres_drop, postgres_server_url  # noqa: E402

FILL = """
INSERT INTO sources_outlet (name, created_at)
    SELECT 'Outlet ' || i, now() FROM generate_series(1, 50) i;
INSERT INTO sources_source (name, key, kind, created_at)
    SELECT 'Source ' || i || CASE WHEN i % 97 = 0 THEN ' harbour authority' ELSE '' END,
           'source ' || i, 'government', now()
    FROM generate_series(1, %(sources)s) i;
INSERT INTO sources_article (key, url, outlet_id, title, story_key, created_at)
    SELECT 'https://news.example.org/a/' || i, 'https://news.example.org/a/' || i,
           1 + i % 50, 'Article ' || i, '', now() - (i || ' minutes')::interval
    FROM generate_series(1, %(articles)s) i;
INSERT INTO sources_articleversion (article_id, number, update_label, corrected, advisory,
        dateline, published_at, title, body, content_type, raw, filename, sha256, language,
        status, error, attempts, claim_token, requeues, signature, extractor_version,
        created_at)
    SELECT a.id, n, CASE WHEN n = 2 AND md5(a.id::text) < '1' THEN 'CORRECTED'
                         WHEN n = 2 THEN 'UPDATE 1' ELSE '' END,
           n = 2 AND md5(a.id::text) < '1', '', '',
           now() - ((a.id * 2 - n) || ' minutes')::interval, '',
           'The agency said ' || a.id || ' homes lost power. Officials said ' || n
               || ' towns were hit.',
           'text/plain', '', '', md5(a.id || '-' || n), 'en', 'done', '', 1, '', 0, '{}',
           'bench', now()
    FROM sources_article a, generate_series(1, 2) n;
INSERT INTO claims_claim (version_id, start, "end", text, summary, kind, measure, family,
        scope, scope_key, statement_key, low, high, low_open, high_open, unit, approximate,
        hedged, negated, quantity_text, time_ref, source_id, source_mention, attributed, cue,
        fingerprint, extractor_version, created_at, updated_at)
    SELECT v.id, 16, 27,
           (c * 37 + v.id) % 5000 || ' ' || (ARRAY['homes lost power', 'people died',
               'missiles were fired', 'people are missing', 'fishermen unaccounted for'])
               [1 + (v.id + c) % 5],
           '', 'quantity', 'homes', (ARRAY['deaths', 'missing', 'projectiles', 'injuries',
               'evacuated'])[1 + (v.id + c) % 5], '', '', '', (v.id * c) % 5000,
           (v.id * c) % 5000, false, false, '', false, c % 7 = 0, false, '', '',
           1 + (v.id * 7 + c) %% %(sources)s, '', c % 3 > 0, '', md5(v.id || '-' || c),
           'bench', now(), now()
    FROM sources_articleversion v, generate_series(1, %(per_version)s) c;
INSERT INTO verification_story (key, title, explicit, first_published_at, last_published_at,
        signature, created_at)
    SELECT 'story-' || i, 'Story ' || i, false, now() - (i || ' hours')::interval,
           now() - (i || ' minutes')::interval, '{"entities": {}}', now()
    FROM generate_series(1, %(stories)s) i;
INSERT INTO verification_storyarticle (story_id, article_id, method, score, reason, created_at)
    SELECT 1 + (a.id - 1) %% %(stories)s, a.id, 'automatic', 0.5, '', now()
    FROM sources_article a;
INSERT INTO verification_contradiction (claim_a_id, claim_b_id, story_id, kind, relation,
        reason, confidence, detector, detector_version, status, note, created_at, updated_at)
    SELECT c.id, c.id - 1, 1 + (v.article_id - 1) %% %(stories)s, 'between_sources',
           (ARRAY['contradiction', 'contradiction', 'update', 'correction'])[1 + c.id % 4],
           'Source says one figure, another says another.', (c.id % 100) / 100.0, 'numeric',
           'bench', (ARRAY['open', 'open', 'confirmed', 'dismissed'])[1 + (c.id / 4) % 4], '',
           now() - (c.id || ' seconds')::interval, now()
    FROM claims_claim c JOIN sources_articleversion v ON v.id = c.version_id
    WHERE c.id % 10 = 0;
INSERT INTO verification_figure (story_id, family, measure, scope_key, moment, name, created_at)
    SELECT c.story_id, a.family, '', 'flag ' || c.id, '', initcap(a.family) || ' ' || c.id, now()
    FROM verification_contradiction c JOIN claims_claim a ON a.id = c.claim_a_id
    WHERE c.relation = 'contradiction';
INSERT INTO verification_figureclaim (figure_id, claim_id)
    SELECT fig.id, m.claim_id
    FROM verification_contradiction c
    JOIN verification_figure fig ON fig.scope_key = 'flag ' || c.id,
         LATERAL (VALUES (c.claim_a_id), (c.claim_b_id)) m(claim_id);
INSERT INTO verification_disagreement (figure_id, story_id, status, kind, reason, confidence,
        source_count, claim_count, note, created_at, updated_at)
    SELECT fig.id, fig.story_id,
           (ARRAY['open', 'open', 'open', 'confirmed', 'dismissed'])[1 + fig.id % 5],
           'between_sources', fig.name || ': sources disagree.', (fig.id % 100) / 100.0,
           1 + fig.id % 4, 2, '', now() - (fig.id || ' seconds')::interval, now()
    FROM verification_figure fig;
INSERT INTO verification_disagreementevidence (disagreement_id, contradiction_id)
    SELECT d.id, c.id
    FROM verification_contradiction c
    JOIN verification_figure fig ON fig.scope_key = 'flag ' || c.id
    JOIN verification_disagreement d ON d.figure_id = fig.id;
INSERT INTO verification_disagreementclaim (disagreement_id, claim_id)
    SELECT DISTINCT e.disagreement_id, m.claim_id
    FROM verification_disagreementevidence e
    JOIN verification_contradiction c ON c.id = e.contradiction_id,
         LATERAL (VALUES (c.claim_a_id), (c.claim_b_id)) m(claim_id);
"""

# Stored columns a later migration adds, filled as the pipeline would (skipped on a schema
# without them, so the same bench measures the code before and after).
AFTER_FILL = {
    ("verification_disagreement", "corrected"): """
UPDATE verification_disagreement d SET corrected = true
    WHERE EXISTS (SELECT 1 FROM verification_disagreementclaim m
                  JOIN claims_claim c ON c.id = m.claim_id
                  JOIN sources_articleversion v ON v.id = c.version_id
                  WHERE m.disagreement_id = d.id AND v.corrected)
""",
}

PAGES = [
    ("claims", "/admin/claims/claim/"),
    ("claims, family filter", "/admin/claims/claim/?family=deaths"),
    ("claims, hedged unattributed", "/admin/claims/claim/?hedged__exact=1&attributed__exact=0"),
    ("claims, search text", "/admin/claims/claim/?q=4321+fishermen"),
    ("claims, search, 20% match", "/admin/claims/claim/?q=fishermen"),
    ("claims, search source", "/admin/claims/claim/?q=harbour+authority"),
    ("claims, page 50", "/admin/claims/claim/?p=50"),
    ("queue (needs review)", "/admin/verification/contradiction/"),
    ("queue, everything", "/admin/verification/contradiction/?triage=all"),
    ("queue, by story", "/admin/verification/contradiction/?story=7"),
    ("queue, by measure", "/admin/verification/contradiction/?family=missing"),
    ("queue, search", "/admin/verification/contradiction/?triage=all&q=4321+fishermen"),
    ("queue, search, 20% match", "/admin/verification/contradiction/?q=fishermen"),
    ("queue, source search", "/admin/verification/contradiction/?q=harbour+authority"),
    ("queue, common source word", "/admin/verification/contradiction/?q=source"),
    ("disagreements (needs review)", "/admin/verification/disagreement/"),
    ("disagreements, everything", "/admin/verification/disagreement/?triage=all"),
    ("disagreements, by story", "/admin/verification/disagreement/?story=7"),
    ("disagreements, search", "/admin/verification/disagreement/?q=4321+fishermen"),
    ("disagreements, search, 20%", "/admin/verification/disagreement/?q=fishermen"),
    ("disagreements, common source", "/admin/verification/disagreement/?q=source"),
    ("disagreement page", "/admin/verification/disagreement/{disagreement}/change/"),
    ("versions", "/admin/sources/articleversion/"),
    ("versions, language", "/admin/sources/articleversion/?language=en"),
    ("articles", "/admin/sources/article/"),
    ("stories", "/admin/verification/story/"),
    ("story page", "/admin/verification/story/7/change/"),
    ("flag page", "/admin/verification/contradiction/{flag}/change/"),
    ("article diff", "/admin/sources/article/7/diff/"),
    ("story articles", "/admin/verification/storyarticle/"),
    ("sources", "/admin/sources/source/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="time only the pages whose label holds this")
    parser.add_argument("--keep", action="store_true", help="keep the database; print its name")
    parser.add_argument(
        "--reuse", default="", help="time a database that --keep left (migrated first, not filled)"
    )
    args = parser.parse_args()
    per_version = 10
    articles = max(1, args.claims // (2 * per_version))
    sizes = {
        "sources": max(100, args.claims // 200),
        "articles": articles,
        "per_version": per_version,
        "stories": max(10, articles // 4),
    }
    name = args.reuse or f"bench_admin_{os.getpid()}"
    if args.reuse:
        os.environ["DATABASE_URL"] = f"{postgres_server_url()}/{name}"
    else:
        os.environ["DATABASE_URL"] = postgres_create(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if not args.reuse:
                for statement in FILL.split(";\n"):
                    if statement.strip():
                        for key, value in sizes.items():
                            statement = statement.replace(f"%({key})s", str(value))
                        cursor.execute(statement.replace("%%", "%"))
            # Idempotent: a reused database gets the columns its new migrations added.
            columns = {
                (table, column.name)
                for table in {table for table, _ in AFTER_FILL}
                for column in connection.introspection.get_table_description(cursor, table)
            }
            for key, statement in AFTER_FILL.items():
                if key in columns:
                    cursor.execute(statement)
            # VACUUM too: what autovacuum does within a minute of a bulk load (PostgreSQL 13+
            # vacuums insert-only tables): the fill's updated rows cleared and the visibility
            # map set, which index-only scans (claim_family_idx) need. Right after the fill,
            # before it, the flags' queue filtered by measure took 350 ms.
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM claims_claim")
            claims = cursor.fetchone()[0]
            cursor.execute("SELECT count(*), min(id) FROM verification_contradiction")
            flags, first_flag = cursor.fetchone()
            cursor.execute("SELECT count(*), min(id) FROM verification_disagreement")
            disagreements, first_disagreement = cursor.fetchone()
        print(
            f"filled {claims:,} claims, {flags:,} flags, {disagreements:,} disagreements "
            f"in {time.perf_counter() - started:.0f} s"
        )
        user = get_user_model().objects.filter(username="bench").first()
        if user is None:
            user = get_user_model().objects.create_superuser("bench", "b@example.org", "pw")
        client = Client()
        client.force_login(user)
        print(f"{'page':32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, url in PAGES:
            if args.only and args.only not in label:
                continue
            url = url.format(flag=first_flag, disagreement=first_disagreement)
            client.get(url)  # warm caches and connections
            times, queries = [], 0
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as captured:
                    begun = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - begun) * 1000)
                queries = len(captured)
            status = "" if response.status_code == 200 else f"  HTTP {response.status_code}"
            print(
                f"{label:32} {statistics.median(times):10.0f} {max(times):8.0f} "
                f"{queries:8d}{status}"
            )
    finally:
        if args.keep or args.reuse:
            print(f"kept database {name}")
        else:
            postgres_drop(name)


if __name__ == "__main__":
    main()
