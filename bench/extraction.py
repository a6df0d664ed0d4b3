"""Benchmark of the whole extraction pipeline against bare spaCy parsing, and worker memory.

Run from the project root::

    .venv/bin/python bench/extraction.py [--articles 300] [--repeat 3] [--postgres]

On a corpus of distinct, realistic articles (bench/_corpus.py: the project's own samples,
reshuffled, renamed and re-numbered; 300-900 words each) it measures, in one process, after a
warm-up, each pass repeated and reported as the median:

* bare ``nlp.pipe`` over the paragraph texts the pipeline parses (the paragraphs of
  ``prepare_document(...)``), consuming every Doc: the floor, parsing only;
* ``extract_many`` over the same paragraphs: parsing plus claim extraction, no database;
* the whole pipeline per article: ``article_version_ingest(enqueue=False)`` then
  ``claims_extract_for_version(enqueue=False)`` (preparation, which the extraction takes over
  from the ingest in the same process, parsing one article at a time, claims, sources,
  writes), on an emptied database each time.

It prints words, articles, seconds and words/s of each pass and the ratios to bare parsing
(target: pipeline / bare <= 1.3). Memory: the resident set size (VmRSS) and its peak (VmHWM) of
this process, and of a fresh subprocess that only sets Django up and loads the model (the floor
of a Celery worker; target < 600 MB). The database is a throwaway: a temporary SQLite file, or
with ``--postgres`` a fresh PostgreSQL database ``bench_extraction_<pid>``, dropped at the end.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import corpus, postgres_create, postgres_drop, vm_status  # noqa: E402

WORKER_FLOOR = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
import config.celery_app, claims.tasks, verification.tasks  # what a worker imports
from claims.extraction.nlp import load_nlp
def rss():
    with open("/proc/self/status") as f:
        return {k: int(v.split()[0]) / 1024 for k, _, v in (l.partition(":") for l in f)
                if k in ("VmRSS", "VmHWM")}
before = rss()
load_nlp()
loaded = rss()
from claims.extraction import TextBlock, extract_claims
from sources.ingest import prepare_document
doc = prepare_document(open(os.environ["BENCH_ARTICLE"]).read(), require_english=False)
extract_claims([TextBlock(p.start, p.text) for p in doc.paragraphs], outlet="x")
after = rss()
print(before["VmRSS"], loaded["VmRSS"], after["VmRSS"], after["VmHWM"])
"""


# CPU seconds of this process (all its threads) for each timed run, beside the wall time: the
# cores of a shared machine are taken by other jobs at random moments, which moves wall times
# by tens of percent between passes, while the CPU a pass costs stays put.
CPU: list[float] = []


def timed(run: Callable[[], object]) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    run()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


