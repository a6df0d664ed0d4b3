"""The one table of measure families, read by extraction and by detection alike.

A family is what a number counts, in a form two reports can be compared on: "22 missile strikes"
and "more than a dozen ballistic missiles" both count projectiles; "no casualties" and "six
killed" count casualties and deaths, and deaths are counted inside casualties. Each row says
which words name the family (counted nouns, event verbs, predicates), which family it is
counted in (its parent), how its figures behave over time, and how a reason names it.

A newsroom adds a family ("arrested", "displaced", "evacuated") by adding one row here, with an
example sentence: `tests/claims/extraction/test_families.py` checks that extraction produces
every family of the table from its example and that every family a detector names is here.

Pure module (standard library only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Behaviour(StrEnum):
    """How a family's figures move as an event unfolds."""

    # A running total: reports revise it upwards (a death toll). A rise is an update; a fall is a
    # correction or a contradiction.
    CUMULATIVE = "cumulative"
    # The state of things at a moment (the missing, the trapped, people in hospital, a price): it
    # moves either way between reports; two figures for the same moment must agree.
    STATE = "state"
    # One event's count (missiles fired in one attack): every report must agree.
    EVENT = "event"
    # A fact of the story's one event that no later day changes (how many were on board the
    # boat that sank): every report must agree, whatever day it was given on, so its figures
    # carry no moment and are compared across versions and articles alike.
    FIXED = "fixed"
    # One count's result for a holder (votes for a candidate, a candidate's share of the vote):
    # the counting body's own later figures update its earlier ones either way (shares drift as
    # the count goes on), while another source's different figure is a rival count of the same
    # ballots and disagrees with it, whenever it was given.
    TALLY = "tally"


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    behaviour: Behaviour
    figure: str  # how a fact-checker names the figure in a sentence ("death toll")
    example: str  # a sentence extraction must read as this family (checked by a test)
    nouns: tuple[str, ...] = ()  # counted noun lemmas that name the family
    verbs: tuple[str, ...] = ()  # verb lemmas that give generic people or bare numbers the family
    predicates: tuple[str, ...] = ()  # what happened to the counted ("14 remain missing")
    parent: str | None = None  # the family this one is counted inside
    # Event roles of the counted thing: role -> verb lemmas ("hit": hit, strike, land).
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # A verb with its object or prepositional object that gives people the family
    # ("lost their lives", "took to the streets", "joined the march").
    phrases: tuple[tuple[str, str], ...] = ()
    # Events whose people the family counts ("two million people at the protests").
    events: tuple[str, ...] = ()


FAMILIES: tuple[Family, ...] = (
    Family(
        "projectiles",
        Behaviour.EVENT,
        "number of projectiles",
        "Iran fired 22 missiles at two bases.",
        nouns=(
            "missile",
            "rocket",
            "strike",
            "projectile",
            "shell",
            "mortar",
            "bomb",
            "drone",
            "munition",
            "airstrike",
            "salvo",
        ),
        verbs=("fire", "launch"),
        roles=(
            ("fired", ("fire", "launch")),
            ("hit", ("hit", "strike", "land", "target", "fall", "slam", "pound")),
            ("intercepted", ("intercept", "down", "destroy")),
            ("failed", ("fail", "malfunction", "miss")),
        ),
    ),  # fmt: skip
    Family(
        "casualties",
        Behaviour.CUMULATIVE,
        "casualty toll",
        "The army said it suffered no casualties.",
        nouns=("casualty", "victim", "harm"),
        verbs=("harm",),
        predicates=("harmed",),
    ),
    Family(
        "deaths",
        Behaviour.CUMULATIVE,
        "death toll",
        "The quake killed 120 people, officials said.",
        nouns=("death", "fatality", "dead", "body", "toll", "death toll"),
        verbs=("kill", "die", "dead", "drown", "perish"),
        predicates=("dead", "killed", "kill", "died", "die", "drowned", "perished"),
        parent="casualties",
        phrases=(("lose", "life"), ("claim", "life")),
    ),
    Family(
        "injuries",
        Behaviour.CUMULATIVE,
        "number of injured",
        "At least 40 people were injured in the blast.",
        nouns=("injury", "injured", "wounded"),
        verbs=(
            "injure",
            "wound",
            "hurt",
            "injured",
            "wounded",
            "treat",
            "hospitalise",
            "hospitalize",
        ),
        predicates=("injured", "wounded", "hurt", "injure", "wound"),
        parent="casualties",
    ),  # fmt: skip
    Family(
        "hospitalised",
        Behaviour.STATE,
        "number of people in hospital",
        "Nine people remain hospitalised, the clinic said.",
        predicates=("hospitalised", "hospitalized", "treatment", "hospital"),
        parent="injuries",
    ),
    Family(
        "missing",
        Behaviour.STATE,
        "number of missing",
        "Fourteen people remain missing after the flood.",
        verbs=("miss", "missing", "unaccounted"),
        predicates=("missing", "unaccounted"),
        parent="casualties",
    ),
    Family(
        "trapped",
        Behaviour.STATE,
        "number of people trapped",
        "Rescuers said 30 miners were still trapped underground.",
        predicates=("trapped", "stranded"),
    ),
    Family(
        "rescued",
        Behaviour.CUMULATIVE,
        "number of people rescued",
        "The coastguard said 104 people were rescued.",
        verbs=("rescue", "save", "pluck"),
        predicates=("rescued", "saved"),
    ),
    Family(
        "arrests",
        Behaviour.CUMULATIVE,
        "number of arrests",
        "Police said 57 protesters were arrested overnight.",
        nouns=("arrest", "detainee"),
        verbs=("arrest", "detain"),
        predicates=("arrested", "detained"),
        # "nine men are in pretrial custody", "remain in detention", "were taken into custody"
        phrases=(
            ("be", "custody"),
            ("remain", "custody"),
            ("take", "custody"),
            ("be", "detention"),
            ("remain", "detention"),
        ),
    ),
    Family(
        "evacuated",
        Behaviour.CUMULATIVE,
        "number of evacuated people",
        "Authorities said 3,000 residents were evacuated.",
        nouns=("evacuee",),
        verbs=("evacuate",),
        predicates=("evacuated",),
    ),
    Family(
        "displaced",
        Behaviour.CUMULATIVE,
        "number of displaced people",
        "The UN said the fighting displaced 20,000 people.",
        nouns=("refugee",),
        verbs=("displace",),
        predicates=("displaced", "homeless"),
    ),
    Family(
        "participants",
        Behaviour.EVENT,
        "turnout",
        "Police said 80,000 people marched in Paris on Thursday.",
        nouns=(
            "protester",
            "protestor",
            "demonstrator",
            "marcher",
            "participant",
            "attendee",
            "turnout",
        ),
        verbs=(
            "march",
            "demonstrate",
            "protest",
            "rally",
            "gather",
            "parade",
            "attend",
            "participate",
            "mobilize",
            "mobilise",
        ),
        phrases=(
            ("take", "street"),
            ("take", "part"),
            ("take", "protest"),
            ("go", "street"),
            ("go", "rally"),
            ("go", "protest"),
            ("go", "march"),
            ("go", "demonstration"),
            ("join", "protest"),
            ("join", "march"),
            ("join", "demonstration"),
            ("join", "rally"),
            ("join", "strike"),
            ("join", "procession"),
            ("turn", "out"),
            ("bring", "together"),
        ),
        events=(
            "protest",
            "demonstration",
            "march",
            "rally",
            "procession",
            "mobilization",
            "mobilisation",
        ),
    ),  # fmt: skip
    Family(
        "aboard",
        Behaviour.FIXED,
        "number of people on board",
        "The boat was carrying 750 people when it sank.",
        nouns=("passenger",),
        verbs=("carry", "board", "pack", "cram", "transport"),
        predicates=("aboard", "onboard"),
        phrases=(("be", "board"), ("be", "onboard"), ("be", "aboard")),
    ),
    Family(
        "troops",
        Behaviour.STATE,
        "number of troops",
        "About 5,000 US troops are stationed in Iraq.",
        nouns=("troop", "soldier", "servicemember", "personnel"),
    ),
    Family(
        "bases",
        Behaviour.EVENT,
        "number of bases",
        "The missiles targeted two bases, the Pentagon said.",
        nouns=("base", "basis", "airbase"),
    ),
    Family(
        "cases",
        Behaviour.CUMULATIVE,
        "case count",
        "Health officials confirmed 32 new cases on Monday.",
        nouns=("case", "infection"),
    ),
    Family(
        "oil",
        Behaviour.STATE,
        "oil output",
        "The country pumps 4.5 million barrels a day.",
        nouns=("barrel",),
    ),
)

