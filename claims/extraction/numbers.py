"""Tokenizer and numeral parser behind :mod:`claims.extraction.quantities`.

Only the standard library is used. ``tokenize`` splits text into digit, word and symbol tokens
with offsets; ``parse_numeral`` reads one numeral ("5,200", "1.2 million", "one hundred and
five", "half a dozen", "two thirds") starting at a token; ``parse_number`` is the public helper
that values a whole string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A token is (kind, start, end, text, lower); kind is "n" (digits), "w" (word) or "s" (symbol).
Token = tuple[str, int, int, str, str]

_TOKEN_RE = re.compile(
    r"""
    (?P<n>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)        # 5,200 / 1,674,200.5
      | \d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?!\d)   # 40 000 with (narrow) nbsp
      | \d{1,3}(?:[ ]\d{3}){2,}(?:\.\d+)?(?!\d)        # 1 234 567 (two groups at least)
      | \d+(?:\.\d+)?(?:[eE][+-]?\d+(?![A-Za-z]))?      # 65.54 / 1e10
      | \.\d+                                          # .25
      | [½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]
    )
  | (?P<w>[^\W\d_]+(?:['\u2019][^\W\d_]+)*)
  | (?P<s>\S)
    """,
    re.VERBOSE,
)

_SEP_RE = re.compile(r"[,\u00a0\u202f\u2009 ]")


def tokenize(text: str, apart: Callable[[Token], bool] | None = None) -> list[Token]:
    """Digit, word and symbol tokens of ``text`` as (kind, start, end, text, lower) tuples.

    "42 000" (one group after a plain space) is one token when :func:`_joins` allows it;
    ``apart(previous token)`` may veto the join ("Route 66 200").
    """
    out: list[Token] = []
    append = out.append
    spaced = False
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        kind = m.lastgroup or "s"
        if (
            kind == "n"
            and out
            and out[-1][0] == "n"
            and m.start() == out[-1][2] + 1
            and text[out[-1][2]] == " "
        ):
            spaced = True
        append((kind, m.start(), m.end(), s, s.lower()))
    if spaced:
        return _join_spaced(out, text, apart)
    return out


_GROUP1_RE = re.compile(r"[1-9]\d{0,2}")
_GROUP2_RE = re.compile(r"\d{3}(?:\.\d+)?")
# Symbols that, glued before the first group, make it part of something else ("3.5 000").
_NOT_BEFORE_GROUP = frozenset(".,/:\u2013\u2014")
# Words after which two numbers are read apart ("aged 12 100", "scored 3 000" are unusual).
_APART_WORDS = frozenset(["aged", "age", "ages", "page", "pages", "score", "scored", "version"])


def _join_spaced(
    toks: list[Token], text: str, apart: Callable[[Token], bool] | None
) -> list[Token]:
    """Join "42 000" into one digit token.

    The rule: a first group of 1-3 digits (no leading zero) and a second of exactly three
    (a decimal part allowed), one plain space between; the first group is not glued to a
    symbol before it ("3.5 000", "-2 000"), follows no other number ("in 2023 15 000" keeps
    2023 apart; "15 000" still joins), and the second runs into nothing ("66 200-metre",
    "12 100m", "3 000/4"). ``apart`` vetoes on the word before ("Route 66 200 metres").
    """
    out: list[Token] = []
    k = 0
    n = len(toks)
    while k < n:
        a = toks[k]
        if (
            k + 1 < n
            and a[0] == "n"
            and toks[k + 1][0] == "n"
            and toks[k + 1][1] == a[2] + 1
            and text[a[2]] == " "
            and _GROUP1_RE.fullmatch(a[3])
            and _GROUP2_RE.fullmatch(toks[k + 1][3])
        ):
            b = toks[k + 1]
            prev = out[-1] if out else None
            nxt = toks[k + 2] if k + 2 < n else None
            glued = prev is not None and prev[2] == a[1]
            ok = (
                not (
                    glued and prev is not None and (prev[0] != "s" or prev[3] in _NOT_BEFORE_GROUP)
                )
                and not (
                    glued
                    and prev is not None
                    and prev[3] in "-\u2212"
                    and len(out) > 1
                    and out[-2][0] == "n"
                    and out[-2][2] == prev[1]
                )
                and (prev is None or prev[0] != "n")
                and (nxt is None or nxt[1] > b[2] or nxt[3] in ".,;)!?\"'’”")
                and not (
                    nxt is not None
                    and nxt[3] in ".,"
                    and nxt[1] == b[2]
                    and k + 3 < n
                    and toks[k + 3][1] == nxt[2]
                )
                and (prev is None or prev[4] not in _APART_WORDS)
                and (prev is None or apart is None or not apart(prev))
            )
            if ok:
                joined = text[a[1] : b[2]]
                out.append(("n", a[1], b[2], joined, joined))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


_VULGAR = {
    "½": 0.5,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 0.25,
    "¾": 0.75,
    "⅕": 0.2,
    "⅖": 0.4,
    "⅗": 0.6,
    "⅘": 0.8,
    "⅙": 1 / 6,
    "⅚": 5 / 6,
    "⅛": 0.125,
    "⅜": 0.375,
    "⅝": 0.625,
    "⅞": 0.875,
}


def digits_value(s: str) -> float:
    """Value of a digit token such as "5,200", "4.5", ".25", "1e10" or "¾"."""
    if s in _VULGAR:
        return _VULGAR[s]
    return float(_SEP_RE.sub("", s))


UNITS = {
    "zero": 0,
    "nought": 0,
    "naught": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "million": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "billion": 1e9,
    "trillion": 1e12,
}
# Abbreviated scales written after a space ("$3 bn", "10 bln"); glued ones are in GLUED_SCALES.
ABBREV_SCALES = {
    "bn": 1e9,
    "bln": 1e9,
    "mn": 1e6,
    "mln": 1e6,
    "mil": 1e6,
    "tn": 1e12,
    "tln": 1e12,
    "trn": 1e12,
}
GLUED_SCALES = {
    **ABBREV_SCALES,
    "k": 1e3,
    "b": 1e9,
    "mm": 1e6,  # only upper-case or after a currency sign: "1.5mm" alone is millimetres
    "m": 1e6,  # only upper-case or after a currency sign: "1m" alone is read by the next word
    "t": 1e12,  # only upper-case or after a currency sign
}
DENOMS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
    "hundredth": 100,
    "hundredths": 100,
    "thousandth": 1000,
    "thousandths": 1000,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
    "millionth": 1e6,
}

# Units written glued to digits ("64GB", "50mph", "1.5mm", "24pc"): suffix as written -> unit.
# Matching is case-sensitive ("5G" is a network, "5g" five grams; "10MW" megawatts). Lower-case
# "m" is not here: "1.5m people" is 1.5 million, "a 10m wall" ten metres (quantities decides).
# The unit strings follow measures.UNIT_NOUNS where it has the unit ("m", "km", "mi", "kg", "t",
# "km/h", "mph"); other units keep their usual symbol. "pc"/"pct" are percent.
GLUED_UNITS = {
    "pc": "percent",
    "pct": "percent",
    "mm": "mm",
    "cm": "cm",
    "km": "km",
    "mi": "mi",
    "ft": "ft",
    "kg": "kg",
    "g": "g",
    "mg": "mg",
    "lb": "lb",
    "lbs": "lb",
    "ml": "ml",
    "mph": "mph",
    "kph": "km/h",
    "kmh": "km/h",
    "kmph": "km/h",
    "KB": "KB",
    "kB": "KB",
    "MB": "MB",
    "GB": "GB",
    "TB": "TB",
    "Mbps": "Mbps",
    "Gbps": "Gbps",
    "kW": "kW",
    "MW": "MW",
    "GW": "GW",
    "kWh": "kWh",
    "MWh": "MWh",
    "GWh": "GWh",
    "TWh": "TWh",
    "C": "°C",
    "F": "°F",
}
# Case-insensitive spellings of the same ("50MPH", "10KM").
_GLUED_UNITS_LOWER = {
    k.lower(): v for k, v in GLUED_UNITS.items() if k.islower() and k not in ("g", "mg")
}


def glued_unit(toks: list[Token], j: int, text: str) -> tuple[int, str] | None:
    """(end, unit) of a unit glued to the number token before ``toks[j]``, or None.

    Reads "km/h" (three tokens), "°C" / "ºF" (two) and the one-word units of GLUED_UNITS; the
    unit must not run on into more letters or digits ("5kgx", "10km2").
    """
    n = len(toks)
    if j >= n or toks[j][1] != toks[j - 1][2]:
        return None
    t = toks[j]
    if t[3] in ("°", "º") and j + 1 < n and toks[j + 1][3] in ("C", "F") and _tight(t, toks[j + 1]):
        end, unit, k = toks[j + 1][2], "°" + toks[j + 1][3], j + 2
    elif t[3] in ("℃", "℉"):
        end, unit, k = t[2], "°C" if t[3] == "℃" else "°F", j + 1
    elif t[0] != "w":
        return None
    else:
        u = GLUED_UNITS.get(t[3]) or _GLUED_UNITS_LOWER.get(t[4])
        if u is None:
            return None
        end, k = t[2], j + 1
        if (
            t[4] == "km"
            and k + 1 < n
            and toks[k][3] == "/"
            and toks[k + 1][4] == "h"
            and _tight(t, toks[k])
            and _tight(toks[k], toks[k + 1])
        ):
            u, end, k = "km/h", toks[k + 1][2], k + 2
        unit = u
    if k < n and toks[k][1] == end and toks[k][0] in ("w", "n"):
        return None
    return end, unit


_DIGIT_WORDS = {**UNITS, **TEENS, **TENS}
NUMBER_WORDS = frozenset(
    [*UNITS, *TEENS, *TENS, *SCALES, "hundred", "dozen", "half", "quarter", "a", "an"]
)

_START, _UNIT, _TEEN, _TENS, _HUNDRED, _SCALE, _DIGIT, _DENOM, _HALF = range(9)


@dataclass(slots=True)
class Numeral:
    """One parsed numeral: token range [i, j), character span and value."""

    i: int
    j: int
    start: int
    end: int
    value: float
    fraction: bool  # a proper fraction with no whole part ("two thirds", "3/4", "half")
    digits: bool  # written with digits only ("5,200", "737")
    separators: bool  # digits with thousands separators ("5,200")
    words: bool  # at least one number word


def _is_multiplier(tok: Token | None) -> bool:
    if tok is None:
        return False
    low = tok[4]
    return low in ("hundred", "dozen") or low in SCALES or low in ABBREV_SCALES


def _tight(a: Token, b: Token) -> bool:
    return a[2] == b[1]


def parse_numeral(toks: list[Token], i: int, text: str, currency: bool = False) -> Numeral | None:
    """Parse the numeral starting at token ``i``; None when no numeral starts there.

    ``currency`` says a currency sign precedes, which makes glued "m"/"t" mean million/trillion.
    """
    n = len(toks)
    tok = toks[i]
    kind, low = tok[0], tok[4]
    total = 0.0  # completed groups (thousands and above)
    group = 0.0  # current group below the next scale word
    last = _START
    last_scale = float("inf")
    has_hundred = False
    words = False
    digits = False
    separators = False
    fraction = False
    j = i
    end = tok[2]
    # State saved before an "and" so "two hundred and three hundred" can be undone.
    checkpoint: tuple[Any, ...] | None = None
    and_part = 0.0  # value added after the last "and" (for "one hundred and three quarters")

    if kind == "n":
        if i > 0 and toks[i - 1][4] == "." and _tight(toks[i - 1], tok) and tok[3][0] != ".":
            return None
        value = digits_value(tok[3])
        digits = True
        separators = not tok[3].replace(".", "").isdigit() and "e" not in low
        if tok[3] in _VULGAR:
            return Numeral(i, i + 1, tok[1], tok[2], value, True, True, False, False)
        j = i + 1
        # Glued scale suffix: 3bn, 10k, $2.174T, £3m.
        if j < n and toks[j][0] == "w" and _tight(tok, toks[j]):
            suf = toks[j][3]
            sl = suf.lower()
            if sl in GLUED_SCALES and (sl not in ("m", "mm", "t") or suf.isupper() or currency):
                value *= GLUED_SCALES[sl]
                end = toks[j][2]
                j += 1
                if j < n and toks[j][0] == "w" and _tight(toks[j - 1], toks[j]):
                    return None  # "3bnx": glued to more letters, not a numeral
                return Numeral(i, j, tok[1], end, value, False, False, separators, False)
            if glued_unit(toks, j, text) is not None or suf == "m":
                # "180ml", "50mph", "24pc": the numeral is the digits; the caller reads the unit
                # ("1m" too: metre or million depends on the next word).
                return Numeral(i, j, tok[1], tok[2], value, False, True, separators, False)
            return None  # glued to a word ("4th", "5G"): handled elsewhere
        # Digit fraction "3/4" and mixed "2 1/2".
        if (
            j + 1 < n
            and toks[j][3] == "/"
            and toks[j + 1][0] == "n"
            and _tight(tok, toks[j])
            and _tight(toks[j], toks[j + 1])
            and "." not in tok[3]
        ):
            den = digits_value(toks[j + 1][3])
            if den == 0:
                return None
            return Numeral(
                i, j + 2, tok[1], toks[j + 1][2], value / den, value < den, True, False, False
            )
        if (
            j + 2 < n
            and toks[j][0] == "n"
            and toks[j + 1][3] == "/"
            and toks[j + 2][0] == "n"
            and _tight(toks[j], toks[j + 1])
            and _tight(toks[j + 1], toks[j + 2])
            and text[tok[2] : toks[j][1]] in (" ", "  ")
            and value.is_integer()
        ):
            num, den = digits_value(toks[j][3]), digits_value(toks[j + 2][3])
            if den and num < den:
                return Numeral(
                    i, j + 3, tok[1], toks[j + 2][2], value + num / den, False, True, False, False
                )
        group = value
        last = _DIGIT
    elif low in _DIGIT_WORDS or low in ("a", "an", "half", "quarter"):
        words = True
        nxt = toks[i + 1] if i + 1 < n else None
        if low in ("a", "an"):
            # "a" is never 1 on its own: only before a multiplier or a fraction word.
            if nxt is None or not (
                _is_multiplier(nxt) or (nxt[4] in DENOMS and not nxt[4].endswith("s"))
            ):
                return None
            group = 1.0
            last = _DIGIT
        elif low in ("half", "quarter"):
            group = 0.5 if low == "half" else 0.25
            last = _HALF
            fraction = True
        elif low in UNITS:
            group = UNITS[low]
            last = _UNIT
        elif low in TEENS:
            group = TEENS[low]
            last = _TEEN
        else:
            group = TENS[low]
            last = _TENS
        j = i + 1
    else:
        return None

    while j < n:
        t = toks[j]
        tl = t[4]
        # Separators inside a numeral: hyphen (twenty-two, one-eighth) and "and".
        if tl in ("-", "\u2010", "\u2011") and j + 1 < n:
            nt = toks[j + 1][4]
            if (last == _TENS and nt in UNITS and UNITS[nt] > 0) or (
                last in (_UNIT, _TEEN, _TENS, _HUNDRED) and nt in DENOMS and words
            ):
                j += 1
                continue
            break
        if tl in ("and", "&"):
            if j + 1 >= n:
                break
            next_token = toks[j + 1]
            ntl = next_token[4]
            after_a = toks[j + 2][4] if j + 2 < n else ""
            frac_follows = ntl in ("a", "an", "one") and after_a in DENOMS
            k = j + 1
            while not frac_follows and k < min(n, j + 5):
                kl = toks[k][4]
                if kl in DENOMS and k > j + 1:
                    frac_follows = True
                elif kl in _DIGIT_WORDS or kl == "-":
                    k += 1
                    continue
                break
            if last in (_HUNDRED, _SCALE) and (
                ntl in _DIGIT_WORDS
                or (next_token[0] == "n" and "." not in next_token[3] and not separators)
            ):
                if next_token[0] == "n" and last == _SCALE and not words:
                    break
                checkpoint = (j, end, total, group, last, last_scale, has_hundred)
                and_part = 0.0
                j += 1
                continue
            if frac_follows and last in (_UNIT, _TEEN, _TENS, _HUNDRED, _SCALE, _DIGIT):
                checkpoint = (j, end, total, group, last, last_scale, has_hundred)
                and_part = 0.0
                j += 1
                continue
            break
        prev_and = toks[j - 1][4] in ("and", "&")
        if tl in ("a", "an", "one") and prev_and and j + 1 < n and toks[j + 1][4] in DENOMS:
            # "one and a half", "two million and one half"
            d = DENOMS[toks[j + 1][4]]
            frac = 1.0 / d
            if last == _SCALE and total and not group:
                frac *= last_scale
            group += frac
            end = toks[j + 1][2]
            j += 2
            last = _DENOM
            checkpoint = None
            continue
        if tl in UNITS and last in (_START,):
            break
        if tl in UNITS or tl in TEENS or tl in TENS:
            v: float = _DIGIT_WORDS[tl]
            ok = False
            if (
                (tl in UNITS and last == _TENS and v > 0 and group % 10 == 0)
                or last in (_HUNDRED, _SCALE)
                or (prev_and and last != _DIGIT)
            ):
                ok = True
            if not ok:
                # "one and a half" style: unit followed by a fraction after "and".
                break
            group += v
            and_part += v if prev_and or checkpoint else 0
            words = True
            last = _UNIT if tl in UNITS else _TEEN if tl in TEENS else _TENS
            end = t[2]
            j += 1
            continue
        if t[0] == "n" and (last in (_HUNDRED, _SCALE)):
            # "4 thousand 3 hundred and 21": digits after a scale word only in that pattern,
            # or closing a spelled-out count "5 million 150 thousand 92" (units after
            # thousands after millions).
            spelled_units = (
                last == _SCALE
                and last_scale == 1e3
                and total + group >= 1e6
                and t[3].isdigit()
                and digits_value(t[3]) < 1000
            )
            if not (
                prev_and or spelled_units or _is_multiplier(toks[j + 1] if j + 1 < n else None)
            ):
                break
            v = digits_value(t[3])
            group += v
            last = _DIGIT
            end = t[2]
            j += 1
            continue
        if tl == "hundred":
            if has_hundred or group >= 1000 and last != _DIGIT:
                if checkpoint is not None:
                    j, end, total, group, last, last_scale, has_hundred = checkpoint
                break
            group = (group or 1) * 100
            has_hundred = True
            words = True
            last = _HUNDRED
            end = t[2]
            j += 1
            continue
        if tl in SCALES or (tl in ABBREV_SCALES and digits and last == _DIGIT):
            s = SCALES.get(tl) or ABBREV_SCALES[tl]
            # "three lakh crore" is the Indian lakh of crores (1e12).
            if tl.startswith("crore") and last_scale == 1e5 and not group:
                total *= s
                last_scale = 1e5 - 1
                end = t[2]
                j += 1
                continue
            if s >= last_scale:
                if checkpoint is not None:
                    j, end, total, group, last, last_scale, has_hundred = checkpoint
                break
            total += (group or 1) * s
            group = 0.0
            fraction = False
            has_hundred = False
            last_scale = s
            words = True
            last = _SCALE
            end = t[2]
            j += 1
            continue
        if tl in ("dozen", "dozens", "dz", "dzs", "doz", "dozs") and last in (
            _UNIT,
            _TEEN,
            _TENS,
            _DIGIT,
            _HALF,
            _HUNDRED,
        ):
            if tl != "dozen" and group <= 1 and last != _HALF:
                break
            if prev_and or checkpoint is not None:
                group += and_part * 11
            else:
                group = (group or 1) * 12
            fraction = False
            words = True
            last = _SCALE
            last_scale = 12
            end = t[2]
            j += 1
            continue
        if (
            tl in ("a", "an")
            and last == _HALF
            and _is_multiplier(toks[j + 1] if j + 1 < n else None)
        ):
            # "half a million", "half a dozen"
            j += 1
            continue
        if tl in DENOMS and last in (_UNIT, _TEEN, _TENS, _HUNDRED, _SCALE, _DIGIT) and words:
            if tl in ("second", "seconds"):
                break
            d = DENOMS[tl]
            if checkpoint is not None and and_part:
                frac = and_part / d
                if checkpoint[4] == _SCALE and not (group - and_part):
                    frac *= last_scale
                group = group - and_part + frac
                whole = total + group - frac
            else:
                whole = 0.0
                group = (total + group) / d
                total = 0.0
            fraction = whole == 0 and group < 1
            end = t[2]
            j += 1
            last = _DENOM
            break
        if _is_multiplier(t) and last == _HALF:
            s = SCALES.get(tl) or (12.0 if tl == "dozen" else 100.0)
            total += group * s
            group = 0.0
            fraction = False
            words = True
            last = _SCALE
            last_scale = s
            end = t[2]
            j += 1
            continue
        if (
            tl == "point"
            and last in (_UNIT, _TEEN, _TENS, _HUNDRED, _SCALE)
            and words
            and j + 1 < n
        ):
            # "two hundred point zero three", "nine point nought four"
            k = j + 1
            frac_digits = ""
            while k < n and toks[k][4] in _DIGIT_WORDS:
                w = toks[k][4]
                if w in TENS and k + 2 < n and toks[k + 1][4] == "-" and toks[k + 2][4] in UNITS:
                    frac_digits += str(TENS[w] + UNITS[toks[k + 2][4]])
                    k += 3
                    continue
                frac_digits += str(_DIGIT_WORDS[w])
                k += 1
            if frac_digits:
                group += float("0." + frac_digits)
                end = toks[k - 1][2]
                j = k
            break
        break

    if words and last == _START:
        return None
    value = total + group
    if i == j:
        return None
    return Numeral(i, j, tok[1], end, value, fraction, digits and not words, separators, words)


def parse_number(text: str) -> float | None:
    """Value of a bare number expression ("22", "5,200", "twenty-two", "a dozen", "1.2 million",
    "three quarters"); None when ``text`` is not exactly one number."""
    stripped = text.strip()
    if not stripped:
        return None
    toks = tokenize(stripped)
    if not toks:
        return None
    sign = 1.0
    i = 0
    if toks[0][4] in ("-", "\u2212", "minus", "negative"):
        sign = -1.0
        i = 1
    currency = False
    if i < len(toks) and toks[i][3] in ("$", "\u00a3", "\u20ac", "\u00a5"):
        currency = True
        i += 1
    if i >= len(toks):
        return None
    num = parse_numeral(toks, i, stripped, currency=currency)
    if num is None or num.j != len(toks) or not math.isfinite(num.value):
        return None
    return sign * num.value
