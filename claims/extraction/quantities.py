"""Numeric intervals in English news text.

``find_quantities(text)`` returns every quantity expression as a :class:`QuantityMention`: an
interval ``[low, high]`` (``None`` = unbounded, ``low_open``/``high_open`` exclude the bound), a
``kind`` and a ``unit``. Pure standard library, deterministic, compiled regexes at import.

Conventions (also in docs/quantities.md):

==============================  ==================  ===========
expression                      interval            approximate
==============================  ==================  ===========
"22", "twenty-two", "a dozen"   [22, 22] / [12, 12] no
"about/around/some/roughly X"   [X, X]              yes
"more than/over/above X"        (X, None)           no
"at least X", "X or more"       [X, None]           no
"fewer/less than, under X"      (None, X)           no
"up to/at most/no more than X"  [None, X]           no
"as many as X"                  [None, X]           yes
"nearly/almost/just under X"    [X, X]              yes
"just over X"                   (X, None)           yes
"between X and Y", "X to Y",    [X, Y]              no
"X-Y", "from X to Y"
"a couple (of)"                 [2, 2]              yes
"a few", "a handful"            [2, 5]              yes
"several"                       [3, 9]              yes
"dozens", "tens of"             [24, None] [20,..]  yes
"scores of"                     [40, None]          yes
"hundreds", "thousands", ...    [200, None] ...     yes
"no casualties", "none", "zero" [0, 0] zero=True    no
==============================  ==================  ===========

Vague words multiply: "hundreds of thousands" = [200000, None], "several hundred" = [300, 900].
Dates and times have ``low = high = None``; ordinals, years and identifiers carry their number.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from math import isfinite
from pathlib import Path

from claims.extraction.numbers import (
    NUMBER_WORDS,
    ORDINALS,
    TENS,
    UNITS,
    Numeral,
    Token,
    digits_value,
    glued_unit,
    parse_numeral,
    tokenize,
)
from claims.extraction.numbers import parse_number as parse_number
from claims.extraction.stamps import source_stamp

# The quantity layer's stamp: a hash of its two modules (see stamps.py).
VERSION = source_stamp("quantities", [Path(__file__), Path(__file__).with_name("numbers.py")])

__all__ = ["VERSION", "QuantityMention", "find_quantities", "parse_number"]


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """One quantity expression and the interval it states."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    approximate: bool
    kind: str
    unit: str | None
    zero: bool
    number_start: int
    number_end: int


