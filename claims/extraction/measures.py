"""What a number counts: the counted noun, its measure phrase, a comparable family, its scope.

The families themselves are in `families.py` (one table for extraction and detection).
Families put comparable claims in one slot: "22 missile strikes", "more than a dozen ballistic
missiles" and "dozens of missiles" all count projectiles fired; "no casualties" and "reports of
victims" count casualties. Generic nouns (people, civilians, staff) take their family from the
verb: "killing all 176 people" counts deaths.
"""

from __future__ import annotations

from claims.extraction.families import NOUN_FAMILIES, PREDICATE_FAMILIES, VERB_FAMILIES
from claims.extraction.sources import ADJECTIVE_TO_COUNTRY

__all__ = ["NOUN_FAMILIES", "PREDICATE_FAMILIES", "VERB_FAMILIES", "family_for", "to_base"]

# Nouns that count people: their family comes from the verb or adjective around them.
PEOPLE_NOUNS = frozenset(
    [
        "people",
        "person",
        "civilian",
        "resident",
        "passenger",
        "crew",
        "member",
        "worker",
        "staff",
        "child",
        "woman",
        "man",
        "villager",
        "student",
        "employee",
        "miner",
        "patient",
        "pilot",
        "sailor",
        "fisherman",
        "tourist",
        "migrant",
        "firefighter",
        "officer",
        "policeman",
        "guard",
        "inmate",
        "prisoner",
        "citizen",
        "voter",
        "supporter",
        "youth",
        "teenager",
        "adult",
        "teacher",
        "nurse",
        "farmer",
        "pilgrim",
        "spectator",
        "visitor",
        "other",  # "and 323 others were injured"
    ]
)
# People nouns that name everyone, not a group ("people"), or a group only through a compound
# ("crew members").
GENERIC_PEOPLE = frozenset("people person member man citizen".split())
# Units of measurement: noun lemma -> the unit's symbol; UNIT_BASES converts a symbol to a base
# unit for comparison ("3 km" and "800 m" are compared as 3000 m and 800 m). Claims keep the
# value and unit as written.
UNIT_NOUNS = {
    "metre": "m",
    "meter": "m",
    "m": "m",
    "kilometre": "km",
    "kilometer": "km",
    "km": "km",
    "mile": "mi",
    "foot": "ft",
    "feet": "ft",
    "yard": "yd",
    "kilogram": "kg",
    "kg": "kg",
    "tonne": "t",
    "ton": "t",
    "hectare": "ha",
    "acre": "acre",
    "kph": "km/h",
    "mph": "mph",
}
UNIT_BASES = {
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "mi": ("m", 1609.344),
    "ft": ("m", 0.3048),
    "yd": ("m", 0.9144),
    "kg": ("kg", 1.0),
    "t": ("kg", 1000.0),
    "ha": ("ha", 1.0),
    "acre": ("ha", 0.404686),
    "km/h": ("km/h", 1.0),
    "mph": ("km/h", 1.609344),
}


def to_base(unit: str | None, value: float | None) -> tuple[str | None, float | None]:
    """(base unit, value in it) for a unit we can convert; the input unchanged otherwise."""
    if unit not in UNIT_BASES or value is None:
        return unit, value
    base, factor = UNIT_BASES[unit]
    return base, round(value * factor, 9)


# Verbs whose target is the scope of a projectile count ("hit Ain al-Asad with 12 missiles").
TARGET_VERBS = frozenset(
    ["hit", "strike", "target", "land", "fall", "slam", "pound", "bomb", "shell", "attack"]
)
# Verbs whose subject owns the losses counted ("its forces sustained no casualties").
LOSS_VERBS = frozenset(["sustain", "suffer", "lose", "incur", "take", "report", "record"])


# Verbs whose counted objects can only be people, so the verb alone names the family.
PEOPLE_ONLY_VERBS = frozenset({"arrest", "detain"})


def family_for(noun_lemma: str | None, verb_lemma: str | None, adjective: str | None) -> str:
    """The comparable family of a count, or "" when nothing names what is counted."""
    noun = (noun_lemma or "").lower()
    verb = (verb_lemma or "").lower()
    last = noun.split()[-1] if noun else ""
    if verb in PEOPLE_ONLY_VERBS and VERB_FAMILIES.get(verb):
        # Only people are arrested or detained: "11 smugglers arrested", "nine survivors
        # detained" and "57 protesters arrested" are one count of arrests, whoever they were.
        return VERB_FAMILIES[verb]
    # What happened to people ("dead", "missing") says what they count; it says nothing of
    # homes or villages counted beside them ("1,320 homes destroyed, 1,240 people wounded").
    if (
        adjective
        and adjective.lower() in PREDICATE_FAMILIES
        and (not last or last in PEOPLE_NOUNS or last in NOUN_FAMILIES)
    ):
        return PREDICATE_FAMILIES[adjective.lower()]
    if noun in NOUN_FAMILIES:
        return NOUN_FAMILIES[noun]
    if last in NOUN_FAMILIES:
        return NOUN_FAMILIES[last]
    # A nationality counts people ("no Americans were harmed").
    if last.removesuffix("s") in ADJECTIVE_TO_COUNTRY:
        last = "people"
    if (not noun or last in PEOPLE_NOUNS) and verb in VERB_FAMILIES:
        return VERB_FAMILIES[verb]
    if last in PEOPLE_NOUNS:
        return f"people:{verb}" if verb else "people"
    if last:
        return last
    return ""