BY_NAME: dict[str, Family] = {family.name: family for family in FAMILIES}
# Nouns outside the table that count the same thing: one slot for "homes destroyed" and
# "houses destroyed".
NOUN_SYNONYMS = {"home": "house", "dwelling": "house", "residence": "house", "hut": "house"}
# Families named by a prefix and a free part: "price:USD", "percent:turnout" (states);
# "votes:maduro", "share:maduro", "votes" (tallies).
STATE_PREFIXES = ("price", "percent")
TALLY_PREFIXES = ("votes", "share")


def _index(attribute: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for family in FAMILIES:
        for word in getattr(family, attribute):
            index.setdefault(word, family.name)
    return index


# Word -> family, for the extraction rules.
NOUN_FAMILIES = _index("nouns")
VERB_FAMILIES = _index("verbs")
PREDICATE_FAMILIES = _index("predicates")
FAMILY_PARENTS = {family.name: family.parent for family in FAMILIES if family.parent}
# (verb lemma, object lemma) -> family; event noun -> family.
PHRASE_FAMILIES = {phrase: family.name for family in FAMILIES for phrase in family.phrases}
EVENT_FAMILIES = _index("events")
# Nouns that name a running figure; what they count comes from their words ("death toll",
# "the number of people killed") or, for "toll" alone, deaths.
FIGURE_NOUNS = frozenset("toll number total tally count figure estimate".split())


# Verbs of damage: a count of things they happened to ("house:destroy", "village:raze") is a
# running total that grows as the damage is assessed.
DAMAGE_VERBS = frozenset("destroy damage raze flatten collapse affect level".split())


def behaviour_of(name: str | None) -> Behaviour | None:
    """How figures of a family move over time; None for a family the table does not know."""
    if not name:
        return None
    family = BY_NAME.get(name)
    if family is not None:
        return family.behaviour
    prefix = name.partition(":")[0]
    if prefix in TALLY_PREFIXES:
        return Behaviour.TALLY
    if name.startswith(STATE_PREFIXES):
        return Behaviour.STATE
    if name.partition(":")[2] in DAMAGE_VERBS:
        return Behaviour.CUMULATIVE
    return None


def figure_name(name: str | None, measure: str) -> str:
    """A plain noun phrase for a running figure ("death toll"; "figure for X" when unknown)."""
    family = BY_NAME.get(name or "")
    return family.figure if family is not None else f"figure for {measure}"


def role_of(name: str, verb_lemma: str) -> str:
    """The event role a verb gives a family's count ("hit" for "11 missiles hit the base")."""
    family = BY_NAME.get(name)
    if family is None:
        return ""
    for role, verbs in family.roles:
        if verb_lemma in verbs:
            return role
    return ""
