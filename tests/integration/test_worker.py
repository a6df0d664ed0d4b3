"""A real Celery worker process consuming from Redis, writing to the real PostgreSQL test DB."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from kombu import pools

from claims.models import Claim
from config.celery_app import app as celery_app
from sources.models import ArticleVersion
from sources.services import article_version_ingest
from verification.models import Contradiction

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures" / "articles"

pytestmark = [pytest.mark.services, pytest.mark.slow]


@pytest.fixture
def broker(redis_url):
    """Point the app at a private Redis queue, not eager, and restore it afterwards."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    url = f"{redis_url}/15"
    saved = {
        k: celery_app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")
    }
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    forget_pools()
    yield url, queue
    celery_app.conf.update(saved)
    if celery_app._pool is not None:
        celery_app.pool.force_close_all()
    forget_pools()


def forget_pools() -> None:
    """Drop the app's connection and producer pools and kombu's global ones: an eager task run
    earlier acquired a producer bound to the memory:// broker, and a closed pool stays in
    kombu's groups (keyed by broker url); either would swallow what the test sends."""
    pools.connections.clear()
    pools.producers.clear()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def worker_database_url() -> str:
    """The PostgreSQL test database, as a worker process reaches it."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def celery_worker_process(tmp_path, env: dict[str, str], *arguments: str):
    """A real `celery worker` process (solo pool, its log in tmp_path/worker.log) with the
    environment and arguments given; stopped at the end, killed if it does not stop."""
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                *arguments,
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=info",
            ],
            cwd=PROJECT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def worker(broker, postgres, tmp_path):
    url, queue = broker
    env = {
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    with celery_worker_process(tmp_path, env, "--queues", queue) as running:
        yield running


def wait_for(predicate, process, log, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail(f"worker exited {process.returncode}:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    pytest.fail(f"timed out; worker log:\n{log.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_and_detects_after_ingest(worker):
    process, log = worker
    # given: two versions of one article ingested through the service layer
    first = article_version_ingest(raw=(FIXTURES / "storm-v1.txt").read_text(), filename="v1")
    second = article_version_ingest(raw=(FIXTURES / "storm-v2.txt").read_text(), filename="v2")
    # then: the worker extracts both (claims appear) and runs detection after each
    wait_for(
        lambda: (
            ArticleVersion.objects.filter(
                pk__in=[first.version.pk, second.version.pk], status="done"
            ).count()
            == 2
        ),
        process,
        log,
    )
    assert Claim.objects.filter(version=first.version, low=12000).exists()
    assert Claim.objects.filter(version=second.version, low=9000).exists()
    wait_for(lambda: Contradiction.objects.filter(kind="across_versions").exists(), process, log)
    flag = Contradiction.objects.filter(kind="across_versions").first()
    assert flag.reason
    assert "succeeded" in log.read_text()
