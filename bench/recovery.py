"""Soak test of recovery and hostile input, with real processes killed by their pid.

Run from the project root (PostgreSQL on DATABASE_URL's server or 127.0.0.1:5432, and the
redis-server binary, are required)::

    .venv/bin/python bench/recovery.py [--articles 120] [--kills 8] [--broker-articles 60]
                                       [--broker-down 20] [--hostile 150] [--seed 1]

It creates ``bench_recovery_<pid>`` (dropped at the end), starts its own non-persistent
redis-server on a free port and a Celery worker (prefork, 2 children), with short thresholds
(sweep every 5 s, pending after 15 s, time per document 45 s soft / 50 s hard, so a claim is
abandoned after 110 s). Three phases, each waiting until every version is done or failed:

1. kills: M generated articles are ingested while a pool child is SIGKILLed N times (as the
   OOM killer does) and, half-way, the whole worker with its children (then a new one starts);
2. broker down: articles are ingested, redis-server is SIGKILLed half-way (queued messages are
   lost with it), ingest goes on, and redis-server comes back after D seconds;
3. hostile: a generated corpus (binary, NUL, impossible dates, alias bombs, deep nesting,
   invisible-only, oversized, 50,000-attribute HTML, absurd figures, punctuation speakers,
   random bytes and front matter) through `manage.py ingest` and through the submit API.

Prints figures: lost, duplicated, stuck, failed (with reasons), tracebacks, HTTP 500s, and the
time to recover. Asserts nothing.
"""

# ruff: noqa: E501  (report lines read better whole)

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import corpus, postgres_create, postgres_drop  # noqa: E402

