"""Canonical source names: fold, alias, demonym and title rules, and per-article resolution.

Rules, in order: a documented alias table of institutions ("Revolutionary Guards" is the
Islamic Revolutionary Guard Corps, "the Pentagon" is the Pentagon); "<Country>'s <body>" becomes
"<Demonym> <body>" ("Iraq's military" -> "Iraqi military"); a person's name loses its titles
("Iranian President Hassan Rouhani" -> "Hassan Rouhani"); within an article a surname alone or a
role named beside the name ("Iran's supreme leader Ayatollah Ali Khamenei") resolves to the full
name, before or after its first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from claims.extraction.lexicon import PERSON_TITLES

# Country or place -> demonym, for "<Country>'s military" -> "<Demonym> military".
DEMONYMS = {
    "afghanistan": "Afghan",
    "america": "American",
    "britain": "British",
    "china": "Chinese",
    "egypt": "Egyptian",
    "france": "French",
    "germany": "German",
    "india": "Indian",
    "iran": "Iranian",
    "iraq": "Iraqi",
    "israel": "Israeli",
    "italy": "Italian",
    "japan": "Japanese",
    "jordan": "Jordanian",
    "lebanon": "Lebanese",
    "libya": "Libyan",
    "norway": "Norwegian",
    "pakistan": "Pakistani",
    "russia": "Russian",
    "saudi arabia": "Saudi",
    "spain": "Spanish",
    "sudan": "Sudanese",
    "syria": "Syrian",
    "turkey": "Turkish",
    "uk": "British",
    "ukraine": "Ukrainian",
    "united kingdom": "British",
    "united states": "US",
    "us": "US",
    "u.s.": "US",
    "yemen": "Yemeni",
    "kuwait": "Kuwaiti",
    "qatar": "Qatari",
    "poland": "Polish",
    "canada": "Canadian",
    "australia": "Australian",
    "mexico": "Mexican",
    "brazil": "Brazilian",
    "nigeria": "Nigerian",
    "kenya": "Kenyan",
    "ethiopia": "Ethiopian",
    "somalia": "Somali",
    "greece": "Greek",
    "netherlands": "Dutch",
    "sweden": "Swedish",
    "denmark": "Danish",
    "finland": "Finnish",
    "belgium": "Belgian",
    "indonesia": "Indonesian",
    "philippines": "Filipino",
    "malaysia": "Malaysian",
    "thailand": "Thai",
    "vietnam": "Vietnamese",
    "bangladesh": "Bangladeshi",
    "nepal": "Nepalese",
    "sri lanka": "Sri Lankan",
    "south korea": "South Korean",
    "north korea": "North Korean",
    "taiwan": "Taiwanese",
    "argentina": "Argentine",
    "chile": "Chilean",
    "colombia": "Colombian",
    "peru": "Peruvian",
    "venezuela": "Venezuelan",
    "cuba": "Cuban",
    "haiti": "Haitian",
    "ecuador": "Ecuadorian",
    "bolivia": "Bolivian",
    "morocco": "Moroccan",
    "algeria": "Algerian",
    "tunisia": "Tunisian",
    "ghana": "Ghanaian",
    "south africa": "South African",
    "senegal": "Senegalese",
    "uganda": "Ugandan",
    "tanzania": "Tanzanian",
    "congo": "Congolese",
    "mali": "Malian",
    "cameroon": "Cameroonian",
    "zimbabwe": "Zimbabwean",
    "portugal": "Portuguese",
    "switzerland": "Swiss",
    "austria": "Austrian",
    "ireland": "Irish",
    "hungary": "Hungarian",
    "romania": "Romanian",
    "bulgaria": "Bulgarian",
    "serbia": "Serbian",
    "croatia": "Croatian",
    "belarus": "Belarusian",
    "armenia": "Armenian",
    "azerbaijan": "Azerbaijani",
    "kazakhstan": "Kazakh",
    "myanmar": "Myanmar",
    "cambodia": "Cambodian",
}
ADJECTIVE_TO_COUNTRY = {v.lower(): k for k, v in DEMONYMS.items()}

# Canonical names of institutions known by several names. Keys are folded (see source_key).
INSTITUTION_ALIASES = {
    "pentagon": "Pentagon",
    "us department of defense": "Pentagon",
    "us defense department": "Pentagon",
    "department of defense": "Pentagon",
    "defense department": "Pentagon",
    "revolutionary guards": "Islamic Revolutionary Guard Corps",
    "revolutionary guard": "Islamic Revolutionary Guard Corps",
    "revolutionary guards corps": "Islamic Revolutionary Guard Corps",
    "revolutionary guard corps": "Islamic Revolutionary Guard Corps",
    "iranian revolutionary guards corps": "Islamic Revolutionary Guard Corps",
    "iranian revolutionary guards": "Islamic Revolutionary Guard Corps",
    "islamic revolutionary guard corps": "Islamic Revolutionary Guard Corps",
    "irgc": "Islamic Revolutionary Guard Corps",
    "guards": "Islamic Revolutionary Guard Corps",
    "white house": "White House",
    "kremlin": "Kremlin",
    "state department": "US State Department",
    "us state department": "US State Department",
    "un": "United Nations",
    "united nations": "United Nations",
    "nato": "NATO",
    "faa": "Federal Aviation Administration",
    "federal aviation administration": "Federal Aviation Administration",
    "us aviation regulator": "Federal Aviation Administration",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "us": "United States",
    "united states": "United States",
    "who": "World Health Organization",
    "world health organization": "World Health Organization",
}

KIND_WORDS = {
    "military": {
        "military",
        "army",
        "navy",
        "forces",
        "force",
        "guards",
        "guard",
        "corps",
        "command",
        "pentagon",
        "troops",
        "militia",
        "militias",
    },
    "government": {
        "government",
        "ministry",
        "minister",
        "office",
        "president",
        "premier",
        "cabinet",
        "white",
        "kremlin",
        "department",
        "embassy",
        "regulator",
        "authority",
        "authorities",
        "parliament",
        "administration",
        "council",
        "police",
        "agency",
        "spokesman",
        "spokeswoman",
        "governor",
        "mayor",
    },
    "anonymous": {
        "official",
        "officials",
        "source",
        "sources",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "diplomat",
        "diplomats",
    },
    "media": {"newspaper", "television", "tv", "agency", "media", "broadcaster"},
}

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lowercase ASCII words: accents, quotes, possessives, articles and punctuation removed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\b(the|an|a)\b", " ", text)
    return _NON_WORD.sub(" ", text).strip()


def source_key(name: str) -> str:
    """The lookup key of a source name (unique per canonical source in the database)."""
    return fold(name)[:200]


# Words that make a mention a description ("the agency", "the U.N. agency", "a ministry
# spokesman"), which stands for a source inside one article only.
DESCRIPTION_HEADS = frozenset(
    """agency organisation organization body ministry authority authorities office department
    spokesman spokeswoman spokesperson official officials source sources report statement
    update government group""".split()
)


def is_name(mention: str) -> bool:
    """True when a mention names its source (a global alias may be made of it); False for a
    description or a pronoun, which resolve inside their article only."""
    words = fold(mention).split()
    return (
        bool(words)
        and words[-1] not in DESCRIPTION_HEADS
        and mention.strip().lower() not in ("he", "she", "it", "they", "we")
    )


def clean_mention(text: str) -> str:
    """The mention as printed, without a leading article, a trailing possessive, punctuation
    or quotes."""
    text = _SPACES.sub(" ", text).strip(" ,;:-\u2013\u2014\"'\u201c\u201d")
    text = re.sub(r"['\u2019]s?$", "", text).rstrip()
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def strip_titles(name: str) -> str:
    """A person's name without leading titles and roles: "Iranian President Hassan Rouhani"."""
    name = re.sub(r"['\u2019]s?$", "", name.strip())
    words = name.split()
    while len(words) > 1 and (
        words[0].lower().strip(",") in PERSON_TITLES or words[0].lower() in ADJECTIVE_TO_COUNTRY
    ):
        words.pop(0)
    return " ".join(words)