def worker_floor(raw_article: str, env: dict[str, str]) -> list[float]:
    """RSS (MB) of a fresh process: Django set up, after load_nlp(), after one article."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(raw_article)
    try:
        out = subprocess.run(
            [sys.executable, "-c", WORKER_FLOOR],
            cwd=ROOT,
            env={**env, "BENCH_ARTICLE": f.name},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    return [float(x) for x in out.split()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=300, help="corpus size (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per measure (median)")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL db")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="bench-extraction-")
    db_name = f"bench_extraction_{os.getpid()}"
    if args.postgres:
        os.environ["DATABASE_URL"] = postgres_create(db_name)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("CELERY_BROKER_URL", None)
    try:
        return run(args)
    finally:
        if args.postgres:
            postgres_drop(db_name)
        tmp.cleanup()


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.extraction import TextBlock, extract_many
    from claims.extraction.nlp import load_nlp
    from claims.models import Claim
    from claims.services import claims_extract_for_version
    from sources.ingest import prepare_document
    from sources.services import article_version_ingest

    call_command("migrate", interactive=False, verbosity=0)
    mem_django = vm_status()
    nlp = load_nlp()
    mem_model = vm_status()

    articles = corpus(args.articles)
    warmup = corpus(8, seed=7)
    prepared = [prepare_document(a.raw, require_english=False) for a in articles]
    texts = [p.text for d in prepared for p in d.paragraphs]
    blocks = [[TextBlock(start=p.start, text=p.text) for p in d.paragraphs] for d in prepared]
    outlets = [d.front_matter.outlet or "Unknown outlet" for d in prepared]
    words = sum(d.word_count for d in prepared)
    n = len(articles)

    def bare() -> None:
        for _ in nlp.pipe(texts):
            pass

    def pure() -> None:
        for _ in extract_many(blocks, outlets=outlets, nlp=nlp):
            pass

    outcomes: dict[str, int] = {}

    def pipeline(batch: list | None = None) -> None:
        outcomes.clear()
        for article in articles if batch is None else batch:
            version = article_version_ingest(raw=article.raw, enqueue=False).version
            done = claims_extract_for_version(version_id=version.pk, enqueue=False)
            outcomes[done.status] = outcomes.get(done.status, 0) + 1

    def empty_database() -> None:
        call_command("flush", interactive=False, verbosity=0)

    print(
        f"extraction benchmark: {n} articles, {words} words "
        f"({words / n:.0f} per article, {len(texts)} paragraphs), database {connection.vendor}, "
        f"{os.cpu_count()} CPUs, model {nlp.meta.get('name')} {nlp.meta.get('version')}, "
        f"pipes {','.join(nlp.pipe_names)}",
        flush=True,
    )
    # Warm-up: lazy allocations of the model, Django's first queries, caches.
    warm_texts = [p.text for a in warmup for p in prepare_document(a.raw).paragraphs]
    list(nlp.pipe(warm_texts))
    pipeline(warmup)
    empty_database()

    times: dict[str, list[float]] = {"bare": [], "extract_many": [], "pipeline": []}
    cpu: dict[str, list[float]] = {"bare": [], "extract_many": [], "pipeline": []}
    claims = 0
    prepare_time = []
    for i in range(args.repeat):
        times["bare"].append(timed(bare))
        cpu["bare"].append(CPU[-1])
        times["extract_many"].append(timed(pure))
        cpu["extract_many"].append(CPU[-1])
        prepare_time.append(
            timed(lambda: [prepare_document(a.raw, require_english=False) for a in articles])
        )
        times["pipeline"].append(timed(pipeline))
        cpu["pipeline"].append(CPU[-1])
        claims = Claim.objects.count()
        print(
            f"  pass {i + 1}: bare {times['bare'][-1]:.1f} s, extract_many "
            f"{times['extract_many'][-1]:.1f} s, pipeline {times['pipeline'][-1]:.1f} s "
            f"({outcomes}, {claims} claims)",
            flush=True,
        )
        empty_database()
    mem_run = vm_status()

    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nmedian of {args.repeat} passes:")
    print(f"  {'measure':<34} {'articles':>8} {'words':>8} {'seconds':>8} {'words/s':>8}")
    labels = {
        "bare": "bare nlp.pipe (parse only)",
        "extract_many": "extract_many (parse + claims)",
        "pipeline": "ingest + extract + store (DB)",
    }
    for key, label in labels.items():
        print(f"  {label:<34} {n:>8} {words:>8} {median[key]:>8.2f} {words / median[key]:>8.0f}")
    print(f"  prepare_document alone, once per article: {statistics.median(prepare_time):.2f} s")
    print(
        f"\n  ratio pipeline / bare nlp.pipe:      {median['pipeline'] / median['bare']:.2f}"
        "   (target <= 1.3)"
    )
    print(f"  ratio extract_many / bare nlp.pipe:  {median['extract_many'] / median['bare']:.2f}")
    print(
        f"  ratio pipeline / extract_many:       {median['pipeline'] / median['extract_many']:.2f}"
        "   (preparation + per-article parsing + database)"
    )
    print(f"  claims stored per pass: {claims} ({claims / n:.1f} per article)")
    # The same ratios by the CPU each pass cost (median of the per-pass ratios: the passes of
    # one round run back to back, so a slow moment of the machine touches both sides less).
    by_cpu = {
        key: statistics.median(c / b for c, b in zip(cpu[key], cpu["bare"], strict=True))
        for key in ("pipeline", "extract_many")
    }
    print(
        f"  by CPU time (median of per-pass ratios): pipeline / bare {by_cpu['pipeline']:.2f}"
        f"   (target <= 1.3), extract_many / bare {by_cpu['extract_many']:.2f}; CPU s "
        + ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in cpu.items())
    )

    floor = worker_floor(articles[0].raw, dict(os.environ))
    print("\nmemory (MB, resident set size):")
    print(f"  this process, Django set up:        {mem_django['VmRSS']:>6.0f}")
    print(f"  this process, model loaded:         {mem_model['VmRSS']:>6.0f}")
    print(
        f"  this process, after the run:        {mem_run['VmRSS']:>6.0f} "
        f"(peak {mem_run['VmHWM']:.0f})"
    )
    print(
        f"  fresh worker-like process: Django {floor[0]:.0f}, model loaded {floor[1]:.0f}, "
        f"after one article {floor[2]:.0f} (peak {floor[3]:.0f})   (target < 600)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
