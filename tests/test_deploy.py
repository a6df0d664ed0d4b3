"""docker-compose.yml, the Dockerfile and the Celery configuration agree with the code: every
command names a module, object or management command that exists, and scheduled tasks are
registered."""

from __future__ import annotations

import importlib
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.beat import Scheduler
from django.conf import settings
from django.core.management import get_commands
from kombu.utils.imports import symbol_by_name

PROJECT = Path(__file__).resolve().parent.parent
DJANGO_SERVICES = ("web", "worker", "beat")
REQUIRED_ENV = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SECRET_KEY")
PIPELINE_TASKS = (
    "claims.tasks.claims_extract_for_version_task",
    "verification.tasks.contradictions_detect_for_version_task",
)


def compose() -> dict:
    return yaml.safe_load((PROJECT / "docker-compose.yml").read_text(encoding="utf-8"))


def split_shell(command: str | list[str]) -> list[list[str]]:
    """The simple commands of a compose `command:` (string or list), looking into `sh -c`."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if len(argv) >= 3 and argv[0] in {"sh", "bash", "/bin/sh", "/bin/bash"} and argv[1] == "-c":
        simple = []
        for part in re.split(r"&&|\|\||;", argv[2]):
            if part.strip():
                simple.extend(split_shell(part))
        return simple
    return [argv]


def all_commands() -> list[tuple[str, list[str]]]:
    """(where, argv) of every command compose and the Dockerfile run."""
    found = []
    for name, service in compose()["services"].items():
        if "command" in service:
            found.extend((name, argv) for argv in split_shell(service["command"]))
    for line in (PROJECT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("CMD "):
            found.extend(("Dockerfile CMD", argv) for argv in split_shell(json.loads(line[4:])))
    return found


def option_values(argv: list[str], *names: str) -> list[str]:
    """Values of `--name value`, `--name=value` and `-A value` style options."""
    values = []
    for index, arg in enumerate(argv):
        for name in names:
            if arg == name and index + 1 < len(argv):
                values.append(argv[index + 1])
            elif arg.startswith(f"{name}="):
                values.append(arg.split("=", 1)[1])
    return values


def test_compose_defines_the_services():
    services = compose()["services"]
    assert {"web", "worker", "beat", "redis", "postgres"} <= set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on missing service {dependency}"


def test_django_services_share_image_and_environment():
    services = compose()["services"]
    web = services["web"]
    assert web.get("image") or web.get("build")
    for name in DJANGO_SERVICES:
        service = services[name]
        assert service.get("image") == web.get("image"), name
        assert service.get("build") == web.get("build"), name
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        missing = [key for key in REQUIRED_ENV if not environment.get(key)]
        assert not missing, f"{name} lacks {missing} in its environment"


def test_compose_urls_point_at_compose_services():
    services = compose()["services"]
    environment = services["web"]["environment"]
    for key in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        host = re.match(r"^\w+://(?:[^@/]*@)?([^:/]+)", environment[key])
        assert host, f"{key} is not a URL: {environment[key]}"
        assert host.group(1) in services, f"{key} names host {host.group(1)}, not a service"


def test_celery_commands_name_the_celery_app():
    from celery.app.utils import find_app

    import config

    assert isinstance(config.celery_app, Celery)
    apps = [
        (where, app)
        for where, argv in all_commands()
        if argv and argv[0] == "celery"
        for app in option_values(argv, "-A", "--app")
    ]
    assert {where for where, _ in apps} >= {"worker", "beat"}
    for where, app in apps:
        importlib.import_module(app.split(":")[0])
        # What `celery -A <app>` itself resolves the name to.
        assert find_app(app) is config.celery_app, where


def test_gunicorn_commands_name_a_wsgi_application(settings):
    from gunicorn.config import Config

    settings.SECRET_KEY_IS_DEVELOPMENT = False  # as with SECRET_KEY set (see test_security.py)

    targets = [
        (where, app)
        for where, argv in all_commands()
        if argv and argv[0] == "gunicorn"
        for app in Config().parser().parse_args(argv[1:]).args
    ]
    assert {"web", "Dockerfile CMD"} <= {where for where, _ in targets}
    for where, target in targets:
        module_name, _, attribute = target.partition(":")
        module = importlib.import_module(module_name)
        application = getattr(module, attribute or "application")
        assert callable(application), where
    assert settings.WSGI_APPLICATION == "config.wsgi.application"


def test_beat_schedulers_are_importable():
    schedulers = [
        (where, value)
        for where, argv in all_commands()
        for value in option_values(argv, "--scheduler", "-S")
    ]
    schedulers.append(("settings", settings.CELERY_BEAT_SCHEDULER))
    for where, dotted in schedulers:
        scheduler = symbol_by_name(dotted)
        assert issubclass(scheduler, Scheduler), where


def test_manage_py_commands_exist():
    available = get_commands()
    used = [
        (where, argv[argv.index("manage.py") + 1])
        for where, argv in all_commands()
        if "manage.py" in argv and argv.index("manage.py") + 1 < len(argv)
    ]
    assert used, "no manage.py command found (the web service should migrate)"
    for where, name in used:
        assert name in available, f"{where}: manage.py {name} does not exist"


@pytest.fixture
def celery_app():
    import config

    app = config.celery_app
    app.loader.import_default_modules()
    return app


def test_beat_schedule_tasks_are_registered(celery_app):
    schedule = celery_app.conf.beat_schedule
    assert schedule, "CELERY_BEAT_SCHEDULE is empty"
    assert schedule == settings.CELERY_BEAT_SCHEDULE
    for name, entry in schedule.items():
        assert entry["task"] in celery_app.tasks, f"{name}: {entry['task']} is not registered"


@pytest.mark.parametrize("task_name", PIPELINE_TASKS)
def test_pipeline_tasks_ack_late_with_json(celery_app, task_name):
    assert task_name in celery_app.tasks
    task = celery_app.tasks[task_name]
    assert task.acks_late is True
    assert task.serializer == settings.CELERY_TASK_SERIALIZER == "json"
    assert celery_app.conf.accept_content == ["json"]
