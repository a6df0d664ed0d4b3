"""manage.py contradiction_report [--since WHEN] [--until WHEN] [--format html|csv|json|text]:
the contradiction report of a period, built now and printed (nothing stored or sent)."""

import re
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from verification import reports
from verification.services import contradiction_report_body

DURATION = re.compile(r"^(\d+)([hdw])$")
UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_when(value: str, *, now):
    """An ISO date or date-time (UTC when no offset is given), or a duration back from now
    ("24h", "7d", "2w")."""
    match = DURATION.match(value.strip().lower())
    if match:
        return now - timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    try:
        when = parse_datetime(value)
        if when is None and (day := parse_date(value)) is not None:
            when = datetime(day.year, day.month, day.day, tzinfo=UTC)
    except ValueError:
        when = None
    if when is None:
        raise CommandError(f"{value!r} is not a date, a date-time or a duration (24h, 7d, 2w)")
    return when if timezone.is_aware(when) else when.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Build the contradiction report of a period now and print it: one line per "
        "disagreement by story, figures that changed, sources most often in disagreement. "
        "Nothing is stored or sent (the daily report is built by beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", default="24h", help="start: ISO date/date-time or 24h, 7d, 2w (default 24h)"
        )
        parser.add_argument("--until", default="", help="end: ISO date/date-time (default now)")
        parser.add_argument("--format", choices=sorted(reports.RENDERERS), default="text")

    def handle(self, *args, since: str, until: str, format: str, **options):
        now = timezone.now()
        end = parse_when(until, now=now) if until else now
        start = parse_when(since, now=now)
        if start >= end:
            raise CommandError("--since must be before --until")
        body = contradiction_report_body(start=start, end=end)
        self.stdout.write(reports.RENDERERS[format](body), ending="")