def canonical_institution(mention: str) -> str:
    """The canonical name of a non-person mention: alias table, then the demonym rule."""
    key = fold(mention)
    if key in INSTITUTION_ALIASES:
        return INSTITUTION_ALIASES[key]
    match = re.match(r"^(.+?)['\u2019]s\s+(.+)$", clean_mention(mention))
    if match:
        owner, body = match.group(1), match.group(2)
        demonym = DEMONYMS.get(owner.lower())
        if demonym:
            renamed = f"{demonym} {body}"
            return INSTITUTION_ALIASES.get(fold(renamed), renamed)
        # "Iran's Revolutionary Guards Corps": the owner is redundant in the alias table.
        if fold(body) in INSTITUTION_ALIASES:
            return INSTITUTION_ALIASES[fold(body)]
    words = key.split()
    if len(words) > 1 and words[0] in ADJECTIVE_TO_COUNTRY:
        rest = " ".join(words[1:])
        if rest in INSTITUTION_ALIASES:
            return INSTITUTION_ALIASES[rest]
    # "Indonesia authorities" is "Indonesian authorities": a country name used as an adjective.
    cleaned = clean_mention(mention)
    for size in (2, 1):
        country = " ".join(words[:size])
        if len(words) > size and country in DEMONYMS and country not in ("us", "u.s.", "uk"):
            rest = " ".join(cleaned.split()[size:])
            return f"{DEMONYMS[country]} {rest}"
    return cleaned