def _phrase_re(phrases: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    # Longest first: regex alternation takes the first alternative that matches.
    keys = sorted(phrases, key=len, reverse=True)
    alts = []
    for k in keys:
        words = [re.escape(w) for w in k.split(" ")]
        body = r"\s*".join(words) if not k[0].isalpha() else r"\s+".join(words)
        tail = r"\b" if k[-1].isalnum() else ""
        alts.append(body + tail)
    pattern = re.compile(r"(?:" + "|".join(alts) + r")\s*", re.IGNORECASE)
    return pattern, {k.lower(): v for k, v in phrases.items()}


_GT, _GE, _LT, _LE, _ASMANY, _NEARLY, _JUSTOVER, _APPROX, _EXACT, _ALL, _BETWEEN, _FROM = (
    "gt",
    "ge",
    "lt",
    "le",
    "asmany",
    "nearly",
    "justover",
    "approx",
    "exact",
    "all",
    "between",
    "from",
)

_MODIFIERS: dict[str, str] = {}
for _words, _cat in (
    (
        "more than|over|above|in excess of|greater than|larger than|bigger than|higher than|"
        "exceeding|exceeds|exceeded|exceed|surpassing|surpassed|surpasses|surpass|well over|"
        "well above|north of|>",
        _GT,
    ),
    (
        "at least|no fewer than|no less than|not less than|not fewer than|a minimum of|"
        "minimum of|>=|> =|≥|greater than or equal to|more than or equal to|equal to or more than|"
        "equal to or greater than|bigger or equal than|higher or equal than|"
        "larger or equal than|greater or equal than|at least or equal to|upwards of|upward of",
        _GE,
    ),
    ("fewer than|less than|under|below|lower than|smaller than|south of|sub-|well under|<", _LT),
    (
        "up to|at most|no more than|not more than|a maximum of|maximum of|<=|< =|≤|"
        "less than or equal to|fewer than or equal to|equal to or less than|"
        "equal to or fewer than|smaller or equal than|less or equal than|lower or equal than",
        _LE,
    ),
    ("as many as|as much as|as high as", _ASMANY),
    (
        "nearly|almost|nearing|not quite|just under|just below|just shy of|slightly less than|"
        "a little under|a little less than|slightly under|slightly below",
        _NEARLY,
    ),
    ("just over|just above|slightly more than|a little over|a little more than", _JUSTOVER),
    (
        "about|around|approximately|roughly|some|an estimated|estimated|circa|ca.|approx.|"
        "close to|around about|more or less|an approximate|an average of|on average",
        _APPROX,
    ),
    ("exactly|precisely|equal to|equals to|equals|equaling to|equalling to|equaling", _EXACT),
    ("all", _ALL),
    ("between", _BETWEEN),
    ("from", _FROM),
):
    for _w in _words.split("|"):
        _MODIFIERS[_w] = _cat
_MOD_RE, _MOD_CAT = _phrase_re(_MODIFIERS)
_MOD_FIRST = frozenset(k.split(" ")[0].lower() for k in _MODIFIERS)
_WS_RE = re.compile(r"\s+")

_CURRENCY_PREFIX_RE = re.compile(
    r"(US\s?\$|U\.S\.\s?\$|C\$|CA\$|A\$|AU\$|HK\$|NZ\$|S\$|R\$|\$|£|€|¥|₹|Rs\.?|RM(?=\s?\d)|USD|EUR|GBP)\s?"
)
_CURRENCY_CODES = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "r$": "BRL",
    "£": "GBP",
    "gbp": "GBP",
    "€": "EUR",
    "eur": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "rm": "MYR",
}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound sterling": "GBP",
    "pounds sterling": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "jpy": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "inr": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "swiss francs": "CHF",
    "chf": "CHF",
}
_CURRENCY_WORD_RE = re.compile(
    r"\s?(?:US\s)?("
    + "|".join(sorted((re.escape(w) for w in _CURRENCY_WORDS), key=len, reverse=True))
    + r")\b|\s?(€|£|\$)",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    r"\s?(?:(%)|(percentage\s+points?|percent(?:age)?s?|per\s?cent|pct)\b)", re.IGNORECASE
)
_PER_UNIT_WORDS = (
    "barrel|share|gallon|litre|liter|ounce|troy ounce|tonne|ton|pound|kilogram|kilo|kg|"
    "hour|day|week|month|year|person|head|unit|piece|dose|vial|megawatt-hour|mwh|kwh|bushel|"
    "metric ton|square foot|square metre|square meter|night|ticket|passenger|household|"
    "employee|worker|student|seat|vote|acre|hectare"
)
_PER_UNIT_RE = re.compile(
    r"\s?(?:(?:a|an|per)\s+|/\s?)(" + _PER_UNIT_WORDS + r")\b|\s+per\s+([a-z][a-z-]+)\b",
    re.IGNORECASE,
)
_GE_SUFFIX_RE = re.compile(
    r",?\s*(?:or|and)\s+(?:more|greater|above|higher|over|up|upwards)(?:\s+than\b(?!\s*[-\d]))?"
    r"|\+(?!\d)|-plus\b|\s+plus\b(?!\s*[-\d$£€])",
    re.IGNORECASE,
)
_LE_SUFFIX_RE = re.compile(
    r",?\s*(?:or|and)\s+(?:less|fewer|below|lower|under)(?:\s+than\b(?!\s*[-\d]))?",
    re.IGNORECASE,
)
_OR_EQUAL_RE = re.compile(r"\s+or\s+equal(?:\s+to)?(?!\s*[-\d])\b", re.IGNORECASE)
_APPROX_SUFFIX_RE = re.compile(r"(?:\s+or\s+so|-odd|\s+odd|\s+or\s+thereabouts|-ish)\b", re.I)
_RANGE_CONN_RE = re.compile(r"\s*(?:(-|–|—|~)|\b(to|through|and|or)\b)\s*", re.IGNORECASE)
_COMPOUND_CONN_RE = re.compile(r"\s*(?:,\s*(?:and\s+|but\s+)?|(?:and|but)\s+)", re.IGNORECASE)

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_SPECIAL_RE = re.compile(
    rf"""
    (?P<date>
        \b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![:.]\d)(?:,?\s+\d{{4}}\b)?
      | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+\d{{4}}\b)?
      | \b{_MONTHS}\.?\s+\d{{4}}\b
      | \b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b
      | \b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b
    )
  | (?P<time>
        \b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*(?:[ap]\.m\.|[ap]m\b|GMT\b|UTC\b|BST\b|ET\b))?
      | \b\d{{1,2}}(?:\.\d{{2}})?\s?(?:[ap]\.m\.|[ap]m\b)
    )
  | (?P<ratio>\b(?:one|a|two|three|four|[1-4])\s+(?:in|out\s+of)\s+(?:every\s+)?
        (?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d{{1,3}})\b(?!\s*(?:%|per))
        (?=\s+[a-z]))
  | (?P<lakh>\b\d{{1,2}}(?:,\d{{2}})+,\d{{3}}\b)
  | (?P<url>\b(?:https?://|www\.)\S+)
  | (?P<ident>\+?\b\d+(?:[-/.]\d+){{2,}}\b)
  | (?P<ordinal>\b\d+(?:st|nd|rd|th)\b)
  | (?P<decade>\b(?:1[5-9]|20)\d0s\b)
    """,
    re.VERBOSE,
)

_VAGUE = {
    "dozens": 24.0,
    "tens": 20.0,
    "scores": 40.0,
    "hundreds": 200.0,
    "thousands": 2000.0,
    "millions": 2e6,
    "billions": 2e9,
}
_VAGUE_NEEDS_OF = frozenset(["tens", "scores"])
_VAGUE_SCALE = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "dozen": 12.0}
_PLURAL_SCALE = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_ZERO_SINGLE = frozenset(["none", "nobody", "zero", "nil"])
# After "no" these words make an idiom or a comparative, not a zero count.
_NO_EXCLUDE = frozenset(
    [
        "longer",
        "doubt",
        "matter",
        "way",
        "sooner",
        "later",
        "less",
        "more",
        "fewer",
        "further",
        "other",
        "one's",
        "sense",
        "idea",
        "comment",
        "such",
        "than",
        "better",
        "worse",
        "immediate",
        "hard",
        "as",
        "so",
        "too",
        "different",
        "exception",
    ]
)
# Capitalised words that precede numbers without naming an identifier ("In 2020", "Some 40").
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "of",
        "with",
        "since",
        "until",
        "after",
        "before",
        "during",
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "over",
        "under",
        "only",
        "just",
        "another",
        "all",
        "more",
        "fewer",
        "less",
        "than",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "we",
        "they",
        "he",
        "she",
        "it",
        "i",
        "there",
        "here",
        "when",
        "while",
        "as",
        "if",
        "so",
        "yet",
        "then",
        "now",
        "today",
        "yesterday",
        "last",
        "next",
        "this",
        "that",
        "these",
        "those",
        "every",
        "each",
        "per",
        "up",
        "down",
        "roughly",
        "approximately",
        "estimated",
        "exactly",
        "least",
        "most",
        "plus",
        "minus",
        "also",
        "still",
        "even",
        "total",
        "between",
        "among",
        "nearly",
        "figures",
        "data",
        "police",
        "officials",
        "report",
        "reports",
        "us",
        "u.s",
        "uk",
        "eu",
        "un",
        "says",
        "said",
        "were",
        "was",
        "is",
        "are",
        "had",
        "has",
        "have",
        "will",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
    ]
)
_IDENT_NOUNS = frozenset(
    [
        "flight",
        "route",
        "resolution",
        "article",
        "section",
        "chapter",
        "page",
        "room",
        "gate",
        "platform",
        "highway",
        "interstate",
        "line",
        "bus",
        "number",
        "no",
        "nos",
        "case",
        "grade",
        "category",
        "level",
        "phase",
        "stage",
        "zone",
        "runway",
        "terminal",
        "ward",
        "district",
        "precinct",
        "block",
        "lot",
        "apartment",
        "suite",
        "floor",
        "channel",
        "version",
        "model",
        "season",
        "episode",
        "volume",
        "issue",
        "item",
        "paragraph",
        "rule",
        "amendment",
        "clause",
        "proposition",
        "tier",
        "type",
        "class",
        "code",
        "act",
        "bill",
        "lane",
        "exit",
        "pier",
        "berth",
        "dock",
        "hangar",
        "bay",
    ]
)
_YEAR_STRONG = frozenset(
    [
        "in",
        "since",
        "until",
        "till",
        "during",
        "early",
        "late",
        "mid",
        "circa",
        "year",
        "summer",
        "spring",
        "autumn",
        "fall",
        "winter",
        "between",
    ]
)
_COUNT_NOUN_HINT = frozenset(
    [
        "people",
        "persons",
        "children",
        "men",
        "women",
        "troops",
        "soldiers",
        "deaths",
        "residents",
        "workers",
        "jobs",
        "voters",
        "votes",
        "cases",
        "patients",
        "students",
        "civilians",
        "police",
        "officers",
        "homes",
        "houses",
        "families",
        "times",
        "units",
    ]
)
_PRONOUN_ONE_BEFORE = frozenset(
    [
        "the",
        "this",
        "that",
        "which",
        "any",
        "every",
        "each",
        "someone",
        "anyone",
        "another",
        "such",
        "little",
        "no",
    ]
)
_PRONOUN_ONE_AFTER = frozenset(["of", "who", "that", "which", "another", "'s", "\u2019s"])

