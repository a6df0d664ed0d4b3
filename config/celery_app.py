"""The Celery application. Configuration lives in config/settings.py under the CELERY_ namespace."""

import logging
import os
import time
from collections.abc import Callable

from celery import Celery
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claimtracker", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

#: What publishing raises when the broker cannot be reached.
BROKER_ERRORS = (BrokerError, RedisConnectionError, RedisTimeoutError, ConnectionError)
# After a failed send, further sends are skipped for this many seconds: a batch ingest with the
# broker down pays the connection timeout once, not once per file. Skipped work is not lost:
# the rows say it was never sent and the sweeper sends it later.
BROKER_DOWN_PAUSE = 30.0
_broker_down_until = 0.0


def send_on_commit(
    task, *args, on_broker_error: Callable[[], None] | None = None, **kwargs
) -> None:
    """Send ``task`` with ``args`` after the current transaction commits. When the broker is
    unreachable the error is logged, ``on_broker_error`` is called (to record that nothing was
    sent) and nothing is raised: the caller's writes are committed and stay valid."""
    from django.db import transaction

    def send() -> None:
        global _broker_down_until
        if time.monotonic() < _broker_down_until:
            logger.warning("broker down: %s%r not sent (the sweeper will)", task.name, args)
            if on_broker_error is not None:
                on_broker_error()
            return
        try:
            task.apply_async(args=args, kwargs=kwargs or None)
        except BROKER_ERRORS as exc:
            _broker_down_until = time.monotonic() + BROKER_DOWN_PAUSE
            logger.error("broker unreachable, %s%r not sent: %s", task.name, args, exc)
            if on_broker_error is not None:
                on_broker_error()

    transaction.on_commit(send)


def broker_pause_reset() -> None:
    """Forget a broker failure (tests; the sweeper before it sends)."""
    global _broker_down_until
    _broker_down_until = 0.0


def queue_length(queue: str | None = None) -> int | None:
    """Messages waiting in ``queue`` (default: the default queue), or None when the broker
    cannot say (unreachable). Messages a worker has taken but not acknowledged are not counted."""
    name = queue or app.conf.task_default_queue
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)
            return int(connection.default_channel.queue_declare(queue=name, passive=True)[1])
    except BROKER_ERRORS + (OSError,):
        return None
    except Exception as exc:  # e.g. the queue does not exist yet: nothing waits in it
        if "NOT_FOUND" in str(exc) or "no queue" in str(exc).lower():
            return 0
        logger.warning("queue length of %s unknown: %r", name, exc)
        return None
