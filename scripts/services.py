#!/usr/bin/env python3
"""Run commands with PostgreSQL and Redis reachable, as the test suite needs them.

    python scripts/services.py run -- CMD [ARGS...] [-- CMD ...]

Uses the servers on 127.0.0.1:5432 (user postgres, trust auth) and 127.0.0.1:6379 when they
answer. Otherwise, on a developer's machine, it starts throwaway ones from local binaries
(PostgreSQL's initdb/pg_ctl, redis-server) in a temporary folder and removes them afterwards;
what cannot be had is said clearly and the tests that need it are skipped. Under CI=true a
missing service is a failure, never a skip. Standard library only: it runs before the venv.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(port: int, host: str = HOST) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else shutil.which(name)


class Throwaway:
    """Servers this run started; stopped and deleted at exit."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="claimtracker-services-"))
        self.stops: list[callable] = []

    def postgres(self) -> int | None:
        initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        if not initdb or not pg_ctl:
            print("services: PostgreSQL binaries (initdb, pg_ctl) not found", file=sys.stderr)
            return None
        data = self.folder / "pgdata"
        port = free_port()
        prefix: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses to run as root: use the postgres system user when there is one.
            if (
                shutil.which("runuser") is None
                or subprocess.run(["id", "postgres"], capture_output=True).returncode
            ):
                print("services: running as root without a 'postgres' user", file=sys.stderr)
                return None
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o755)
            prefix = ["runuser", "-u", "postgres", "--"]
        log = self.folder / "postgres.log"
        steps = [
            [*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            [
                *prefix,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off",
                "start",
            ],
        ]
        for step in steps:
            result = subprocess.run(step, capture_output=True, text=True)
            if result.returncode:
                print(f"services: {' '.join(step[:3])} failed:\n{result.stderr}", file=sys.stderr)
                return None
        self.stops.append(
            lambda: subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
            )
        )
        print(f"services: started a throwaway PostgreSQL on {HOST}:{port}", file=sys.stderr)
        return port

    def redis(self) -> int | None:
        server = shutil.which("redis-server")
        if server is None:
            print(
                "services: redis-server not found (apt-get install redis-server)", file=sys.stderr
            )
            return None
        port = free_port()
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            if reachable(port):
                break
            time.sleep(0.1)
        else:
            process.kill()
            print("services: redis-server did not start", file=sys.stderr)
            return None
        self.stops.append(lambda: (process.terminate(), process.wait(10)))
        print(f"services: started a throwaway Redis on {HOST}:{port}", file=sys.stderr)
        return port

    def stop(self) -> None:
        for stop in reversed(self.stops):
            try:
                stop()
            except Exception as exc:  # cleanup must not hide the test result
                print(f"services: cleanup: {exc}", file=sys.stderr)
        shutil.rmtree(self.folder, ignore_errors=True)


def create_database(port: int, name: str) -> None:
    """Create the development database when missing (the tests use their own test_ copy; this
    one lets `makemigrations --check` verify the migration history without a warning)."""
    createdb = postgres_bin("createdb")
    if createdb:
        subprocess.run(
            [createdb, "-h", HOST, "-p", str(port), "-U", "postgres", name], capture_output=True
        )


def ensure(throwaway: Throwaway) -> dict[str, str]:
    """Environment variables that point the tests at PostgreSQL and Redis."""
    env: dict[str, str] = {}
    pg_port = 5432 if reachable(5432) else None
    redis_port = 6379 if reachable(6379) else None
    if ON_CI and (pg_port is None or redis_port is None):
        missing = [
            n
            for n, p in (("PostgreSQL on 5432", pg_port), ("Redis on 6379", redis_port))
            if p is None
        ]
        raise SystemExit(f"services: CI=true and not reachable: {', '.join(missing)}")
    if pg_port is None:
        pg_port = throwaway.postgres()
    if redis_port is None:
        redis_port = throwaway.redis()
    if pg_port is not None:
        env["DATABASE_URL"] = f"postgres://postgres@{HOST}:{pg_port}/claimtracker"
        create_database(pg_port, "claimtracker")
    else:
        print(
            "services: no PostgreSQL: the suite runs on SQLite and skips the PostgreSQL "
            "tests (install postgresql to run them)",
            file=sys.stderr,
        )
    if redis_port is not None:
        env["TEST_REDIS_URL"] = f"redis://{HOST}:{redis_port}"
    else:
        print(
            "services: no Redis: the real-worker tests are skipped "
            "(apt-get install redis-server to run them)",
            file=sys.stderr,
        )
    return env


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "run" or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    commands: list[list[str]] = [[]]
    for arg in argv[2:]:
        if arg == "--":
            commands.append([])
        else:
            commands[-1].append(arg)
    throwaway = Throwaway()
    try:
        env = {**os.environ, **ensure(throwaway)}
        for command in commands:
            if not command:
                continue
            print(f"$ {' '.join(command)}", file=sys.stderr, flush=True)
            code = subprocess.call(command, env=env)
            if code:
                return code
        return 0
    finally:
        throwaway.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