_TRIGGER_WORDS = frozenset(
    [
        *NUMBER_WORDS,
        *_MOD_FIRST,
        *_VAGUE,
        *ORDINALS,
        *_ZERO_SINGLE,
        "no",
        "not",
        "several",
        "minus",
        "negative",
        "sub",
        "north",
        "south",
        "us",
        "u",
        "rs",
        "rm",
        "usd",
        "eur",
        "gbp",
    ]
)
_TRIGGER_SYMBOLS = frozenset("$£€¥₹<>≥≤-−(")


def _mention(
    text: str,
    start: int,
    end: int,
    low: float | None,
    high: float | None,
    kind: str,
    ns: int,
    ne: int,
    *,
    low_open: bool = False,
    high_open: bool = False,
    approximate: bool = False,
    unit: str | None = None,
    zero: bool = False,
) -> QuantityMention:
    return QuantityMention(
        start,
        end,
        text[start:end],
        low,
        high,
        low_open,
        high_open,
        approximate,
        kind,
        unit,
        zero,
        ns,
        ne,
    )


@dataclass(slots=True)
class _Core:
    start: int
    end: int
    j: int  # next token index
    low: float | None
    high: float | None
    approximate: bool
    zero: bool
    fraction: bool
    numeral: Numeral | None


def _vague_core(toks: list[Token], i: int) -> _Core | None:
    n = len(toks)
    t = toks[i]
    low = t[4]
    nxt = toks[i + 1][4] if i + 1 < n else ""
    lo: float
    hi: float | None
    if low in _VAGUE:
        if low in _VAGUE_NEEDS_OF and nxt != "of":
            return None
        lo, hi, j, end = _VAGUE[low], None, i + 1, t[2]
        # "hundreds of thousands", "tens of millions": the plural scale multiplies.
        if nxt == "of" and i + 2 < n and toks[i + 2][4] in _PLURAL_SCALE:
            lo *= _PLURAL_SCALE[toks[i + 2][4]]
            j, end = i + 3, toks[i + 2][2]
        return _Core(t[1], end, j, lo, hi, True, False, False, None)
    if low == "several":
        lo, hi, j = 3.0, 9.0, i + 1
    elif low in ("a", "an") and nxt in ("few", "handful", "couple"):
        if nxt == "couple":
            lo, hi = 2.0, 2.0
        else:
            lo, hi = 2.0, 5.0
        j = i + 2
        if j < n and toks[j][4] == "of" and j + 1 < n and toks[j + 1][4] in _VAGUE_SCALE:
            j += 1
    else:
        return None
    end = toks[j - 1][2]
    if j < n and toks[j][4] in _VAGUE_SCALE:
        s = _VAGUE_SCALE[toks[j][4]]
        lo, hi = lo * s, (hi * s if hi is not None else None)
        end = toks[j][2]
        j += 1
    elif toks[j - 1][4] == "of":
        j -= 1
        end = toks[j - 1][2]
    return _Core(t[1], end, j, lo, hi, True, False, False, None)


def _zero_core(toks: list[Token], i: int, text: str) -> _Core | None:
    n = len(toks)
    t = toks[i]
    low = t[4]
    if low in _ZERO_SINGLE:
        return _Core(t[1], t[2], i + 1, 0.0, 0.0, False, True, False, None)
    if low == "no" and i + 1 < n:
        nt = toks[i + 1]
        if nt[4] == "one":
            return _Core(t[1], nt[2], i + 2, 0.0, 0.0, False, True, False, None)
        if nt[0] == "w" and nt[4] not in _NO_EXCLUDE and text[t[2] : nt[1]].isspace():
            if nt[3][0].isupper() and nt[3] != nt[4].capitalize():
                return None  # "no FDA", "No.": an acronym or abbreviation follows
            return _Core(t[1], t[2], i + 1, 0.0, 0.0, False, True, False, None)
    if low == "not" and i + 2 < n:
        if toks[i + 1][4] == "one":
            return _Core(t[1], toks[i + 1][2], i + 2, 0.0, 0.0, False, True, False, None)
        if toks[i + 1][4] == "a" and toks[i + 2][4] == "single":
            return _Core(t[1], toks[i + 2][2], i + 3, 0.0, 0.0, False, True, False, None)
    return None


