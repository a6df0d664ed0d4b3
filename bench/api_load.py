"""API throughput under load: the claims list, the contradictions list and the claim detail.

Run from the project root (PostgreSQL and wrk required: ``apt-get install -y wrk``)::

    .venv/bin/python bench/api_load.py [--claims 1000000] [--duration 15] [--connections 50]
    .venv/bin/python bench/api_load.py --quick           # 100,000 claims, 8 s per endpoint

It creates ``bench_api_<pid>`` on the PostgreSQL server DATABASE_URL names (default
127.0.0.1:5432, user postgres), migrates it and fills it with set-based INSERT ... SELECT
FROM generate_series (20 claims a version, 2 versions an article, 5 articles a story, one flag
per 10 claims, 1,000 sources; each version carries a 3 KB body, as real ones do), ANALYZEs it,
starts gunicorn (2 workers, the production settings: DEBUG off, persistent connections) on a
free loopback port and runs wrk against each endpoint with a token, one after the other for a
fixed duration. Prints req/s, p50 and p99 latency per endpoint and each list's ratio to the
detail endpoint's req/s (goal: lists within 2x, a ratio of 0.5 or more), and the server's CPU
time per request (gunicorn's workers and their PostgreSQL backends, read from /proc, so on
this host only): on a machine shared with other jobs req/s follows their load, CPU per request
much less. Stops by itself: gunicorn is stopped and the database dropped at the end
(``--keep`` keeps the database; ``--reuse NAME`` runs again on a kept one, without filling it
or dropping it). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import postgres_create, postgres_drop, postgres_server_url  # noqa: E402

CLAIMS_PER_VERSION = 20
VERSIONS_PER_ARTICLE = 2
ARTICLES_PER_STORY = 5
CLAIMS_PER_FLAG = 10
SOURCES = 1000
OUTLETS = 10


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def insert_series(model, count: int, expressions: dict[str, str], **template) -> None:
    """INSERT `count` rows of `model` in one statement: columns named in `expressions` take
    that SQL expression of `g` (1..count); the others take the value a row built from
    `template` would be saved with (Django's Python-side defaults included)."""
    from django.db import connection

    row = model(**template)
    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in expressions:
            values.append(expressions[field.column])
            continue
        value = field.get_db_prep_save(field.pre_save(row, add=True), connection)
        values.append("%s")
        params.append(value)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, {int(count)}) AS g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {model._meta.db_table}))"
        )


