"""The day an event figure is given for: "on Thursday", "January 31", "yesterday", resolved
against the article's publication date to an ISO date ("2023-01-19").

A crowd count or a missile salvo belongs to one day's event; the same count for two days is two
figures, not a disagreement. A weekday names the latest such day on or before publication (news
reports what happened); a month and day without a year take the publication's year, or the
year before when that would put the day after publication. Without a publication date a weekday
stays a word ("thursday"), which is comparable only within one article.

Pure module (standard library only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?\b(?:,?\s+(\d{{4}}))?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": 1}


# Two days of one month with one year: "June 13 and 14, 2023", "June 13-14, 2023",
# "13 and 14 June 2023" (a night between two days).
_MONTH_TWO_DAYS = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(\d{{1,2}})"
    rf"(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
)
_TWO_DAYS_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b"
)


# A full date followed by a clock time ("Jan 04, 2025 04:35 PM IST") is a page's time stamp
# (a related link's, scraped with the page), not a day the story names: the article's own
# date comes from its metadata.
_CLOCK_AFTER = re.compile(r",?\s+\d{1,2}:\d{2}\b")


# What every month name of MONTHS starts with (a plain alternation: the regex engine skips
# to its first letters, where a pattern opening with \b tries every position).
_MONTH_PREFIX = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_DIGIT = re.compile(r"\d")


def written_dates(text: str) -> tuple[list[str], list[str]]:
    """The dates the text writes, in one scan: full dates with a year ("June 14, 2023",
    "2023-10-07", both days of "June 13 and 14, 2023") as ISO, and months and days without a
    year ("Monday, July 29", "on 31 January") as "MM-DD", which the article's own date gives
    their year (see `dated_days`)."""
    full: list[str] = []
    partial: list[str] = []
    lowered = text.lower()
    # Every pattern but the ISO one needs a month name and a digit: most paragraphs have none.
    dated = _MONTH_PREFIX.search(lowered) is not None and _DIGIT.search(lowered) is not None
    if dated:
        for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
            for match in pattern.finditer(lowered):
                month, day = MONTHS[match.group(month_group)], int(match.group(day_group))
                if not match.group(3):
                    if 1 <= day <= 31:
                        partial.append(f"{month:02d}-{day:02d}")
                elif not _CLOCK_AFTER.match(lowered, match.end()):
                    _add_day(full, int(match.group(3)), month, day)
        for pattern, month_group, days_groups in (
            (_MONTH_TWO_DAYS, 1, (2, 3)),
            (_TWO_DAYS_MONTH, 3, (1, 2)),
        ):
            for match in pattern.finditer(lowered):
                month = MONTHS[match.group(month_group)]
                for group in days_groups:
                    _add_day(full, int(match.group(4)), month, int(match.group(group)))
    for match in _ISO.finditer(text):
        _add_day(full, *(int(g) for g in match.groups()))
    return full, partial


def _add_day(found: list[str], year: int, month: int, day: int) -> None:
    """Append the ISO day, unless the numbers name no day ("February 30")."""
    with suppress(ValueError):
        found.append(date(year, month, day).isoformat())


def written_days(text: str) -> list[str]:
    """Every full date with a year the text writes, as ISO (see `written_dates`)."""
    return written_dates(text)[0]


def written_month_days(text: str) -> list[str]:
    """Every month and day the text writes without a year, as "MM-DD" (see `written_dates`)."""
    return written_dates(text)[1]


def dated_days(signature: Mapping[str, Any], published: date | None) -> list[str]:
    """The days an article's text names, as ISO: its full dates, and its months and days
    given the year of its publication (the year before when that would fall after it)."""
    days = [day for day in (signature.get("days") or {}) if _ISO.fullmatch(day)]
    if published is None:
        return days
    for month_day in signature.get("month_days") or {}:
        try:
            found = date(published.year, int(month_day[:2]), int(month_day[3:5]))
            if found > published:
                found = date(published.year - 1, found.month, found.day)
        except ValueError:
            continue
        days.append(found.isoformat())
    return days


# "/2023/01/19/", "-2023-01-19-", "20230119": the day a page's address gives.
_URL_DAY = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


def url_date(url: str) -> date | None:
    """The day an article's address writes (news sites and wire keys put it there), or None."""
    match = _URL_DAY.search(url or "")
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def written_date(signature: Mapping[str, Any]) -> datetime | None:
    """The latest full date an article's text writes (its signature's "days"), at midnight UTC;
    None when it writes none."""
    days = sorted((signature.get("days") or {}).keys())
    try:
        return datetime.fromisoformat(days[-1]).replace(tzinfo=UTC) if days else None
    except ValueError:
        return None


def event_day(text: str, published: date | None) -> str:
    """The ISO date a date expression names, or a weekday word when it cannot be resolved, or ""
    when the text names no day."""
    lowered = text.lower()
    iso = _ISO.search(lowered)
    if iso is not None:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))).isoformat()
        except ValueError:
            return ""
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        match = pattern.search(lowered)
        if match is None:
            continue
        month, day = MONTHS[match.group(month_group)], int(match.group(day_group))
        year_text = match.group(3)
        year = int(year_text) if year_text else (published.year if published else None)
        if year is None:
            return f"{month:02d}-{day:02d}"
        try:
            found = date(year, month, day)
        except ValueError:
            return ""
        if not year_text and published is not None and found > published:
            try:
                found = date(year - 1, month, day)
            except ValueError:
                return ""
        return found.isoformat()
    weekday = _WEEKDAY.search(lowered)
    if weekday is not None:
        if published is None:
            return weekday.group(1)
        back = (published.weekday() - WEEKDAYS.index(weekday.group(1))) % 7
        return (published - timedelta(days=back)).isoformat()
    for word, back in _RELATIVE.items():
        if re.search(rf"\b{word}\b", lowered) and published is not None:
            return (published - timedelta(days=back)).isoformat()
    return ""


_COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "several": 2, "a few": 2,
}  # fmt: skip
_ELAPSED = re.compile(
    r"\b(?:over|in|during|for|within) the (?:past|last) (\d{1,2}|"
    + "|".join(_COUNT_WORDS)
    + r") days\b|\b(\d{1,2}|"
    + "|".join(_COUNT_WORDS)
    + r") days (?:after|since) the\b",
    re.IGNORECASE,
)


def elapsed_days(text: str) -> int | None:
    """How many days after the story's event a text says it was written: "over the past three
    days", "in the last two days", "five days after the quake" (the largest it says); None
    when it says none. It places a copy printed without a date (verification.services)."""
    found = None
    for match in _ELAPSED.finditer(text):
        word = (match.group(1) or match.group(2)).lower()
        days = int(word) if word.isdigit() else _COUNT_WORDS[word]
        found = days if found is None else max(found, days)
    return found