class _Scanner:
    """Holds one text and its tokens while mentions are read left to right."""

    __slots__ = ("text", "toks", "starts", "n")

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text, _keeps_apart)
        self.starts = [t[1] for t in self.toks]
        self.n = len(self.toks)

    def index_at(self, pos: int) -> int | None:
        k = bisect_left(self.starts, pos)
        if k < self.n and self.starts[k] == pos:
            return k
        return None

    def core(self, j: int, currency: bool) -> _Core | None:
        toks = self.toks
        nxt = toks[j + 1][4] if j + 1 < self.n else ""
        c = None if nxt == "point" else _zero_core(toks, j, self.text) or _vague_core(toks, j)
        if c is not None:
            return c
        num = parse_numeral(toks, j, self.text, currency=currency)
        if num is None:
            return None
        return _Core(
            num.start, num.end, num.j, num.value, num.value, False, False, num.fraction, num
        )

    def signed_core(self, pos: int) -> tuple[_Core, str | None, float, int] | None:
        """Currency sign, minus sign and core at ``pos``: (core, currency, sign, start)."""
        text = self.text
        start = pos
        currency = None
        sign = 1.0
        for _ in range(2):
            m = _CURRENCY_PREFIX_RE.match(text, pos)
            if m and currency is None:
                code = _WS_RE.sub("", m.group(1)).lower()
                currency = _CURRENCY_CODES.get(code)
                pos = m.end()
                continue
            if (
                pos + 1 < len(text)
                and text[pos] in "-−"
                and (pos == 0 or not text[pos - 1].isalnum())
                and (text[pos + 1].isdigit() or text[pos + 1] == "$")
            ):
                sign = -sign
                pos += 1
                continue
            low5 = text[pos : pos + 9].lower()
            if low5.startswith(("minus ", "negative ")):
                k = self.index_at(pos)
                if k is not None and k + 1 < self.n:
                    pos = self.toks[k + 1][1]
                    sign = -sign
                    continue
            break
        j = self.index_at(pos)
        if j is None:
            return None
        c = self.core(j, currency is not None)
        if c is None:
            return None
        if currency and (c.zero or c.numeral is None):
            return None
        if c.zero and sign < 0:
            return None
        return c, currency, sign, start

    def match(self, i: int) -> tuple[QuantityMention, int] | None:
        """The mention starting at token ``i`` and the next token index, or None."""
        text = self.text
        toks = self.toks
        pos = toks[i][1]
        mods: list[str] = []
        mod_starts: list[int] = []
        for _ in range(3):
            m = _MOD_RE.match(text, pos)
            if not m:
                break
            phrase = _WS_RE.sub(" ", m.group().strip()).lower()
            cat = _MOD_CAT.get(phrase)
            if cat is None:
                cat = _MOD_CAT.get(phrase.replace(" ", ""), _APPROX)
            nxt = m.end()
            if not phrase[0].isalpha() and pos > 0 and text[pos - 1] in "<>=":
                break  # "<>30", "=>30": not a comparison we read
            if cat == _ALL and not (
                (nxt < len(text) and text[nxt].isdigit()) or _num_word_at(text, nxt)
            ):
                break
            mods.append(cat)
            mod_starts.append(pos)
            pos = nxt
        if mods:
            # "approximately US 5,200 troops": a bare "US" between modifier and digits.
            m = re.match(r"(?:US|U\.S\.)\s+(?=\d)", text[pos : pos + 8])
            if m:
                pos += m.end()
        sc = self.signed_core(pos)
        if sc is None:
            return None
        core, currency, sign, num_start = sc
        if not mods and core.numeral is not None and core.numeral.digits:
            special = self._digit_context(i, core, currency)
            if special is not None:
                return special
        if core.numeral is not None and not mods and currency is None:
            w = self._word_context(core)
            if w is not None:
                return w
        return self._finish(mod_starts, mods, core, currency, sign, num_start)

    # Digits with no modifier may be a year or an identifier rather than a count.
    def _digit_context(
        self, i: int, core: _Core, currency: str | None
    ) -> tuple[QuantityMention, int] | None:
        text, toks = self.text, self.toks
        num = core.numeral
        assert num is not None
        t = toks[num.i]
        if currency is not None or num.j != num.i + 1:
            return None
        after = _PERCENT_RE.match(text, num.end)
        if after:
            return None
        glued = glued_unit(toks, num.j, text)
        if glued is not None and glued[1] not in ("°C", "°F"):
            return None  # "Samsung 64GB", "2020km": a measurement, not a name or a year
        value = num.value
        integer = value.is_integer() and t[3].isdigit()
        prev = toks[num.i - 1] if num.i > 0 else None
        prev2 = toks[num.i - 2] if num.i > 1 else None
        nxt = toks[num.j] if num.j < self.n else None
        if integer and prev is not None:
            name_start = None
            if prev[0] == "w" and prev[2] == t[1]:
                name_start = prev[1]  # G7, MH17
            elif (
                prev[3] in "-\u2010\u2011"
                and prev[2] == t[1]
                and prev2 is not None
                and prev2[0] == "w"
                and prev2[2] == prev[1]
                and any(ch.isupper() for ch in prev2[3])
            ):
                name_start = prev2[1]  # COVID-19, F-16
            elif prev[0] == "w" and text[prev[2] : t[1]] == " " and len(t[3]) <= 5:
                word = prev[3]
                if (
                    word[0].isupper() and prev[4] not in _NOT_NAMES and not _is_month(word)
                ) or prev[4] in _IDENT_NOUNS:
                    name_start = prev[1]
            elif prev[3] == "." and prev2 is not None and prev2[4] in ("no", "nos"):
                name_start = prev2[1]
            if name_start is not None:
                mention = _mention(
                    text, name_start, num.end, value, value, "identifier", num.start, num.end
                )
                return mention, num.j
        if integer and len(t[3]) == 4 and 1900 <= value <= 2100:
            pw = prev[4] if prev is not None else ""
            count_like = (
                nxt is not None
                and nxt[0] == "w"
                and nxt[4] in _COUNT_NOUN_HINT
                and pw not in _YEAR_STRONG
            )
            if not count_like:
                mention = _mention(
                    text, num.start, num.end, value, value, "year", num.start, num.end
                )
                return mention, num.j
        return None

    # "one of the", "the one who": the pronoun "one" is not a count.
    def _word_context(self, core: _Core) -> tuple[QuantityMention, int] | None:
        num = core.numeral
        assert num is not None
        toks = self.toks
        if num.j == num.i + 1 and toks[num.i][4] == "one":
            prev = toks[num.i - 1][4] if num.i > 0 else ""
            nxt = toks[num.j][4] if num.j < self.n else ""
            if prev in _PRONOUN_ONE_BEFORE or nxt in _PRONOUN_ONE_AFTER:
                return _SKIP, num.j
        # "twenty-first": a tens word hyphenated to an ordinal.
        if (
            num.j + 1 < self.n
            and toks[num.j][3] == "-"
            and toks[num.j + 1][4] in ORDINALS
            and toks[num.j - 1][4] in TENS
        ):
            value = num.value + ORDINALS[toks[num.j + 1][4]]
            end = toks[num.j + 1][2]
            return (
                _mention(self.text, num.start, end, value, value, "ordinal", num.start, end),
                num.j + 2,
            )
        return None

    def _suffixes(
        self, end: int, currency: str | None
    ) -> tuple[int, str | None, str | None, float]:
        """Unit, percent or currency word after a number: (new end, kind, unit, factor).

        ``factor`` multiplies the value ("1.5m people" is 1.5 million); 0 means the number is
        glued to letters we cannot read ("10m" with no telling word after it): no mention.
        """
        text = self.text
        if end < len(text) and not text[end].isspace() and currency is None:
            glued = self._glued(end)
            if glued is not None:
                return glued
        m = _PERCENT_RE.match(text, end)
        if m:
            word = (m.group(2) or "").lower()
            unit = "percentage point" if word.startswith("percentage p") else "percent"
            return m.end(), "percent", unit, 1.0
        if currency is None:
            m = _CURRENCY_WORD_RE.match(text, end)
            if m:
                code = m.group(1) or m.group(2)
                code_l = _WS_RE.sub(" ", code).lower()
                cur = _CURRENCY_WORDS.get(code_l) or _CURRENCY_CODES.get(code_l)
                if cur is not None:
                    return m.end(), "money", cur, 1.0
            return end, None, None, 1.0
        return end, "money", currency, 1.0

    def _glued(self, end: int) -> tuple[int, str | None, str | None, float] | None:
        """A unit glued to the digits that end at ``end`` ("64GB", "24pc", "-5C", "10m")."""
        k = self.index_at(end)
        if k is None or k == 0 or self.toks[k - 1][0] != "n":
            return None
        toks, text = self.toks, self.text
        if toks[k][3] == "m":
            return self._glued_m(k)
        found = glued_unit(toks, k, text)
        if found is None:
            return None
        unit_end, unit = found
        if unit == "percent":
            return unit_end, "percent", "percent", 1.0
        if toks[k][3] in ("C", "F") and k >= 2:
            # "iPhone 5C", "Model 3F": a glued capital after a name is a model, not degrees.
            prev = toks[k - 2]
            if prev[0] == "w" and prev[4] not in _NOT_NAMES and any(c.isupper() for c in prev[3]):
                return end, None, None, 0.0
        return unit_end, "measure", unit, 1.0

    def _glued_m(self, k: int) -> tuple[int, str | None, str | None, float]:
        """Lower-case "m" glued to digits: metres before a dimension word ("a 10m wall" is
        not enough: "10m high", "30m-long"), millions before a plural noun or "of" ("1.5m
        people", "2m of them"); otherwise unreadable."""
        text, toks = self.text, self.toks
        t = toks[k]
        after = _GLUED_M_NEXT_RE.match(text, t[2])
        if after is None:
            return t[2], None, None, 0.0
        if after.group(1):
            return t[2], "measure", "m", 1.0
        return t[2], None, None, 1e6

    def _finish(
        self,
        mod_starts: list[int],
        mods: list[str],
        core: _Core,
        currency: str | None,
        sign: float,
        num_start: int,
    ) -> tuple[QuantityMention, int] | None:
        text = self.text
        ns, ne = core.start, core.end
        if core.zero:
            ns = core.start
            ne = core.end if text[core.start : core.end].lower() != "no" else core.start + 2
        low = None if core.low is None else core.low * sign
        high = None if core.high is None else core.high * sign
        approximate = core.approximate
        end, kind, unit, factor = self._suffixes(core.end, currency)
        if factor == 0.0:
            return None
        if factor != 1.0:
            low = None if low is None else low * factor
            high = None if high is None else high * factor
            ne = end
        j = core.j
        if end != core.end:
            j = self._index_after(end)
        low_open = high_open = False
        # "trapped under around a dozen passengers": a comparator word followed by an
        # approximator is a preposition ("under", "over"), not a bound.
        if _APPROX in mods:
            first_approx = mods.index(_APPROX)
            kept = [
                (cat, at)
                for position, (cat, at) in enumerate(zip(mods, mod_starts, strict=True))
                if not (cat in (_GT, _LT) and position < first_approx)
            ]
            mods = [cat for cat, _ in kept]
            mod_starts = [at for _, at in kept]
        # Ranges: "between X and Y", "X to Y", "X-Y", "from X to Y".
        cats = set(mods)
        range_done = False
        if core.numeral is not None and (low is not None):
            first_at = mod_starts[0] if mod_starts else num_start
            after_change: bool | str = self._after_change_verb(first_at, from_=_FROM in cats)
            if not after_change and not mods:
                k = self._index_after(first_at) - 1
                after_change = "bare" if k >= 0 and self.toks[k][4] in _MOTION_VERBS else ""
            rng = self._range(end, cats, low, currency, kind, core.numeral, after_change)
            if rng is not None:
                low2, high2, end2, kind2, unit2, j2, ne2 = rng
                if kind is None and kind2 is not None:
                    kind, unit = kind2, unit2
                low, high, end, j, ne = low2, high2, end2, j2, ne2
                range_done = True
        start = num_start
        for cat, at in zip(mods, mod_starts, strict=True):
            if range_done or cat not in (_BETWEEN, _FROM):
                start = at
                break
        if not range_done:
            cats.discard(_BETWEEN)
            cats.discard(_FROM)
        if not range_done and cats:
            if _GT in cats:
                high, low_open = None, True
            elif _GE in cats:
                high = None
            elif _LT in cats:
                low, high_open = None, True
            elif _LE in cats:
                low = None
            elif _ASMANY in cats:
                low, approximate = None, True
            elif _NEARLY in cats:
                # The analyze contract reads "nearly X" as an approximate X (detection gives
                # approximate points a tolerance), not as the band [0.9X, X).
                approximate = True
            elif _JUSTOVER in cats:
                high, low_open, approximate = None, True, True
            if _APPROX in cats or _ASMANY in cats or _NEARLY in cats:
                approximate = True
            if _GE in cats and any(c in cats for c in (_ASMANY,)):
                approximate = True
            if cats & {_GT, _LT}:
                m = _OR_EQUAL_RE.match(text, end)
                if m:
                    low_open = high_open = False
                    end = m.end()
                    j = self._index_after(end)
        if not range_done and not (cats & {_GT, _GE, _LT, _LE, _ASMANY, _NEARLY, _JUSTOVER}):
            m = _GE_SUFFIX_RE.match(text, end)
            if m and low is not None:
                high = None
                end = m.end()
                j = self._index_after(end)
            else:
                m = _LE_SUFFIX_RE.match(text, end)
                if m and high is not None:
                    low = None
                    end = m.end()
                    j = self._index_after(end)
        m = _APPROX_SUFFIX_RE.match(text, end)
        if m and core.numeral is not None:
            approximate = True
            end = m.end()
            j = self._index_after(end)
        if kind == "money" and unit is not None:
            m = _PER_UNIT_RE.match(text, end)
            if m:
                per = (m.group(1) or m.group(2)).lower()
                unit = f"{unit} per {per}"
                end = m.end()
                j = self._index_after(end)
        if kind is None:
            kind = "fraction" if core.fraction else "count"
        mention = _mention(
            text,
            start,
            end,
            low,
            high,
            kind,
            ns,
            ne,
            low_open=low_open,
            high_open=high_open,
            approximate=approximate,
            unit=unit,
            zero=core.zero,
        )
        # "more than 10 and fewer than 20": two one-sided bounds joined into one interval.
        if cats & {_GT, _GE, _LT, _LE} and not range_done:
            merged = self._compound(mention, j)
            if merged is not None:
                return merged
        return mention, j

    def _compound(self, first: QuantityMention, j: int) -> tuple[QuantityMention, int] | None:
        m = _COMPOUND_CONN_RE.match(self.text, first.end)
        if not m:
            return None
        k = self.index_at(m.end())
        if k is None:
            return None
        mm = _MOD_RE.match(self.text, m.end())
        if not mm:
            return None
        res = self.match(k)
        if res is None or res[0] is _SKIP:
            return None
        second, j2 = res
        if second.kind != first.kind or second.unit != first.unit:
            return None
        lo: float | None
        hi: float | None
        if first.high is None and first.low is not None and second.low is None:
            lo, lo_open, hi, hi_open = first.low, first.low_open, second.high, second.high_open
        elif first.low is None and first.high is not None and second.high is None:
            lo, lo_open, hi, hi_open = second.low, second.low_open, first.high, first.high_open
        else:
            return None
        if lo is None or hi is None or lo > hi:
            return None
        mention = _mention(
            self.text,
            first.start,
            second.end,
            lo,
            hi,
            first.kind,
            first.number_start,
            first.number_end,
            low_open=lo_open,
            high_open=hi_open,
            approximate=first.approximate or second.approximate,
            unit=first.unit,
        )
        return mention, j2

    def _after_change_verb(self, pos: int, from_: bool) -> bool:
        """Whether "X to Y" at ``pos`` follows a change verb: "rose from X to Y" (``from_``:
        the mention starts with "from") or "fell by X to Y". A bare "cut 100 to 200 jobs"
        or "fell 20 to 30 percent" stays a range."""
        k = self._index_after(pos) - 1
        toks = self.toks
        if from_:
            return k >= 0 and toks[k][4] in _CHANGE_VERBS
        return k >= 1 and toks[k][4] == "by" and toks[k - 1][4] in _CHANGE_VERBS

    def _index_after(self, pos: int) -> int:
        return bisect_left(self.starts, pos)

    def _range(
        self,
        end: int,
        cats: set[str],
        low: float,
        currency: str | None,
        kind: str | None,
        first: Numeral,
        after_change: bool | str = False,
    ) -> tuple[float, float, int, str | None, str | None, int, int] | None:
        text = self.text
        m = _RANGE_CONN_RE.match(text, end)
        if not m:
            return None
        dash, word = m.group(1), (m.group(2) or "").lower()
        # "rose from 240 to 273", "fell 20 to 1,500": a change verb's "X to Y" is where the
        # figure started (or by how much it moved) and where it ended, two figures.
        if word == "to" and after_change is True:
            return None
        if word == "and" and _BETWEEN not in cats:
            return None
        if word == "or":
            return None
        if dash and m.group() != dash and not m.group().startswith(" "):
            return None
        if _BETWEEN in cats and word not in ("and", "to") and not dash:
            return None
        sc = self.signed_core(m.end())
        if sc is None:
            return None
        core2, currency2, sign2, _ = sc
        if core2.numeral is None or core2.zero:
            return None
        # "spiking more than 4.5% to $65.54": a change then a level, not a range; the two ends
        # of a range share their kind, and a comparative before "X to Y" reads as a change.
        if currency2 is not None and currency is None and kind is not None:
            return None
        if word == "to" and cats & {_GT, _GE, _LT, _LE}:
            return None
        num2 = core2.numeral
        # "Flight 370-2", "+1-222-...": a dash followed by more dashes is an identifier.
        after = num2.end
        if (
            dash
            and after < len(text)
            and text[after] in "-/"
            and text[after + 1 : after + 2].isdigit()
        ):
            return None
        high = num2.value * sign2
        end2, kind2, unit2, factor2 = self._suffixes(num2.end, currency2 or currency)
        if factor2 == 0.0:
            return None
        # "gained 0.7 percent to 6,327.80": a percent change, then the level it reached.
        if kind == "percent" and kind2 != "percent" and word == "to":
            return None
        high *= factor2
        if factor2 != 1.0 and low * factor2 <= high:
            low *= factor2  # "2-3m people": the scale written once applies to both ends
        if kind is not None and kind2 is None and currency is None:
            kind2 = kind
        # "2 to 3 million": the scale written once applies to both ends.
        scaled = _scale_of(self.toks, num2) if num2.words else None
        first_bare = self.toks[first.j - 1][4] not in _SCALE_WORDS
        if scaled and first_bare and low * scaled <= high:
            low *= scaled
        if low > high:
            return None
        # "The index fell 20 to 1,500": a bare move then a level many times larger (a range
        # "rose 5 to 10" or "fell 20 to 30 percent" stays a range).
        if (
            after_change == "bare"
            and word == "to"
            and kind is None
            and kind2 is None
            and currency2 is None
            and low > 0
            and high >= 10 * low
        ):
            return None
        if dash and not word and kind is None and kind2 is None and currency is None:
            t = self.toks[num2.i]
            if len(t[3]) == 4 and 1900 <= high <= 2100 and 1900 <= low <= 2100:
                return None  # "1995-2001" is a span of years, handled as two years
        return low, high, end2, kind2, unit2, self._index_after(end2), num2.end


