"""Wire update labels ("(4th UPDATE)", "UPDATE 2", "REFILE-", advisories) and datelines."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How much of the body (from its start) is searched for update labels.
LABEL_WINDOW = 600


@dataclass(frozen=True, slots=True)
class UpdateLabel:
    """The wire's update label of a story version.

    ``raw`` is the tag as written, with its parentheses or trailing hyphen ("(4th UPDATE)",
    "UPDATE 3-", "REFILE-"), or the advisory itself when there is no tag. ``number`` is the
    update number (None for a plain "UPDATED"/"CORRECTED"). ``advisory`` is the wire's
    parenthesised note such as "(Adds minister's comment in paragraph 3)".
    """

    raw: str
    number: int | None = None
    corrected: bool = False
    refiled: bool = False
    withdrawn: bool = False
    advisory: str | None = None


# All-caps wire tags are matched case-sensitively; only ordinal suffixes may be lower case.
_TAG = re.compile(
    r"""
    (?<![A-Za-z0-9])
    (?P<open>\()?
    (?P<mods>(?:(?:CORRECTED|REFILE|REPEAT|RPT)[-\s])*)
    (?P<tag>
        (?P<ordinal>\d{1,2})(?i:st|nd|rd|th)\s+UPDATE
      | UPDATE\s+(?P<number>\d{1,2})
      | UPDATED
      | UPDATE(?=\s*[-:)])
      | CORRECTED
      | REFILE
      | (?:STORY\s+)?WITHDRAWN
    )
    (?(open)\))
    (?:(?P<dash>-(?!\d))|(?![A-Za-z0-9]))
    """,
    re.VERBOSE,
)
# The verbs wire desks open their advisories with; one level of nested parentheses allowed.
ADVISORY_VERBS = (
    "Adds",
    "Updates",
    "Corrects",
    "Recasts",
    "Rewrites",
    "Changes",
    "Removes",
    "Deletes",
    "Inserts",
    "Fixes",
    "Refiles",
    "Repeats",
    "Clarifies",
    "Amends",
    "Replaces",
    "Restores",
    "Expands",
    "Withdraws",
    "Moves",
    "Tops",
    "Writes through",
    "New throughout",
    "Edits",
    "Combines",
    "Re-ledes",
    "Releads",
    "Includes",
)
_ADVISORY = re.compile(
    r"\((?:" + "|".join(re.escape(verb) for verb in ADVISORY_VERBS) + r")\b"
    r"[^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"
)


def parse_update_label(text: str) -> UpdateLabel | None:
    """Return the update label found in the first ~600 characters of ``text``, or None.

    Recognises "(4th UPDATE)", "(UPDATE 2)", "UPDATE 3-", "2ND UPDATE", "UPDATED", "CORRECTED",
    "CORRECTED-UPDATE 1", "REFILE-", "STORY WITHDRAWN" and advisories such as
    "(Adds ..., updates ... in paragraph 4)" or "(Corrects paragraph 5 to ...)".
    """
    window = text[:LABEL_WINDOW]
    tags = list(_TAG.finditer(window))
    advisory_match = _ADVISORY.search(window)
    if not tags and advisory_match is None:
        return None
    advisory = " ".join(advisory_match.group().split()) if advisory_match else None
    number: int | None = None
    corrected = refiled = withdrawn = False
    for match in tags:
        written = match.group("mods") + match.group("tag")
        corrected = corrected or "CORRECTED" in written
        refiled = refiled or "REFILE" in written
        withdrawn = withdrawn or "WITHDRAWN" in written
        if number is None:
            digits = match.group("ordinal") or match.group("number")
            number = int(digits) if digits else None
    if advisory:
        corrected = corrected or advisory.startswith("(Corrects")
        refiled = refiled or advisory.startswith(("(Refiles", "(Repeats"))
        withdrawn = withdrawn or advisory.startswith("(Withdraws")
    raw = _adjacent_tags(window, tags) if tags else advisory
    assert raw is not None
    return UpdateLabel(
        raw=raw,
        number=number,
        corrected=corrected,
        refiled=refiled,
        withdrawn=withdrawn,
        advisory=advisory,
    )


def _adjacent_tags(window: str, tags: list[re.Match[str]]) -> str:
    """The first tag, joined with the tags that directly follow it ("CORRECTED (UPDATE 2)")."""
    end = tags[0].end()
    for match in tags[1:]:
        if window[end : match.start()].strip(" -") or "\n" in window[end : match.start()]:
            break
        end = match.end()
    return window[tags[0].start() : end].strip()


# An upper-case letter, roughly: a letter that is not ASCII or Latin-1 lower case.
_UPPER = r"[^\W\d_a-zß-öø-ÿ]"
_CITY_WORD = rf"{_UPPER}(?:{_UPPER}|[.'’\-])*"
_SP = r"[^\S\n]"  # horizontal whitespace, including no-break spaces
_REGION = rf"[^\W_][\w.'’\-]*(?:{_SP}[\w.'’\-]+){{0,3}}"
_DATELINE = re.compile(
    rf"""
    (?P<city>{_CITY_WORD}(?:{_SP}{_CITY_WORD}){{0,3}})
    (?:,{_SP}(?P<region>{_REGION}))?
    (?:,{_SP}{_REGION})?
    {_SP}*(?:\((?P<label>[^()\n]{{1,60}})\){_SP}*)?
    {_SP}?[-–—]{_SP}
    """,
    re.VERBOSE,
)
_MONTH_DAY = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$", re.IGNORECASE
)
#: All-caps openers that are kickers, not places.
NOT_PLACES = frozenset(
    {
        "BREAKING",
        "BREAKING NEWS",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "ANALYSIS",
        "EXPLAINER",
        "FACTBOX",
        "FACT CHECK",
        "LIVE",
        "WATCH",
        "OPINION",
        "CORRECTED",
        "REFILE",
        "URGENT",
        "FLASH",
    }
)


def parse_dateline(paragraph: str) -> str | None:
    """Return the dateline opening ``paragraph`` ("BAGHDAD, Iraq", "LONDON"), or None.

    A dateline is all-caps city word(s), optionally ", Region", optionally a parenthesised label
    ("(Reuters)", "(4th UPDATE)"), then a dash. A region that is a date ("Jan 8") is left out.
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    city = match.group("city")
    if not city.isupper() or sum(ch.isalpha() for ch in city) < 2 or city in NOT_PLACES:
        return None
    region = match.group("region")
    if region and not _MONTH_DAY.match(region):
        return f"{city}, {region}"
    return city
