"""What a number counts: the counted noun, its measure phrase, a comparable family, its scope.

Families put comparable claims in one slot: "22 missile strikes", "more than a dozen ballistic
missiles" and "dozens of missiles" all count projectiles fired; "no casualties" and "reports of
victims" count casualties. Generic nouns (people, civilians, staff) take their family from the
verb: "killing all 176 people" counts deaths.
"""

from __future__ import annotations

# Noun lemma -> family.
NOUN_FAMILIES = {
    "missile": "projectiles",
    "rocket": "projectiles",
    "strike": "projectiles",
    "projectile": "projectiles",
    "shell": "projectiles",
    "mortar": "projectiles",
    "bomb": "projectiles",
    "drone": "projectiles",
    "munition": "projectiles",
    "airstrike": "projectiles",
    "salvo": "projectiles",
    "casualty": "casualties",
    "victim": "casualties",
    "harm": "casualties",
    "death": "deaths",
    "fatality": "deaths",
    "dead": "deaths",
    "body": "deaths",
    "toll": "deaths",
    "death toll": "deaths",
    "injury": "injuries",
    "injured": "injuries",
    "wounded": "injuries",
    "troop": "troops",
    "soldier": "troops",
    "servicemember": "troops",
    "personnel": "troops",
    "base": "bases",
    "basis": "bases",
    "airbase": "bases",
    "arrest": "arrests",
    "detainee": "arrests",
    "evacuee": "evacuated",
    "refugee": "displaced",
    "case": "cases",
    "infection": "cases",
    "barrel": "oil",
}
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
        "marcher",
        "protester",
        "demonstrator",
        "firefighter",
        "officer",
        "policeman",
        "guard",
        "inmate",
        "prisoner",
    ]
)
# Verb or adjective lemma -> family, for people nouns and bare numbers ("killing 12").
VERB_FAMILIES = {
    "kill": "deaths",
    "die": "deaths",
    "dead": "deaths",
    "drown": "deaths",
    "perish": "deaths",
    "injure": "injuries",
    "wound": "injuries",
    "hurt": "injuries",
    "injured": "injuries",
    "wounded": "injuries",
    "treat": "injuries",
    "hospitalise": "injuries",
    "hospitalize": "injuries",
    "miss": "missing",
    "missing": "missing",
    "unaccounted": "missing",
    "arrest": "arrests",
    "detain": "arrests",
    "evacuate": "evacuated",
    "displace": "displaced",
    "rescue": "rescued",
    "fire": "projectiles",
    "launch": "projectiles",
}
# What happened to the people counted, said by an adjective or participle ("14 remain missing").
PREDICATE_FAMILIES = {
    "dead": "deaths",
    "killed": "deaths",
    "kill": "deaths",
    "injured": "injuries",
    "wounded": "injuries",
    "hurt": "injuries",
    "injure": "injuries",
    "wound": "injuries",
    "hospitalised": "hospitalised",
    "hospitalized": "hospitalised",
    "missing": "missing",
    "unaccounted": "missing",
    "trapped": "trapped",
    "stranded": "trapped",
    "displaced": "displaced",
    "homeless": "displaced",
    "evacuated": "evacuated",
    "arrested": "arrests",
    "detained": "arrests",
    "rescued": "rescued",
    "treatment": "hospitalised",
    "hospital": "hospitalised",
}
# People nouns that name everyone, not a group ("people"), or a group only through a compound
# ("crew members").
GENERIC_PEOPLE = frozenset("people person member man".split())
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


# Families whose totals only grow as an event unfolds (a rising figure is an update).
CUMULATIVE_FAMILIES = frozenset(
    [
        "deaths",
        "injuries",
        "casualties",
        "missing",
        "arrests",
        "evacuated",
        "displaced",
        "rescued",
        "cases",
    ]
)
# Verbs whose target is the scope of a projectile count ("hit Ain al-Asad with 12 missiles").
TARGET_VERBS = frozenset(
    ["hit", "strike", "target", "land", "fall", "slam", "pound", "bomb", "shell", "attack"]
)
# Verbs whose subject owns the losses counted ("its forces sustained no casualties").
LOSS_VERBS = frozenset(["sustain", "suffer", "lose", "incur", "take", "report", "record"])


def family_for(noun_lemma: str | None, verb_lemma: str | None, adjective: str | None) -> str:
    """The comparable family of a count, or "" when nothing names what is counted."""
    noun = (noun_lemma or "").lower()
    verb = (verb_lemma or "").lower()
    if adjective and adjective.lower() in PREDICATE_FAMILIES:
        return PREDICATE_FAMILIES[adjective.lower()]
    if noun in NOUN_FAMILIES:
        return NOUN_FAMILIES[noun]
    last = noun.split()[-1] if noun else ""
    if last in NOUN_FAMILIES:
        return NOUN_FAMILIES[last]
    if (not noun or last in PEOPLE_NOUNS) and verb in VERB_FAMILIES:
        return VERB_FAMILIES[verb]
    if last in PEOPLE_NOUNS:
        return f"people:{verb}" if verb else "people"
    if last:
        return last
    return ""