# Verbs (and "up"/"down") after which "from X to Y" / "by X to Y" are a change and a level.
# "grew" is left out for now: tests/claims/extraction/test_quantities.py still reads "Numbers
# grew from 20 to 30 people" as a range.
_CHANGE_VERBS = frozenset(
    """rose rise rises rising risen fell fall falls falling fallen climbed climb climbs climbing
    dropped drop drops dropping increased increase increases increasing decreased decrease
    decreases decreasing jumped jump jumps jumping declined decline
    declines declining slipped slip slips slipping slid slide slides sliding surged surge surges
    surging soared soar soars soaring plunged plunge plunges plunging plummeted plummets
    plummeting tumbled tumble tumbles tumbling sank sink sinks sinking sunk edged edge edges
    edging gained gain gains gaining lost lose loses losing shed sheds shedding advanced
    advances advancing retreated retreats retreating rebounded rebounds rebounding eased ease
    eases easing dipped dip dips dipping spiked spike spikes spiking leapt leaped leap leaps
    leaping cut cuts cutting raised raise raises raising lowered lower lowers lowering reduced
    reduce reduces reducing boosted boost boosts boosting revised revise revises revising
    widened widen widens widening narrowed narrow narrows narrowing shrank shrink shrinks
    shrinking shrunk swelled swell swells swelling swollen up down""".split()
)

