"""Is this English? A function-word heuristic, no model.

English prose is about a quarter to a third common function words ("the", "of", "and", "said",
...). We count the share of words that are in :data:`ENGLISH_FUNCTION_WORDS` and call the text
English when it reaches :data:`ENGLISH_THRESHOLD` (15%), or :data:`ENGLISH_WEAK_THRESHOLD`
(8%) when no other language we know scores higher (headline-heavy short English). The list
leaves out words also frequent in French, German, Spanish, Italian, Portuguese or Dutch ("a",
"in", "on", "an", "die", "as", "do", "i", "so", "no"), so those languages score a few percent
at most. Texts under :data:`MIN_WORDS` words are accepted as English. For a text that is not
English we name the most likely of a few European languages by their own function words, or the
script (Arabic -> "ar"), else "unknown".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

ENGLISH_THRESHOLD = 0.15
ENGLISH_WEAK_THRESHOLD = 0.08
MIN_WORDS = 20


def _words(text: str) -> list[str]:
    return text.split()


ENGLISH_FUNCTION_WORDS = frozenset(
    _words(
        """
    the of and to that for with was were is are be been being has have had it its he she his
    her him they their them this these those which who whom whose from by at or but not said
    says would could should than after about into over more when where while there what we our
    you your if can may other some such only then out up all new one two because during against
    between under through before since told did does just any each many most there's it's
    according very how why
    """
    )
)

OTHER_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _words(
            "le la les des du de et est une un dans pour qui que sur au aux avec pas par ont été "
            "il elle ce sont ne se plus son sa ses a"
        )
    ),
    "de": frozenset(
        _words(
            "der die das und ist nicht den dem ein eine mit von zu auf für sich auch des im wurde "
            "sind hat es bei einer nach wie"
        )
    ),
    "es": frozenset(
        _words(
            "el la los las de del y que en un una por para con es se no su al lo como más fue "
            "dijo sus ha"
        )
    ),
    "it": frozenset(
        _words(
            "il lo la gli le di del della che e è un una per con non sono ha da nel alla ma "
            "dei delle si"
        )
    ),
    "pt": frozenset(
        _words(
            "o a os as de do da dos das e que em um uma para com não no na por foi disse é se "
            "mais ao"
        )
    ),
    "nl": frozenset(
        _words(
            "de het een en van is dat op te zijn niet met voor die er maar werd ook aan bij "
            "naar heeft"
        )
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``language`` is "en", a short code, or "unknown"; ``english_share`` is in [0, 1]."""

    language: str
    english_share: float
    words: int
    script: str | None  # the dominant non-Latin script ("Arabic", "Cyrillic", ...), if any

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def describe(self) -> str:
        """A sentence for error messages, naming what was detected."""
        detected = f"looks like {self.language}" if self.language != "unknown" else "unknown"
        script = f", mostly {self.script} script" if self.script else ""
        return (
            f"text does not look like English ({self.english_share:.0%} English function words;"
            f" need {ENGLISH_THRESHOLD:.0%}{script}; {detected})"
        )


def detect_language(text: str) -> LanguageGuess:
    """Return the language guess for ``text`` (see the module docstring for the heuristic)."""
    words = [word.replace("’", "'") for word in _WORD.findall(text.casefold())]
    total = len(words)
    counts = Counter(words)
    english = sum(n for word, n in counts.items() if word in ENGLISH_FUNCTION_WORDS)
    share = english / total if total else 0.0
    if total < MIN_WORDS or share >= ENGLISH_THRESHOLD:
        return LanguageGuess("en", share, total, None)
    script = _dominant_script(text)
    if script is not None:
        return LanguageGuess("ar" if script == "Arabic" else "unknown", share, total, script)
    best, best_share = "unknown", 0.0
    for code, vocabulary in OTHER_FUNCTION_WORDS.items():
        other = sum(n for word, n in counts.items() if word in vocabulary) / total
        if other > best_share:
            best, best_share = code, other
    if share >= ENGLISH_WEAK_THRESHOLD and share > best_share:
        # Headline-heavy English (few function words) with no other language in sight.
        return LanguageGuess("en", share, total, None)
    language = best if best_share >= ENGLISH_THRESHOLD else "unknown"
    return LanguageGuess(language, share, total, script)


def _dominant_script(text: str) -> str | None:
    """The script of most letters when it is not Latin, from Unicode character names."""
    scripts: Counter[str] = Counter()
    for char in text[:20000]:
        if char.isalpha():
            if char.isascii():
                scripts["LATIN"] += 1
            else:
                scripts[unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]] += 1
    if not scripts:
        return None
    script, _ = scripts.most_common(1)[0]
    if script == "LATIN":
        return None
    names = {"CJK": "Han", "HANGUL": "Hangul"}
    return names.get(script, script.title())
