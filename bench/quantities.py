"""Benchmark of claims.extraction.quantities against third-party test suites.

Run from the project root: ``.venv/bin/python bench/quantities.py``. Reads (never copies)
``../shared/eval-data/``. Prints plain-text figures; asserts nothing.

What "pass" means, per suite:

* Recognizers-Text NumberRangeModel: the multiset of intervals of our *modified* mentions
  (kind count/percent/money/fraction whose text carries a modifier or a second number, or whose
  interval is not a single point) equals the multiset of gold intervals. Gold "[20,30)" written
  for "between 20 and 30" / "20 to 30" / "20-30" is a convention difference (we say [20, 30]):
  a case that matches only after closing that upper bound is *excluded* with that reason, not
  counted as a pass.
* Recognizers-Text NumberModel: the multiset of numeric values we find equals the gold one.
  Our value of a mention is its point value, or its finite bound(s) for comparatives and ranges.
  Dates, times and ordinals are not numbers here (gold never lists ordinals).
* Recognizers-Text PercentModel: the multiset of values of our percent mentions equals gold.
* quantulum3 quantities.json: the multiset of intervals of our non-date/time/ordinal mentions
  equals the gold one (gold value +/- uncertainty). Units are ignored (quantulum resolves
  physical units, we do not), so this measures the numbers only.

"NotSupported" marks only which upstream implementations fail a case; the gold is still valid,
so those cases are kept. Exclusions are by rule, each printed with its reason and count.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.quantities import QuantityMention, find_quantities  # noqa: E402

DATA = ROOT.parent / "shared" / "eval-data"
RT = DATA / "recognizers-text-en"
QU = DATA / "quantulum3-tests"

Interval = tuple[float | None, float | None, bool, bool]


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as f:
        return json.load(f)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _norm(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> Interval:
    return (_r(lo), _r(hi), lo_open and lo is not None, hi_open and hi is not None)


def _parse_interval(s: str) -> Interval:
    lo_s, hi_s = s[1:-1].split(",")
    lo = float(lo_s) if lo_s.strip() else None
    hi = float(hi_s) if hi_s.strip() else None
    return _norm(lo, hi, s[0] == "(", s[-1] == ")")


def _is_modified(m: QuantityMention) -> bool:
    core = m.text[m.number_start - m.start : m.number_end - m.start]
    return m.low != m.high or m.low_open or m.high_open or core != m.text


def _key(iv: Interval) -> tuple:
    return tuple((x is None, x or 0) if not isinstance(x, bool) else x for x in iv)


def _sorted(ivs: list[Interval]) -> list[Interval]:
    return sorted(ivs, key=_key)


class Tally:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cases = 0
        self.passed = 0
        self.excluded: Counter[str] = Counter()
        self.failures: list[str] = []

    def report(self, verbose: bool) -> None:
        kept = self.cases - sum(self.excluded.values())
        rate = 100.0 * self.passed / kept if kept else 0.0
        print(f"{self.name}")
        print(f"  cases {self.cases}, kept {kept}, passed {self.passed}, pass rate {rate:.1f}%")
        for reason, k in sorted(self.excluded.items()):
            print(f"  excluded {k}: {reason}")
        if verbose:
            for f in self.failures:
                print("  FAIL", f)


RANGE_CONV = "convention: gold half-open [X,Y) for between/to/dash ranges, ours closed"
RANGE_ORDINAL = "out of domain: ranges of ordinals (ranks), not quantities"
RANGE_RATIO = "out of domain: ratio read as a fraction ('2 in 5')"


def bench_range(verbose: bool) -> Tally:
    t = Tally("Recognizers-Text NumberRangeModel")
    for case in _load(RT / "Number__NumberRangeModel.json"):
        t.cases += 1
        text = case["Input"]
        gold_texts = [r["Text"] for r in case["Results"]]
        if any(re.search(r"\b(tenth|fifteenth)\b", g) for g in gold_texts):
            t.excluded[RANGE_ORDINAL] += 1
            continue
        if any(re.search(r"\d in \d", g) for g in gold_texts):
            t.excluded[RANGE_RATIO] += 1
            continue
        gold = _sorted([_parse_interval(r["Resolution"]["value"]) for r in case["Results"]])
        ours = _sorted(
            [
                _norm(m.low, m.high, m.low_open, m.high_open)
                for m in find_quantities(text)
                if m.kind in ("count", "percent", "money", "fraction") and _is_modified(m)
            ]
        )
        if ours == gold:
            t.passed += 1
            continue
        closed = _sorted(
            [
                (lo, hi, lo_o, False) if lo is not None and hi is not None and hi_o else iv
                for iv in gold
                for lo, hi, lo_o, hi_o in [iv]
            ]
        )
        if ours == closed and closed != gold:
            t.excluded[RANGE_CONV] += 1
            continue
        t.failures.append(f"{text!r}: gold {gold} ours {ours}")
    return t


NUM_POWER = "out of domain: powers and x10^n notation"
NUM_RATIO = "out of domain: fraction written as a ratio ('one over three', '1 in 21')"
NUM_LOCALE = "out of domain: non-English digit grouping (1.111,11 / 5,00 / 12,34,567)"
NUM_DATE = "convention: dates and phone/IP numbers are returned whole, not as parts"
NUM_COMPOUND_DENOM = "out of domain: compound-ordinal denominators ('three twenty-firsts')"


def _mention_values(m: QuantityMention) -> list[float]:
    if m.low is None and m.high is None:
        return []
    if m.low == m.high:
        return [m.low]  # type: ignore[list-item]
    if m.low is not None and m.high is not None:
        core = m.text[m.number_start - m.start : m.number_end - m.start]
        if core == m.text or re.search(r"\d|\w", core) and m.number_end == m.end:
            return [m.low, m.high]
        if m.high_open and not m.low_open and m.low == 0.9 * m.high:
            return [m.high]
        return [m.low, m.high]
    return [m.low if m.low is not None else m.high]  # type: ignore[list-item]


def _values(text: str, kinds: tuple[str, ...]) -> list[float]:
    out: list[float] = []
    for m in find_quantities(text):
        if m.kind not in kinds:
            continue
        if m.zero and m.text.lower() not in ("zero", "nought", "naught"):
            continue
        out.extend(_mention_values(m))
    return sorted(round(v, 6) for v in out)


def bench_number(verbose: bool) -> Tally:
    t = Tally("Recognizers-Text NumberModel")
    kinds = ("count", "percent", "money", "fraction", "year", "identifier")
    for case in _load(RT / "Number__NumberModel.json"):
        t.cases += 1
        text = case["Input"]
        gold_texts = " | ".join(r["Text"] for r in case["Results"])
        if re.search(r"\^|\d\s*x\s*10", gold_texts):
            t.excluded[NUM_POWER] += 1
            continue
        if re.search(r"\b(over|out of)\b|\S in \S", gold_texts):
            t.excluded[NUM_RATIO] += 1
            continue
        if re.search(r"\d\.\d{3},\d|\b\d,\d{1,2}\b(?!,?\d)|\d{1,2},\d{2},\d{3}", text):
            t.excluded[NUM_LOCALE] += 1
            continue
        if re.search(r"\d/\d+/\d|\d{3}\.\d+\.\d|\+\d-\d", text):
            t.excluded[NUM_DATE] += 1
            continue
        if re.search(
            r"(twenty|thirty|hundred|thousand|trillion)[\s-]+(firsts?|fifths?|fifth|trillionths?)"
            r"|\btrillionths?\b|\b(one|a|twenty|three) (twenty|one hundred)",
            gold_texts,
        ):
            t.excluded[NUM_COMPOUND_DENOM] += 1
            continue
        gold = sorted(round(float(r["Resolution"]["value"]), 6) for r in case["Results"])
        ours = _values(text, kinds)
        if _close(ours, gold):
            t.passed += 1
        else:
            t.failures.append(f"{text!r}: gold {gold} ours {ours}")
    return t


def _close(a: list[float], b: list[float]) -> bool:
    if len(a) != len(b):
        return False
    return all(abs(x - y) <= 1e-6 * max(1.0, abs(y)) for x, y in zip(a, b, strict=True))


PCT_NULL = "no numeral: gold marks a bare 'percent' word with value null"
PCT_REVERSED = "out of domain: reversed 'percent of 10' phrasing"


def bench_percent(verbose: bool) -> Tally:
    t = Tally("Recognizers-Text PercentModel")
    for case in _load(RT / "Number__PercentModel.json"):
        t.cases += 1
        text = case["Input"]
        if any(r["Resolution"]["value"] in (None, "null") for r in case["Results"]):
            t.excluded[PCT_NULL] += 1
            continue
        if re.match(r"\s*per\s?cents?\b|\s*percents?\b", text):
            t.excluded[PCT_REVERSED] += 1
            continue
        gold = sorted(
            round(float(r["Resolution"]["value"].rstrip("%")), 6) for r in case["Results"]
        )
        ours = _values(text, ("percent",))
        if _close(ours, gold):
            t.passed += 1
        else:
            t.failures.append(f"{text!r}: gold {gold} ours {ours}")
    return t


QU_A_UNIT = "convention: 'a <unit>' / 'a dozen' as 1 unit (we never read 'a' as 1, dozen = 12)"


def bench_quantulum(verbose: bool) -> Tally:
    t = Tally("quantulum3 quantities.json (numbers only, units ignored)")
    for case in _load(QU / "quantities.json"):
        t.cases += 1
        text = case["req"]
        if any(
            re.match(r"(a|an|one|A|An|One)\b", r["surface"]) and r["value"] == 1
            for r in case["res"]
        ):
            t.excluded[QU_A_UNIT] += 1
            continue
        gold = []
        for r in case["res"]:
            u = r.get("uncertainty") or 0
            gold.append((_r(r["value"] - u), _r(r["value"] + u)))
        ours = [
            (_r(m.low), _r(m.high))
            for m in find_quantities(text)
            if m.kind not in ("date", "time", "ordinal") and not (m.zero and m.text.lower() == "no")
        ]
        if sorted(ours, key=str) == sorted(gold, key=str):
            t.passed += 1
        else:
            t.failures.append(f"{text!r}: gold {gold} ours {ours}")
    return t


def bench_speed() -> None:
    texts: list[str] = []
    for name in ("Number__NumberRangeModel", "Number__NumberModel", "Number__PercentModel"):
        texts += [c["Input"] for c in _load(RT / f"{name}.json")]
    texts += [c["req"] for c in _load(QU / "quantities.json")]
    chars = sum(len(x) for x in texts)
    rounds = 20
    found = 0
    t0 = time.perf_counter()
    for _ in range(rounds):
        for x in texts:
            found += len(find_quantities(x))
    dt = time.perf_counter() - t0
    print("Timing")
    print(
        f"  {rounds} rounds over {len(texts)} inputs ({chars} chars): {dt:.3f}s, "
        f"{found / dt:,.0f} mentions/s, {rounds * chars / dt / 1e6:.2f} MB/s"
    )
    _bench_vs_spacy(texts)


def _bench_vs_spacy(texts: list[str]) -> None:
    """The quantity layer's share of the parse: it runs on every paragraph the parser sees."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from claims.extraction.nlp import load_nlp  # noqa: PLC0415

    nlp = load_nlp()
    paragraphs = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)] * 3
    list(nlp.pipe(paragraphs[:20]))  # warm-up
    t0 = time.perf_counter()
    for _ in nlp.pipe(paragraphs, batch_size=64):
        pass
    t_sp = time.perf_counter() - t0
    t0 = time.perf_counter()
    for paragraph in paragraphs:
        find_quantities(paragraph)
    t_q = time.perf_counter() - t0
    chars = sum(map(len, paragraphs))
    print(
        f"  {len(paragraphs)} paragraphs ({chars} chars): quantities {t_q * 1000:.1f} ms, "
        f"spaCy en_core_web_sm pipeline {t_sp * 1000:.1f} ms, "
        f"quantities/parse ratio {t_q / t_sp:.2f}"
    )


def main() -> None:
    verbose = "-v" in sys.argv
    for fn in (bench_range, bench_number, bench_percent, bench_quantulum):
        fn(verbose).report(verbose)
    bench_speed()


if __name__ == "__main__":
    main()