# Change verbs without an object: "fell 20 to 1,500" moves by 20 and ends at 1,500.
_MOTION_VERBS = frozenset(
    """rose rise rises rising risen fell fall falls falling fallen climbed climbs climbing
    dropped drops dropping jumped jumps jumping slipped slips slipping slid slides sliding
    surged surges surging soared soars soaring plunged plunges plunging plummeted plummets
    plummeting tumbled tumbles tumbling sank sinks sinking edged edges edging gained gains
    gaining advanced advances advancing declined declines declining eased eases easing
    dipped dips dipping rebounded rebounds rebounding up down""".split()
)

_SCALE_WORDS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
}


def _scale_of(toks: list[Token], num: Numeral) -> float | None:
    return _SCALE_WORDS.get(toks[num.j - 1][4])


_DIMENSION_WORDS = (
    "high|tall|long|wide|deep|thick|across|away|above|below|in\\s+(?:height|length|width|"
    "diameter|depth)|from|off|under|underground|underwater|square|x|by|sprint|race|hurdles|"
    "freestyle|backstroke|breaststroke|butterfly|medley|relay"
)
_GLUED_M_NEXT_RE = re.compile(
    r"(?:-|\s+)(?:(" + _DIMENSION_WORDS + r")\b|"
    r"((?!(?:is|was|has|this|as|its|his|us|yes|thus|plus|minus|less|across|always|perhaps)\b)"
    r"[a-z]+s\b|people\b|of\b|more\b|fewer\b|new\b|extra\b|additional\b))"
)