def seed(claims: int) -> None:
    from django.db import connection

    from claims.models import Claim
    from sources.models import Article, ArticleVersion, Outlet, Source
    from verification.models import Contradiction, Story, StoryArticle

    versions = -(-claims // CLAIMS_PER_VERSION)
    articles = -(-versions // VERSIONS_PER_ARTICLE)
    stories = -(-articles // ARTICLES_PER_STORY)
    flags = claims // CLAIMS_PER_FLAG
    story_of_article = f"((g - 1) / {ARTICLES_PER_STORY}) + 1"
    insert_series(Outlet, OUTLETS, {"id": "g", "name": "'Outlet ' || g"}, name="x")
    insert_series(
        Source,
        SOURCES,
        {"id": "g", "name": "'Ministry ' || g", "key": "'ministry ' || g"},
        name="x",
        key="x",
    )
    insert_series(Story, stories, {"id": "g", "key": "'story-' || g"}, title="Coastal storm")
    insert_series(
        Article,
        articles,
        {
            "id": "g",
            "key": "'https://bench.example.org/a/' || g",
            "url": "'https://bench.example.org/a/' || g",
            "outlet_id": f"(g %% {OUTLETS}) + 1",
        },
        title="Storm cuts power",
    )
    insert_series(
        StoryArticle,
        articles,
        {"id": "g", "story_id": story_of_article, "article_id": "g"},
        method="automatic",
    )
    insert_series(
        ArticleVersion,
        versions,
        {
            "id": "g",
            "article_id": f"((g - 1) / {VERSIONS_PER_ARTICLE}) + 1",
            "number": f"((g - 1) %% {VERSIONS_PER_ARTICLE}) + 1",
            "sha256": "md5(g::text) || md5((g + 1)::text)",
            "body": "repeat('The utility said 1,200 homes lost power overnight. ', 60) || g",
            "raw": "repeat('The utility said 1,200 homes lost power overnight. ', 60) || g",
        },
        status="done",
        language="en",
        title="Storm cuts power",
        extractor_version="bench",
    )
    insert_series(
        Claim,
        claims,
        {
            "id": "g",
            "version_id": f"((g - 1) / {CLAIMS_PER_VERSION}) + 1",
            "source_id": f"(g %% {SOURCES}) + 1",
            "family": "(ARRAY['deaths', 'injuries', 'missing', 'evacuated'])[(g %% 4) + 1]",
            "low": "(g %% 500)::float",
            "high": "(g %% 500)::float",
            "text": "(g %% 500) || ' homes lost power'",
            "summary": "'Ministry ' || ((g %% 1000) + 1) || ': ' || (g %% 500) || ' homes'",
            "fingerprint": "'fp-' || g",
        },
        start=0,
        end=20,
        kind="quantity",
        measure="homes lose",
        attributed=True,
        extractor_version="bench",
    )
    a = f"({CLAIMS_PER_FLAG} * g - {CLAIMS_PER_FLAG - 1})"
    version_of_a = f"((({a}) - 1) / {CLAIMS_PER_VERSION}) + 1"
    article_of_a = f"((({version_of_a}) - 1) / {VERSIONS_PER_ARTICLE}) + 1"
    insert_series(
        Contradiction,
        flags,
        {
            "id": "g",
            "claim_a_id": a,
            "claim_b_id": f"{a} + 1",
            "story_id": f"((({article_of_a}) - 1) / {ARTICLES_PER_STORY}) + 1",
            "confidence": "0.5 + (g %% 50) / 100.0",
        },
        kind="between_sources",
        reason="The utility says 1,200 homes, the mayor says 300: both cannot hold.",
        confidence=0.5,
        detector="numeric",
        detector_version="bench",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CLAIMTRACKER_API_RATE": "100000000/second",
        "LOG_LEVEL": "ERROR",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    raise SystemExit("gunicorn did not answer within 60 s")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes `pids` (Linux /proc; the ones gone count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(server: subprocess.Popen, database_url: str) -> list[int]:
    """gunicorn's workers and the PostgreSQL backends connected to the bench database."""
    import psycopg

    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server.pid:
                workers.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    with psycopg.connect(database_url) as conn:
        backends = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return workers + [pid for (pid,) in backends]


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, token: str, *, duration: int, connections: int) -> dict[str, float]:
    """req/s, p50 and p99 (ms) of `url` under wrk for `duration` seconds."""
    out = subprocess.run(
        [
            "wrk",
            "--threads=2",
            f"--connections={connections}",
            f"--duration={duration}s",
            f"--timeout={max(10, duration)}s",
            "--latency",
            "-H",
            f"Authorization: Token {token}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    latency = {p: float(v) * UNIT[u] for p, v, u in LATENCY.findall(out)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rate,
        "p50": latency.get("50", float("nan")),
        "p99": latency.get("99", float("nan")),
        "non2xx": int(errors.group(1)) if errors else 0,
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="100,000 claims, 8 s each")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", metavar="NAME", help="run on a database kept by --keep")
    args = parser.parse_args()
    if args.quick:
        args.claims, args.duration = 100_000, 8
    if args.reuse:
        name, args.keep = args.reuse, True
        database_url = f"{postgres_server_url()}/{name}"
    else:
        name = f"bench_api_{os.getpid()}"
        database_url = postgres_create(name)
    setup_django(database_url)
    server = None
    try:
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connections
        from rest_framework.authtoken.models import Token

        from claims.models import Claim

        if args.reuse:
            args.claims = Claim.objects.count()
        else:
            call_command("migrate", verbosity=0, interactive=False)
            started = time.monotonic()
            seed(args.claims)
            print(f"seeded {args.claims:,} claims in {time.monotonic() - started:.0f} s")
        user, _ = get_user_model().objects.get_or_create(
            username="bench", defaults={"email": "bench@example.org"}
        )
        token = Token.objects.get_or_create(user=user)[0].key
        connections.close_all()
        port = free_port()
        server = start_gunicorn(database_url, port, args.workers)
        base = f"http://127.0.0.1:{port}/api/v1"
        endpoints = {
            "claim detail": f"{base}/claims/{args.claims // 2}/",
            "claims list": f"{base}/claims/",
            "contradictions list": f"{base}/contradictions/",
        }
        results = {}
        for label, url in endpoints.items():
            wrk(url, token, duration=2, connections=args.connections)  # warm-up
            pids = server_pids(server, database_url)
            cpu = cpu_seconds(pids)
            results[label] = wrk(url, token, duration=args.duration, connections=args.connections)
            cpu = cpu_seconds(pids) - cpu
            results[label]["cpu"] = 1000 * cpu / max(results[label]["requests"], 1)
        print(
            f"{args.claims:,} claims, gunicorn {args.workers} workers, "
            f"{args.connections} connections, {args.duration} s each"
        )
        print(
            f"{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}  vs detail"
            f"{'CPU ms/req':>12}  vs detail"
        )
        detail, detail_cpu = results["claim detail"]["rps"], results["claim detail"]["cpu"]
        for label, r in results.items():
            ratio = r["rps"] / detail if detail else float("nan")
            cpu_ratio = detail_cpu / r["cpu"] if r["cpu"] else float("nan")
            print(
                f"{label:<22}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
                f"{r['non2xx']:>9}  {ratio:9.2f}{r['cpu']:>12.2f}  {cpu_ratio:9.2f}"
            )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"kept database {name}")
        else:
            postgres_drop(name)


if __name__ == "__main__":
    main()
