"""Front matter: an optional ``---`` / YAML ``key: value`` lines / ``---`` block at the top."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import yaml

from .errors import DocumentTooComplex, FrontMatterError
from .limits import DEFAULT_LIMITS, IngestLimits, check_size

#: Keys with a field of their own; every other key goes to ``FrontMatter.extra``.
#: ``published_at`` and ``date`` are accepted as aliases of ``published``.
KNOWN_KEYS = ("url", "outlet", "published", "title", "story")
_PUBLISHED_ALIASES = ("published", "published_at", "date")

# The fence is a line of exactly three dashes (trailing spaces tolerated).
_FENCE = re.compile(r"---[ \t]*\r?(?:\n|\Z)")
_CLOSING_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Metadata given with a document. All fields are optional; ``extra`` holds unknown keys.

    ``published_at`` is timezone-aware UTC (date-only values are midnight UTC, naive values UTC).
    ``extra`` is a plain dict for picklability: treat it as read-only.
    """

    url: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    title: str | None = None
    story: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


class _UnsafeYaml(yaml.YAMLError):
    """YAML refused before it is built: aliases (billion laughs) or nesting beyond the limit."""

    def __init__(self, message: str, mark: yaml.Mark | None):
        super().__init__(message)
        self.problem = message
        self.problem_mark = mark


def _loader(max_depth: int) -> type[yaml.SafeLoader]:
    """A safe loader that refuses aliases, limits nesting and reads timestamps as strings
    (they are parsed, with a readable error, by :func:`to_utc`)."""

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _UnsafeYaml(
                    f"YAML aliases ('*{event.anchor}') are not accepted", event.start_mark
                )
            if self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
                self.depth += 1
                if self.depth > max_depth:
                    raise _UnsafeYaml(
                        f"values nested more than {max_depth} levels deep are not accepted",
                        self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                    )
                try:
                    return super().compose_node(parent, index)
                finally:
                    self.depth -= 1
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def parse_front_matter(
    text: str, *, limits: IngestLimits = DEFAULT_LIMITS
) -> tuple[FrontMatter, int]:
    """Return (front matter, offset in ``text`` where the rest of the document begins).

    Without a block at the very start (a leading BOM is allowed) returns ``(FrontMatter(), 0)``.
    Raises FrontMatterError for an unclosed block, invalid YAML, a block that is not a mapping,
    or an unreadable ``published`` value; the message names the line of the file.
    Raises DocumentTooLarge for a block over ``limits.max_front_matter_chars`` and
    DocumentTooComplex for YAML aliases or nesting deeper than ``limits.max_front_matter_depth``.
    """
    start = 1 if text.startswith("\ufeff") else 0
    opening = _FENCE.match(text, start)
    if opening is None:
        return FrontMatter(), 0
    closing = _CLOSING_FENCE.search(text, opening.end())
    if closing is None:
        raise FrontMatterError(
            "front matter opened with '---' on line 1 but has no closing '---' line", line=1
        )
    # Trailing blanks are never meaningful here, but PyYAML rejects a tab after a value.
    check_size(closing.start() - opening.end(), limits.max_front_matter_chars, "the front matter")
    block = "\n".join(line.rstrip() for line in text[opening.end() : closing.start()].split("\n"))
    rest = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    try:
        data = yaml.load(block, Loader=_loader(limits.max_front_matter_depth))  # noqa: S506
    except _UnsafeYaml as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark is not None else None
        where = f" on line {line}" if line is not None else ""
        raise DocumentTooComplex(f"front matter refused{where}: {exc.problem}") from exc
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        # A value YAML recognises but Python cannot build (an integer of 5,000 digits).
        raise FrontMatterError(f"malformed front matter: {exc}", line=None) from exc
    except yaml.YAMLError as exc:
        # Headlines often hold ": " ("toll rises to 207: official"), which strict YAML
        # rejects; plain "key: value" lines still read unambiguously, so accept those.
        simple = _simple_pairs(block)
        if simple is not None:
            return _build(simple, block), rest
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for the fence, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f" on line {line}" if line is not None else ""
        raise FrontMatterError(f"malformed front matter{where}: {problem}", line=line) from exc
    if data is None:
        return FrontMatter(), rest
    if not isinstance(data, dict):
        raise FrontMatterError(
            "malformed front matter: expected 'key: value' lines between the '---' lines, "
            f"got {type(data).__name__}",
            line=2,
        )
    return _build(data, block), rest


_SIMPLE_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):\s*(.*?)\s*$")


def _simple_pairs(block: str) -> dict[object, object] | None:
    """The block read as one `key: value` per line (value up to a ` #` comment), or None when
    some line is not of that form."""
    pairs: dict[object, object] = {}
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _SIMPLE_LINE.match(line)
        if match is None:
            return None
        value = match.group(2).split(" #", 1)[0].strip()
        if value[:1] in "\"'[{|>&*!":
            return None  # YAML syntax was meant: report the YAML error instead
        pairs[match.group(1)] = value
    return pairs


def _build(data: dict[object, object], block: str) -> FrontMatter:
    values = {str(key).strip().lower(): value for key, value in data.items()}
    published: object = None
    published_key = "published"
    for alias in _PUBLISHED_ALIASES:
        if alias in values:
            published_key = alias
            published = values.pop(alias)
            break
    url, outlet, title, story = (
        _scalar(key, values.pop(key, None), block) for key in ("url", "outlet", "title", "story")
    )
    return FrontMatter(
        url=url,
        outlet=outlet,
        published_at=_to_datetime(published, published_key, block),
        title=title,
        story=story,
        extra={key: _to_string(value) for key, value in values.items()},
    )


def _scalar(key: str, value: object, block: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise FrontMatterError(
            f"malformed front matter: '{key}' must be a single value",
            line=_line_of(key, block),
        )
    text = _to_string(value).strip()
    return text or None


def _to_string(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def to_utc(value: object) -> datetime | None:
    """Return ``value`` (datetime, date or ISO 8601 string) as an aware UTC datetime, or None.

    Raises ValueError when a string is not ISO 8601.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(), tzinfo=UTC)
    else:
        raw = str(value).strip()
        if raw.endswith(("z", "Z")):
            raw = raw[:-1] + "+00:00"
        moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _to_datetime(value: object, key: str, block: str) -> datetime | None:
    try:
        return to_utc(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise FrontMatterError(
            f"malformed front matter: '{key}' is not an ISO 8601 date or datetime: {value!r}",
            line=_line_of(key, block),
        ) from exc


def _line_of(key: str, block: str) -> int | None:
    for number, line in enumerate(block.splitlines(), start=2):
        if line.split(":", 1)[0].strip().lower() == key:
            return number
    return None