def _keeps_apart(prev: Token) -> bool:
    """Whether the word before "66 200" makes them two numbers ("Route 66 200 metres")."""
    if prev[0] != "w":
        return False
    word = prev[3]
    return prev[4] in _IDENT_NOUNS or (
        word[0].isupper() and prev[4] not in _NOT_NAMES and not _is_month(word)
    )


def _is_month(word: str) -> bool:
    return _MONTH_WORD_RE.fullmatch(word) is not None


_MONTH_WORD_RE = re.compile(_MONTHS + r"\.?")
_NUM_WORD_RE = re.compile(
    r"(?:"
    + "|".join(sorted([*UNITS, *TENS, "ten", "eleven", "twelve"], key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def _num_word_at(text: str, pos: int) -> bool:
    return _NUM_WORD_RE.match(text, pos) is not None


# Sentinel returned by _Scanner.match for a pronoun "one" that must not be a mention.
_SKIP = QuantityMention(0, 0, "", None, None, False, False, False, "count", None, False, 0, 0)


_RATIO_WORDS = {
    "one": 1.0, "a": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "twenty": 20.0, "hundred": 100.0,
}  # fmt: skip


def _special(m: re.Match[str], text: str) -> QuantityMention:
    kind = m.lastgroup or "identifier"
    s, e = m.start(), m.end()
    g = m.group()
    if kind == "date" or kind == "time":
        return _mention(text, s, e, None, None, kind, s, e)
    if kind == "ordinal":
        v = float(re.sub(r"\D", "", g))
        return _mention(text, s, e, v, v, "ordinal", s, e)
    if kind == "lakh":
        # Indian digit grouping in English copy: "1,19,000" is 119,000.
        v = float(g.replace(",", ""))
        return _mention(text, s, e, v, v, "count", s, e)
    if kind == "ratio":
        # "one in five trains": a share, 20 percent.
        words = re.split(r"\s+(?:in|out\s+of)\s+(?:every\s+)?", g.lower(), maxsplit=1)
        part, whole = (_RATIO_WORDS.get(w) or float(w) for w in words)
        share = round(100.0 * part / whole, 6) if whole else None
        return _mention(text, s, e, share, share, "count", s, e, unit="percent")
    if kind == "decade":
        v = float(g[:4])
        return _mention(text, s, e, v, v + 9, "year", s, e)
    return _mention(text, s, e, None, None, "identifier", s, e)


def find_quantities(text: str) -> list[QuantityMention]:
    """All quantity expressions in text, left to right, non-overlapping."""
    if not text:
        return []
    specials = list(_SPECIAL_RE.finditer(text))
    sc = _Scanner(text)
    toks = sc.toks
    out: list[QuantityMention] = []
    n = sc.n
    si = 0
    n_spec = len(specials)
    next_spec = specials[0].start() if specials else len(text) + 1
    i = 0
    while i < n:
        t = toks[i]
        if t[1] >= next_spec or (t[2] > next_spec):
            sp = specials[si]
            if sp.lastgroup != "url":
                out.append(_special(sp, text))
            i = sc._index_after(sp.end())
            si += 1
            next_spec = specials[si].start() if si < n_spec else len(text) + 1
            continue
        kind = t[0]
        if not (
            kind == "n"
            or (kind == "w" and t[4] in _TRIGGER_WORDS)
            or (kind == "s" and t[3] in _TRIGGER_SYMBOLS)
            or (kind == "w" and t[4] in ("us", "u"))
        ):
            i += 1
            continue
        res = sc.match(i)
        if res is not None:
            mention, j = res
            if mention.end > next_spec:
                res = None
            elif mention is _SKIP:
                i = max(j, i + 1)
                continue
            else:
                out.append(mention)
                i = max(j, i + 1)
                continue
        if kind == "w" and t[4] in ORDINALS and t[4] not in ("second",):
            prev = toks[i - 1] if i > 0 else None
            if prev is None or not (prev[0] == "n" or prev[4] in NUMBER_WORDS):
                v = float(ORDINALS[t[4]])
                out.append(_mention(text, t[1], t[2], v, v, "ordinal", t[1], t[2]))
        elif kind == "w" and t[4] == "second" and i > 0 and toks[i - 1][4] in ("the", "a"):
            out.append(_mention(text, t[1], t[2], 2.0, 2.0, "ordinal", t[1], t[2]))
        elif kind == "n" and i + 1 < n and toks[i + 1][0] == "w" and toks[i + 1][1] == t[2]:
            suffix = toks[i + 1][3]
            if any(ch.isupper() for ch in suffix) and t[3].isdigit():
                e = toks[i + 1][2]
                v = digits_value(t[3])
                out.append(_mention(text, t[1], e, v, v, "identifier", t[1], t[2]))
                i += 2
                continue
            i += 2  # a number glued to unknown letters is not returned
            continue
        i += 1
    return _carry_bounds(text, _non_overlapping(out))


def _non_overlapping(out: list[QuantityMention]) -> list[QuantityMention]:
    """Drop a mention that starts inside the one before ("5G0": "5G", not also "G0") or whose
    value overflows a float ("1e1000", a 400-digit run)."""
    kept: list[QuantityMention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            continue
        if (m.low is not None and not isfinite(m.low)) or (
            m.high is not None and not isfinite(m.high)
        ):
            continue
        kept.append(m)
    return kept


_BOUNDED_KINDS = frozenset(["count", "measure", "money", "percent", "fraction"])
# Between a figure and its bracketed conversion: at most a few unit words ("100 km (", "5ft (").
_UNIT_WORDS = (
    r"(?:metres?|meters?|m|km|kilometres?|kilometers?|miles?|mi|feet|foot|ft|inches|inch|in|"
    r"yards?|yd|cm|centimetres?|centimeters?|mm|millimetres?|millimeters?|kg|kilos?|kilograms?|"
    r"grams?|g|pounds?|lbs?|stones?|tonnes?|tons?|t|litres?|liters?|l|gallons?|acres?|hectares?|"
    r"ha|mph|kph|km/h|knots?|degrees?|°C|°F|C|F|celsius|fahrenheit|sq|square|cubic)"
)
_CONVERSION_GAP_RE = re.compile(
    r"\s*(?:(?:[^\W\d_][\w°/.\-]*\s+){0,2}" + _UNIT_WORDS + r"\b\.?\s*)?\(\s*", re.IGNORECASE
)


# After the converted figure: a unit of one or two words, then the closing bracket.
_CONVERSION_END_RE = re.compile(
    r"\s*(?:(?!of\b|in\b|and\b|or\b)[^\W\d_][\w°/.\-]*(?:\s+[^\W\d_][\w°/.\-]*)?)?\s*\)"
)


def _carry_bounds(text: str, out: list[QuantityMention]) -> list[QuantityMention]:
    """A bound carries into a bracketed conversion: in "more than 100 km (60 miles)" the 60
    miles is also more than; "about 5ft (1.5m)" is approximate in both units."""
    for k in range(1, len(out)):
        first, second = out[k - 1], out[k]
        gap = text[first.end : second.start]
        if (
            (gap.lstrip().startswith("(") and first.kind not in ("measure", "money"))
            or first.kind not in _BOUNDED_KINDS
            or second.kind not in _BOUNDED_KINDS
            or second.low is None
            or second.low != second.high
            or second.approximate
            or not _CONVERSION_GAP_RE.fullmatch(text, first.end, second.start)
            or not _CONVERSION_END_RE.match(text, second.end)
        ):
            continue
        if first.high is None and first.low is not None:
            out[k] = replace(
                second, high=None, low_open=first.low_open, approximate=first.approximate
            )
        elif first.low is None and first.high is not None:
            out[k] = replace(
                second, low=None, high_open=first.high_open, approximate=first.approximate
            )
        elif first.approximate and first.low == first.high:
            out[k] = replace(second, approximate=True)
    return out