PENDING_AFTER, SOFT_LIMIT, HARD_LIMIT, SWEEP_EVERY = 15, 45, 50, 5
TERMINAL = {"done", "failed"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


class Processes:
    """The redis-server and workers this script started; stopped by pid at the end."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder, self.env = folder, env
        self.started: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None

    def redis(self, port: int) -> subprocess.Popen:
        process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.started.append(process)
        while not reachable(port):
            time.sleep(0.05)
        return process

    def start_worker(self) -> subprocess.Popen:
        log = (self.folder / f"worker-{len(self.started)}.log").open("w")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
             "--concurrency=2", "--queues", self.env["CELERY_TASK_DEFAULT_QUEUE"],
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=warning"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.started.append(self.worker)
        return self.worker

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except OSError:
        return []


class Sweeper(threading.Thread):
    """What beat does in production: the sweep every SWEEP_EVERY seconds."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.sent = self.failed = 0

    def run(self) -> None:
        from django.db import close_old_connections

        from sources.services import article_versions_sweep

        while not self.stopping.wait(SWEEP_EVERY):
            try:
                outcome = article_versions_sweep()
                self.sent += len(outcome.requeued) + len(outcome.redetected)
                self.failed += len(outcome.failed)
            except Exception as exc:  # the database or broker restarting: next time
                print(f"  sweep: {type(exc).__name__}: {exc}", file=sys.stderr)
            finally:
                close_old_connections()


def wait_terminal(ids: list[int], timeout: float) -> tuple[float, collections.Counter]:
    from sources.models import ArticleVersion

    start = time.monotonic()
    while True:
        counts = collections.Counter(
            ArticleVersion.objects.filter(pk__in=ids).values_list("status", flat=True)
        )
        if set(counts) <= TERMINAL or time.monotonic() - start > timeout:
            return time.monotonic() - start, counts
        time.sleep(1)


def report(name: str, ids: list[int], expected: int, elapsed: float, counts) -> None:
    from django.db.models import Count

    from claims.models import Claim
    from sources.models import ArticleVersion

    versions = ArticleVersion.objects.filter(pk__in=ids)
    reasons = collections.Counter(
        e.split(":")[0][:70] for e in versions.filter(status="failed").values_list("error", flat=True)
    )  # fmt: skip
    duplicated_claims = (
        Claim.objects.filter(version_id__in=ids)
        .values("version_id", "fingerprint")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    texts_twice = (
        ArticleVersion.objects.values("article_id", "sha256")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    print(f"\n{name}")
    print(
        f"  stored versions        {len(set(ids))} of {expected} ingested (lost {expected - len(set(ids))})"
    )
    print(f"  duplicated             {texts_twice} texts stored twice, {duplicated_claims} claims")
    print(
        f"  done / failed / stuck  {counts['done']} / {counts['failed']} / "
        f"{sum(n for s, n in counts.items() if s not in TERMINAL)}"
    )
    print(
        f"  taken over (attempts>1) {versions.filter(attempts__gt=1).count()}, "
        f"re-sent by the sweep {sum(versions.values_list('requeues', flat=True))}"
    )
    print(f"  all terminal           {elapsed:.0f} s after the last fault")
    for reason, n in reasons.most_common(5):
        print(f"  failed: {n} x {reason}")  # fmt: skip


def phase_kills(args, processes: Processes, rng: random.Random) -> None:
    from sources.services import article_version_ingest

    articles = corpus(args.articles, seed=args.seed)
    kills = {"child": 0, "worker": 0}
    done = threading.Event()

    def killer() -> None:
        for index in range(args.kills):
            time.sleep(rng.uniform(2, 5))
            if index == args.kills // 2:  # the whole worker, as a lost machine
                worker = processes.worker
                for pid in [*children(worker.pid), worker.pid]:
                    os.kill(pid, signal.SIGKILL)
                worker.wait()
                kills["worker"] += 1
                processes.start_worker()
                continue
            pool = children(processes.worker.pid)
            if pool:
                os.kill(rng.choice(pool), signal.SIGKILL)
                kills["child"] += 1
        done.set()

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    ids = []
    for article in articles:
        ids.append(article_version_ingest(raw=article.raw, filename=article.url).version.pk)
        time.sleep(0.05)  # arrivals spread over the kills
    done.wait()
    elapsed, counts = wait_terminal(ids, timeout=args.timeout)
    report(
        f"1. kills: {args.articles} articles, {kills['child']} pool children and "
        f"{kills['worker']} whole worker SIGKILLed",
        ids, args.articles, elapsed, counts,
    )  # fmt: skip


def phase_broker(args, processes: Processes, port: int, redis: subprocess.Popen):
    from sources.models import ArticleVersion
    from sources.services import article_version_ingest

    articles = corpus(args.broker_articles, seed=args.seed + 1)
    ids, unsent = [], 0
    half = len(articles) // 2
    for index, article in enumerate(articles):
        if index == half:
            redis.kill()
            redis.wait()
            down_at = time.monotonic()
        raw = article.raw.replace("https://bench.example.org/", "https://bench.example.org/p2/")
        outcome = article_version_ingest(raw=raw, filename=article.url)
        ids.append(outcome.version.pk)
    unsent = ArticleVersion.objects.filter(pk__in=ids, queued_at__isnull=True).count()
    time.sleep(max(0.0, args.broker_down - (time.monotonic() - down_at)))
    redis = processes.redis(port)
    elapsed, counts = wait_terminal(ids, timeout=args.timeout)
    report(
        f"2. broker down: {len(articles)} articles, redis-server SIGKILLed after {half} "
        f"and back {args.broker_down} s later; {unsent} ingested while it was down",
        ids, len(articles), elapsed, counts,
    )  # fmt: skip
    return redis


def hostile_corpus(count: int, rng: random.Random) -> list[tuple[str, bytes]]:
    body = (
        "The regional utility said on Tuesday that 1,200 homes lost power overnight after the "
        "storm brought down lines along the coast.\n"
    )
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )  # fmt: skip
    scalars = ["2026-02-30", "2026-02-10T25:99", "0001-01-01T00:00:00+14:00", "1e309", "*a",
               "[[[[[[[[[[[[x]]]]]]]]]]]]", "'open", "9" * 5000, "!!python/object:os.system"]  # fmt: skip
    makers = [
        lambda: ("bin.txt", rng.randbytes(rng.randint(1, 3000))),
        lambda: ("nul.txt", f"Storm\x00 {body}".encode()),
        lambda: ("date.txt", f"---\npublished: {rng.choice(scalars[:4])}\n---\n{body}".encode()),
        lambda: ("laughs.txt", f"---\n{laughs}---\n{body}".encode()),
        lambda: ("deep.txt", f"---\nx: {'[' * 5000}{']' * 5000}\n---\n{body}".encode()),
        lambda: ("bom.txt", b"\xef\xbb\xbf" * rng.randint(1, 3)),
        lambda: ("zw.txt", "\u200b\u2060\ufeff\n".encode() * rng.randint(1, 50)),
        lambda: ("huge.txt", b"The mayor said 12 homes burned. " * 200_000),
        lambda: ("attrs.html", (f"<html><body><p {' '.join(f'a{i}=1' for i in range(50_000))}>"
                                f"{body}</p></body></html>").encode()),  # fmt: skip
        lambda: ("figures.txt", (f"Flood\n\nOfficials said 1e309 people died. The ministry said "
                                 f"{'9' * 42} people fled. {body}").encode()),  # fmt: skip
        lambda: ("speaker.txt", f'=HYPERLINK("x") said 40 people died. "!!!" said 41 died. {body}'.encode()),
        lambda: ("url.txt", f"---\nurl: https://x.example/{'a' * 700}{rng.random()}\n---\n{body}".encode()),
        lambda: ("front.txt", ("---\n" + "".join(f"k{i}: {rng.choice(scalars)}\n" for i in range(rng.randint(1, 4)))
                               + f"---\n{body}").encode()),  # fmt: skip
        lambda: ("unicode.txt", "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 500)))
                 .encode("utf-8", "replace")),  # fmt: skip
    ]  # fmt: skip
    return [(f"{index:04d}-{name}", data) for index in range(count)
            for name, data in [rng.choice(makers)()]]  # fmt: skip


def phase_hostile(args, env: dict[str, str], folder: Path, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sources.models import ArticleVersion

    documents = hostile_corpus(args.hostile, rng)
    corpus_dir = folder / "hostile"
    corpus_dir.mkdir()
    for name, data in documents:
        (corpus_dir / name).write_bytes(data)
    before = set(ArticleVersion.objects.values_list("pk", flat=True))
    command = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(corpus_dir), "--no-progress"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    rejected = sum(line.startswith("rejected ") for line in command.stderr.splitlines())
    client = Client(raise_request_exception=False)
    user, _ = get_user_model().objects.get_or_create(username="soak")
    client.force_login(user)
    codes = collections.Counter()
    for name, data in documents:
        text = data.decode("utf-8", "replace")
        kind = "text/html" if name.endswith(".html") else "text/plain"
        response = client.post(
            "/api/v1/articles/submit/", {"text": text, "content_type": kind},
            content_type="application/json",
        )  # fmt: skip
        codes[response.status_code] += 1
    ids = sorted(set(ArticleVersion.objects.values_list("pk", flat=True)) - before)
    elapsed, counts = wait_terminal(ids, timeout=args.timeout)
    claim_codes = collections.Counter(
        client.get("/api/v1/claims/", {"version": pk}).status_code for pk in ids
    )
    print(f"\n3. hostile corpus: {len(documents)} documents")
    print(
        f"  manage.py ingest       exit {command.returncode}, {rejected} rejected on one line, "
        f"{command.stderr.count('Traceback')} tracebacks; {command.stdout.strip()}"
    )
    print(f"  submit API             {dict(sorted(codes.items()))} (HTTP 500: {codes[500]})")
    print(
        f"  claims API per version {dict(sorted(claim_codes.items()))} (HTTP 500: {claim_codes[500]})"
    )
    print(f"  stored {len(ids)}: done / failed / stuck  {counts['done']} / {counts['failed']} / "
          f"{sum(n for s, n in counts.items() if s not in TERMINAL)} after {elapsed:.0f} s")  # fmt: skip
    reasons = collections.Counter(
        e.split(";")[0][:70]
        for e in ArticleVersion.objects.filter(pk__in=ids, status="failed").values_list("error", flat=True)
    )  # fmt: skip
    for reason, n in reasons.most_common(5):
        print(f"  failed: {n} x {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--broker-articles", type=int, default=60)
    parser.add_argument("--broker-down", type=int, default=20)
    parser.add_argument("--hostile", type=int, default=150)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per phase at most")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="claimtracker-soak-"))
    name = f"bench_recovery_{os.getpid()}"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": postgres_create(name),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "CELERY_TASK_DEFAULT_QUEUE": "soak",
        "CLAIMTRACKER_SWEEP_PENDING_AFTER": str(PENDING_AFTER),
        "CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT": str(SOFT_LIMIT),
        "CLAIMTRACKER_EXTRACT_TIME_LIMIT": str(HARD_LIMIT),
        "ALLOWED_HOSTS": "testserver,localhost",
        "LOG_LEVEL": "CRITICAL",
    }
    os.environ.update(env)
    import logging
    import warnings

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 400s are expected here
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    processes = Processes(folder, env)
    sweeper = Sweeper()
    print(f"soak: database {name}, redis-server on {port}, worker prefork x2, sweep every "
          f"{SWEEP_EVERY} s, pending after {PENDING_AFTER} s, claims abandoned after "
          f"{HARD_LIMIT + 60} s")  # fmt: skip
    started = time.monotonic()
    try:
        redis = processes.redis(port)
        processes.start_worker()
        sweeper.start()
        phase_kills(args, processes, rng)
        phase_broker(args, processes, port, redis)
        phase_hostile(args, env, folder, rng)
    finally:
        sweeper.stopping.set()
        sweeper.join(timeout=30)
        processes.stop()
        postgres_drop(name)
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nsweeps sent {sweeper.sent} extraction(s) or detection(s) again, failed {sweeper.failed}; "
        f"{time.monotonic() - started:.0f} s in all"
    )


if __name__ == "__main__":
    main()