def guess_kind(mention: str, is_person: bool) -> str:
    """Source kind from the words of its mention."""
    if is_person:
        return "person"
    words = set(fold(mention).split())
    for kind in ("military", "anonymous", "government", "media"):
        if words & KIND_WORDS[kind]:
            if kind == "anonymous" and len(words) > 3:
                continue
            return kind
    if fold(mention) in DEMONYMS or fold(mention) in INSTITUTION_ALIASES:
        return "government"
    return "organisation"


@dataclass
class SourceResolver:
    """Resolves the speaker mentions of one article to canonical names.

    Call `observe()` for every mention first, then `resolve()`: a surname or role used before the
    full name still resolves to the full name.
    """

    persons: dict[str, str] = field(default_factory=dict)  # folded surname -> full name
    roles: dict[str, str] = field(default_factory=dict)  # folded role -> full name
    aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical -> mentions

    def observe(self, mention: str, person_name: str | None, role: str | None) -> None:
        if person_name:
            full = strip_titles(person_name)
            words = full.split()
            if len(words) >= 2:
                surname = fold(words[-1])
                # The longest full name wins: "Ali Khamenei" over "Khamenei"; "al-Khazali" is
                # also called "Khazali".
                for key in {surname, surname.split()[-1]}:
                    if len(full) > len(self.persons.get(key, "")):
                        self.persons[key] = full
                for split in range(1, len(words) - 1):
                    self.persons.setdefault(fold(" ".join(words[split:])), full)
            if role:
                # "the country's interior minister" is also "the interior minister".
                words = fold(role).split()
                for start in range(len(words) - 1):
                    self.roles.setdefault(" ".join(words[start:]), full)
                self.roles.setdefault(fold(role), full)

    def resolve(self, mention: str, person_name: str | None, role: str | None) -> tuple[str, str]:
        """(canonical name, kind) for one mention."""
        if person_name:
            full = strip_titles(person_name)
            key = fold(full)
            canonical = self.persons.get(key) or self.persons.get(key.split()[-1]) or full
            if len(canonical.split()) < len(full.split()):
                canonical = full
            self._remember(canonical, mention)
            return canonical, "person"
        folded = fold(mention)
        if folded in self.roles:
            canonical = self.roles[folded]
            self._remember(canonical, mention)
            return canonical, "person"
        if folded in self.persons:
            canonical = self.persons[folded]
            self._remember(canonical, mention)
            return canonical, "person"
        canonical = canonical_institution(mention)
        self._remember(canonical, mention)
        return canonical, guess_kind(canonical, is_person=False)

    def remember(self, canonical: str, mention: str) -> None:
        """Record one more way the article named a canonical source."""
        self._remember(canonical, mention)

    def _remember(self, canonical: str, mention: str) -> None:
        self.aliases.setdefault(canonical, set()).add(clean_mention(mention))
