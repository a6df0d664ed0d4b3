"""Recovery tested for real: a Celery worker process on Redis, PostgreSQL, and faults made by
killing processes by their pid (a pool child mid-extraction; the broker itself)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from kombu import pools

from claims.models import Claim
from config.celery_app import app as celery_app
from config.celery_app import broker_pause_reset
from sources.models import ArticleVersion
from sources.services import article_version_ingest, article_versions_sweep

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures" / "articles"
Status = ArticleVersion.Status

pytestmark = [pytest.mark.services, pytest.mark.slow]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


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
    """Processes this test started, stopped by their pid at the end."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []

    def redis(self, port: int) -> subprocess.Popen:
        server = shutil.which("redis-server")
        if server is None:
            from tests.conftest import need_service

            need_service("redis-server (the binary, to start a broker the test can kill)")
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no", "--dir", str(self.tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.started.append(process)
        wait(lambda: reachable(port), what=f"redis-server on port {port}")
        return process

    def worker(self, broker_url: str, queue: str, *, pool: str = "solo") -> tuple:
        log = self.tmp_path / f"worker-{len(self.started)}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
                 "--concurrency=1", "--queues", queue, "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "--loglevel=info"],
                cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.started.append(process)
        return process, log

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def wait(predicate, *, what: str, timeout: float = 180, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log is not None else ""
    pytest.fail(f"timed out waiting for {what}\n{tail}")


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    yield started
    started.stop()


@pytest.fixture
def point_app_at():
    """Point the Celery app at a broker (not eager) and restore it afterwards."""
    saved = {
        k: celery_app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")
    }

    def reset_pools() -> None:
        # kombu keeps producer pools per broker url, process-wide: close and forget them all,
        # so that no later test gets one built on a closed connection pool.
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def point(url: str, queue: str) -> None:
        celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
        reset_pools()

    broker_pause_reset()
    yield point
    celery_app.conf.update(saved)
    reset_pools()
    broker_pause_reset()


def statuses(ids: list[int]) -> set[str]:
    return set(ArticleVersion.objects.filter(pk__in=ids).values_list("status", flat=True))


def pool_children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.mark.django_db(transaction=True)
def test_a_pool_child_killed_mid_extraction_is_taken_over_at_once(
    redis_url, postgres, processes, point_app_at
):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    broker = f"{redis_url}/15"
    point_app_at(broker, queue)
    worker, log = processes.worker(broker, queue, pool="prefork")
    # given: a version whose extraction is running in the worker's pool child
    version = article_version_ingest(raw=(FIXTURES / "storm-v1.txt").read_text()).version
    wait(
        lambda: statuses([version.pk]) == {Status.RUNNING} and pool_children(worker.pid),
        what="the extraction to start",
        log=log,
    )
    # when: the child is killed as the OOM killer would
    (child,) = pool_children(worker.pid)
    os.kill(child, signal.SIGKILL)
    # then: the message is redelivered at once and takes over the claim (same task id), no
    # waiting for the claim to age or for the visibility timeout
    wait(lambda: statuses([version.pk]) == {Status.DONE}, what="the takeover", log=log)
    version.refresh_from_db()
    assert version.attempts == 2
    assert Claim.objects.filter(version=version, low=12000).exists()
    assert "WorkerLostError" in log.read_text() or "exited with" in log.read_text()


@pytest.mark.django_db(transaction=True)
def test_ingest_with_the_broker_down_loses_nothing_and_the_sweep_sends_it_later(
    postgres, processes, point_app_at, capsys
):
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    redis = processes.redis(port)
    point_app_at(broker, queue)
    # when: the broker dies (killed by its pid) and articles keep arriving
    redis.kill()
    redis.wait(timeout=10)
    assert not reachable(port)
    texts = [(FIXTURES / name).read_text() for name in ("storm-v1.txt", "storm-v2.txt")]
    ids = [article_version_ingest(raw=text, filename=f"v{i}").version.pk for i, text in
           enumerate(texts)]  # fmt: skip
    # then: every version is stored, pending, marked as never sent
    rows = ArticleVersion.objects.filter(pk__in=ids)
    assert {(row.status, row.queued_at) for row in rows} == {(Status.PENDING, None)}
    # when: the broker is back with a worker, and the sweep runs
    processes.redis(port)
    worker, log = processes.worker(broker, queue)
    outcome = article_versions_sweep()
    assert sorted(outcome.requeued) == sorted(ids)
    # then: both are extracted
    wait(lambda: statuses(ids) == {Status.DONE}, what="the swept versions", log=log)
    assert Claim.objects.filter(version_id__in=ids).count() > 0
    assert worker.poll() is None
