"""Quantity claims: what a number counts (family, measure, scope, moment) and who gives it."""

from __future__ import annotations

import re

from claims.extraction import quantities as qty
from claims.extraction.attribution import (
    PLACE_ENTS,
    PRONOUNS,
    ArticleState,
    Cue,
    QuoteSpeakers,
    Speaker,
    claim_speaker,
    counts_for,
    is_hedged,
    segment,
    source_fields,
)
from claims.extraction.families import (
    BY_NAME,
    EVENT_FAMILIES,
    FIGURE_NOUNS,
    NOUN_SYNONYMS,
    PHRASE_FAMILIES,
    STATE_PREFIXES,
    TALLY_PREFIXES,
    VERB_FAMILIES,
    Behaviour,
    behaviour_of,
)
from claims.extraction.lexicon import (
    FIGURE_VERBS,
    HEDGE_NOUNS,
    SPEECH_VERBS,
)
from claims.extraction.measures import (
    GENERIC_PEOPLE,
    LOSS_VERBS,
    NOUN_FAMILIES,
    PEOPLE_NOUNS,
    PREDICATE_FAMILIES,
    TARGET_VERBS,
    UNIT_BASES,
    UNIT_NOUNS,
    family_for,
)
from claims.extraction.moments import event_day
from claims.extraction.numbers import SCALES
from claims.extraction.sources import (
    ADJECTIVE_TO_COUNTRY,
    DEMONYMS,
    fold,
)
from claims.extraction.syntax import (
    MEASURE_OBJECTS,
    NOUN_DETERMINERS,
    NUMBER_ATTACHMENTS,
    NUMBER_LINKS,
    NUMBER_WORD_PARTS,
    OBJECTS,
    PREDICATE_COMPLEMENTS,
    SUBJECTS,
    Doc,
    Token,
    ents,
    is_negated,
    singular_form,
    span_text,
    text_of,
    token_at,
    verb_of,
)
from claims.extraction.types import ExtractedClaim, TextBlock

SCOPE_FILLERS = frozenset(
    """its their our his her the a an of force forces troops troop personnel member members
    all some""".split()
)

EXCEED_VERBS = frozenset("pass exceed top surpass cross".split())

# Verbs under which a count of bodies is the death toll ("78 bodies were recovered"); under
# others ("30 bodies were loaded onto trucks") it is some of them.
BODY_TOLL_VERBS = frozenset(
    """recover retrieve find pull count wash identify be remain bring reach rise climb
    increase total stand""".split()
)
INCREMENT_WORDS = frozenset("new additional further fresh more".split())

PART_QUALIFIERS = frozenset(
    {"instantly", "immediately", "on the spot", "at the scene", "in hospital",
     "on the way to hospital", "in the blast", "on impact"}
)  # fmt: skip

DURATION_NOUNS = frozenset(
    "second minute hour night day week month year decade century time".split()
)

ZERO_PRONOUNS = frozenset({"no one", "no-one", "nobody", "none", "not one", "not a single one"})

CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\bnoon\b|\bmidnight\b")

TRADING_TIMES = ("early trading", "at the close", "at the open", "midday trading")

# Verb lemma -> past participle, for the irregular verbs of news copy ("boats sent").
PARTICIPLES = {
    "hit": "hit",
    "strike": "struck",
    "take": "taken",
    "send": "sent",
    "find": "found",
    "hold": "held",
    "keep": "kept",
    "leave": "left",
    "bring": "brought",
    "draw": "drawn",
    "catch": "caught",
    "fall": "fallen",
    "give": "given",
    "see": "seen",
    "make": "made",
    "put": "put",
    "shoot": "shot",
    "lose": "lost",
    "build": "built",
    "spend": "spent",
    "sell": "sold",
    "fly": "flown",
    "drive": "driven",
    "write": "written",
    "rise": "risen",
    "shut": "shut",
    "go": "gone",
    "come": "come",
    "run": "run",
    "flee": "fled",
}

# Families a bare count later in the article can continue (see _continued_family).
COUNTED_FAMILIES = frozenset(
    {"participants", "deaths", "injuries", "missing", "arrests", "rescued", "displaced",
     "evacuated", "casualties"}
)  # fmt: skip
# Families whose counts take the place they were made in as their scope ("80,000 in Paris").
EVENT_SCOPED = frozenset({"participants"})
HARM_FAMILIES = frozenset({"casualties", "deaths", "injuries"})

COUNT_KINDS = frozenset({"count", "percent", "money", "fraction"})


def _is_identifier(doc: Doc, mention: qty.QuantityMention) -> bool:
    """ "the 12841 Coromandel Express", "route 4021 Express": a bare number of four digits or
    more (no thousands separator) followed by a name is a number that names, not counts."""
    if not mention.text.isdigit() or len(mention.text) < 4:
        return False
    after = doc.char_span(mention.end, len(text_of(doc)), alignment_mode="expand")
    if after is None or not len(after):
        return False
    following = after[0]
    return following.pos_ == "PROPN" and following.text[:1].isupper()


_HARM_LEMMA_HASHES: set[int] = set()


def _harm_plurals(doc: Doc) -> list[Token]:
    """Tokens whose lemma is a harm noun, found on the Doc's lemma array (no Token object is
    made for the other words)."""
    if not _HARM_LEMMA_HASHES:
        from spacy.strings import get_string_id

        _HARM_LEMMA_HASHES.update(
            get_string_id(word)
            for lemma, family in NOUN_FAMILIES.items()
            if family in HARM_FAMILIES
            for word in (lemma, lemma.capitalize())
        )
    from spacy.attrs import LEMMA

    lemmas = doc.to_array([LEMMA]).tolist()
    return [doc[i] for i, lemma in enumerate(lemmas) if lemma in _HARM_LEMMA_HASHES]


def bare_plural_mentions(
    doc: Doc, mentions: list[qty.QuantityMention]
) -> list[qty.QuantityMention]:
    """ "reports of victims", "caused casualties": a plural harm noun without a number asserts
    at least one. Skipped when a determiner, number or compound use says otherwise."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for token in _harm_plurals(doc):
        if token.tag_ != "NNS" or NOUN_FAMILIES.get(token.lemma_.lower()) not in HARM_FAMILIES:
            continue
        # Asserted existence only: "caused casualties", "there were victims", "reports of
        # victims"; not "succumbed to injuries" or "the families of victims".
        reported = (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_ in HEDGE_NOUNS
        )
        if token.dep_ not in OBJECTS and not reported:
            continue
        if any(c.dep_ in NOUN_DETERMINERS for c in token.children):
            continue
        if any(start <= token.idx < end for start, end in taken):
            continue
        end = token.idx + len(token.text)
        # "There were no immediate reports of casualties", "did not suffer casualties": none.
        none = (
            reported and any(c.dep_ == "det" and c.lower_ == "no" for c in token.head.head.children)
        ) or (token.dep_ in OBJECTS and is_negated(token.head))
        found.append(
            qty.QuantityMention(
                start=token.idx,
                end=end,
                text=token.text,
                low=0 if none else 1,
                high=0 if none else None,
                low_open=False,
                high_open=False,
                approximate=False,
                kind="count",
                unit=None,
                zero=none,
                number_start=token.idx,
                number_end=end,
            )
        )
    return found


def _counted_noun(doc: Doc, mention: qty.QuantityMention) -> tuple[Token | None, Token]:
    """(counted noun or None, the number's last token)."""
    last = doc[token_at(doc, max(mention.number_end - 1, mention.number_start))]
    number = last
    if mention.unit == "percent" or mention.kind == "money":
        return None, number
    if mention.text.lower() in ZERO_PRONOUNS:
        return None, number  # "nobody was hurt": people, counted by the verb
    # "dozens of missiles", "none of the staff"
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            return pobj, number
    if number.dep_ in NUMBER_ATTACHMENTS and number.head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
    ):
        head = number.head
        while head.dep_ in NUMBER_LINKS and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        return head, number
    if number.pos_ == "NOUN" and number.tag_ == "NNS" and NOUN_FAMILIES.get(number.lemma_.lower()):
        return number, number
    if (
        number.pos_ == "NOUN"
        and number.lower_ not in ("dozens", "hundreds", "thousands", "dozen")
        and not number.like_num  # "over 2,000" the tagger made a noun counts nothing itself
    ):
        return number, number
    # The next noun within two tokens ("22 ballistic missiles" parsed flat).
    for t in doc[number.i + 1 : number.i + 3]:
        if t.pos_ == "NOUN":
            return t, number
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM"):
            break
    return None, number


def _predicate(number: Token, verb: Token) -> str | None:
    """The word that says what happened to the people counted: "dead", "missing", "trapped",
    "hospitalised" ("14 remain missing", "were taken to hospital", "12 dead")."""
    for t in number.doc[number.i + 1 : number.i + 6]:
        word = t.lower_
        if t.pos_ == "ADP" and word in PREDICATE_FAMILIES:
            return word  # "may have been onboard" (tagged as a preposition)
        if t.is_punct or t.pos_ in ("NUM", "CCONJ", "ADP"):
            break  # "19, dozens missing": the word belongs to the next figure
        if word in PREDICATE_FAMILIES or t.lemma_.lower() in ("kill", "injure", "wound"):
            return word
    if verb.lower_ in PREDICATE_FAMILIES:
        return verb.lower_  # "22 people were still missing": the participle is the verb
    for child in verb.children:
        if child.dep_ in PREDICATE_COMPLEMENTS and child.lower_ in PREDICATE_FAMILIES:
            return child.lower_
        if child.dep_ == "xcomp" and child.lemma_.lower() in PREDICATE_FAMILIES:
            return child.lemma_.lower()  # "79 people are confirmed to have died"
        if (
            child.dep_ == "prep"
            and child.lower_ == "to"
            and any(g.lower_ == "hospital" for g in child.children)
        ):
            return "hospitalised"
    return None


def _measure_phrase(noun: Token | None, verb: Token, predicate: str | None) -> str:
    """What is counted, as a person says it: "missile strikes", "people killed"."""
    counted = noun.text.lower() if noun is not None else "people"
    if counted == predicate:
        return f"people {predicate}"  # "41 dead"
    if noun is not None:
        compounds = [
            c.text.lower() for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"
        ]
        counted = " ".join([*compounds, counted])
    participle = _participle(verb, predicate)
    return f"{counted} {participle}".strip() if participle else counted


def _participle(verb: Token, predicate: str | None) -> str:
    if predicate:
        return predicate
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB",) or lemma in ("be", "have", "say", "include", "accord"):
        return ""  # "480,000, according to the union" is a count, not what "accorded"
    if verb.tag_ == "VBN":
        return verb.lower_
    return PARTICIPLES.get(lemma) or (
        lemma + "d"
        if lemma.endswith("e")
        else lemma[:-1] + "ied"
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou"
        else lemma + "ed"
    )


def _dimension(noun: Token, unit: str) -> str:
    """distance / depth / height / length / width / weight / area / speed, from the words around."""
    base = UNIT_BASES[unit][0]
    if base == "km/h":
        return "speed"
    if base == "kg":
        return "weight"
    if base == "ha":
        return "area"
    following = {t.lower_ for t in noun.doc[noun.i + 1 : noun.i + 3]}
    for word, dimension in (
        ("deep", "depth"),
        ("high", "height"),
        ("tall", "height"),
        ("long", "length"),
        ("wide", "width"),
    ):
        if word in following:
            return dimension
    return "distance"


def _reference_place(noun: Token | None) -> str:
    """Where a distance is measured from: "250 km south of Kolkata" -> "Kolkata"."""
    if noun is None:
        return ""
    for token in noun.doc[noun.i + 1 : noun.i + 4]:
        if token.lower_ in ("from", "of", "off", "outside"):
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return span_text(pobj)
    return ""


# Vehicles whose people are counted "on board" ("on the boat", "on the plane").
VESSELS = frozenset("boat ship vessel ferry trawler plane aircraft bus train dinghy".split())
# Who everyone on board is, in a count of those aboard: the whole, never a part of it.
ABOARD_WHOLE = frozenset("migrant passenger refugee person people".split())


def _people_scope(noun: Token | None, family: str) -> str:
    """Who is counted, when the noun names a group ("crew", "miners"): counts of different
    groups are different slots; "people" is everyone (no scope)."""
    if noun is None:
        return ""
    lemma = noun.lemma_.lower()
    nationality = noun.lower_.removesuffix("s")  # "Pakistanis", "Egyptians"
    if nationality in ADJECTIVE_TO_COUNTRY:
        return nationality  # "350 Pakistanis": a nationality among everyone counted
    if lemma not in PEOPLE_NOUNS:
        return ""
    if family in ("aboard", "rescued") and lemma in ABOARD_WHOLE:
        return ""  # "700 migrants on board" and "700 people on board" count the same people
    if lemma in GENERIC_PEOPLE:
        # "crew members": the compound names the group.
        compound = next((c for c in noun.lefts if c.dep_ == "compound"), None)
        return compound.lemma_.lower() if compound is not None else ""
    return lemma


def _time_ref(token: Token) -> str:
    """The time a figure is given for, as written ("1 p.m.", "Tuesday morning", "the close"),
    normalised; "" when the sentence names none."""
    sent = token.sent
    for ent in ents(sent.doc):
        if ent.start < sent.start or ent.end > sent.end:
            continue
        if ent.label_ == "TIME" and _normal_time(ent.text):
            return _normal_time(ent.text)
    lowered = sent.text.lower()
    for phrase in TRADING_TIMES:
        if phrase in lowered:
            return phrase
    return ""


def _moment(token: Token, family: str, state: ArticleState, number: Token | None = None) -> str:
    """The moment a figure is given for: for a one-day event (a crowd, a salvo) the day it
    names ("on Thursday" -> an ISO date, see moments.py); otherwise the clock time."""
    if behaviour_of(family) is Behaviour.FIXED:
        return ""  # one fact of the event, whatever day it was reported on
    if _said_earlier(token) or _preliminary(token):
        # "had initially put the toll at 2,053", "a preliminary figure of 320": an earlier
        # report's figure.
        return "earlier"
    if behaviour_of(family) is Behaviour.TALLY:
        # A count's result is as of the bulletin that gave it: the day its sentence names ("On
        # Friday, August 2, the electoral body issued a second bulletin, claiming ...").
        for ent in _sentence_dates(token.sent):
            day = event_day(ent.text, state.published)
            if day:
                return day
        return _time_ref(token)
    if behaviour_of(family) in (Behaviour.EVENT, Behaviour.CUMULATIVE):
        for node in (token, number):
            compared = _comparison_object(node) if node is not None else None
            if compared is not None:
                # "87,000, up from 80,000": the figure of an earlier event, dated when the
                # comparison names its day ("compared to 2.5 million on January 31"). A
                # comparison that speaks of no time is with a rival count of the same moment
                # ("seventeen times less than the 280,000 put forward by the union").
                day = _baseline_day(compared, state)
                if day or _earlier_baseline(compared):
                    return day or "earlier"
                break
        sent = token.sent
        # Days named earlier in the paragraph, each dating its own clause.
        days = [
            (ent.start, event_day(ent.text, state.published))
            for ent in ents(sent.doc)
            if ent.label_ == "DATE"
            and ent.end <= sent.start
            and dates_clause(ent.root, None)
            and _carries(ent.root)
        ]
        # The day of the event's own verb or the verbs it hangs from, not the day a speaker
        # said it ("700 were on board, officials said Thursday" is not Thursday's figure).
        verbs = {
            verb_of(token).i,
            *(
                t.i
                for t in list(verb_of(token).ancestors)[:2]
                if t.lemma_.lower() not in SPEECH_VERBS
            ),
            # "the 1 million who took part in a first round on Jan. 19": the counted people's
            # own relative clause.
            *(
                c.i
                for holder in {token, *((number, number.head) if number is not None else ())}
                for c in holder.children
                if c.dep_ == "relcl"
            ),
        }
        when = _when_clause_day(token, state)
        if when:
            # "... on Jan. 19, when authorities said 1 million people demonstrated": the day
            # a "when" clause describes.
            return when
        in_sentence = [
            event_day(ent.text, state.published)
            for ent in ents(sent.doc)
            if ent.label_ == "DATE"
            and ent.start >= sent.start
            and ent.end <= sent.end
            and dates_clause(ent.root, verbs)
            and not _in_comparison(ent.root)
        ]
        in_sentence = [day for day in in_sentence if day]
        if in_sentence and behaviour_of(family) is Behaviour.CUMULATIVE:
            # "2,053 were killed on Saturday" dates the deaths (that day's event); "the toll
            # rose to 2,445 on Monday" dates the report of a running total.
            event_verb = verb_of(token)
            own = {event_verb.i}
            if event_verb.dep_ == "conj":  # "killed one person and injured 130"
                own.add(event_verb.head.i)
            own_day = [
                event_day(ent.text, state.published)
                for ent in ents(sent.doc)
                if ent.label_ == "DATE"
                and sent.start <= ent.start
                and ent.end <= sent.end
                and dates_clause(ent.root, own)
            ]
            if own_day and own_day[0] and event_verb.lemma_.lower() in VERB_FAMILIES:
                return f"event {own_day[0]}"
        if in_sentence:
            return in_sentence[0]
        # An undated sentence is about the day its paragraph last named, else the article's day.
        before = [day for _, day in days if day]
        if before:
            return before[-1]
        if behaviour_of(family) is Behaviour.CUMULATIVE and state.published is not None:
            # A running total in an undated sentence ("so far 78 bodies retrieved") is the
            # total as of the report, not of the day the lead's event happened.
            return state.published.isoformat()
        return state.main_day
    return _time_ref(token)


EARLIER_WORDS = frozenset("initially originally previously earlier first".split())
PRELIMINARY_WORDS = frozenset("preliminary provisional initial".split())


def _preliminary(token: Token) -> bool:
    """ "gave a preliminary figure of 320 dead", "an initial toll of 15": the figure noun the
    count hangs from is called preliminary."""
    node = token
    for _ in range(4):
        if any(c.dep_ == "amod" and c.lower_ in PRELIMINARY_WORDS for c in node.children):
            return True
        if node.head.i == node.i or node.pos_ == "VERB":
            return False
        node = node.head
    return False


def _said_earlier(token: Token) -> bool:
    """ "initially put the toll at 2,053", "had earlier said 2,000": the figure of an earlier
    report, given as such by the text (an adverb on the verb that gives it)."""
    verb = verb_of(token)
    for node in (verb, verb.head):
        for child in node.children:
            if child.dep_ == "advmod" and child.lower_ in EARLIER_WORDS and child.i < token.i:
                return True
    return False


def dates_clause(date_root: Token, verbs: set[int] | None) -> bool:
    """A date says when the claim's own clause happened ("marched on Thursday", "On March 7,
    police counted", "joined Tuesday's protests"), not when something it mentions did ("in
    response to the January 3 drone strike"). `verbs`: the clause's verbs; None for any."""
    node = date_root
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return verbs is None and node.pos_ in ("VERB", "AUX")
        if (verbs is None and head.pos_ in ("VERB", "AUX")) or (verbs and head.i in verbs):
            return True
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in EVENT_FAMILIES:
            return False
        node = head
    return False


BASELINE_WORDS = frozenset("than compared against versus vs".split())
CHANGE_WORDS = frozenset("up down rise fall increase decrease climb drop".split())
# Verbs whose "from" figure is the one before a change ("raising the toll from 129").
FROM_CHANGE_WORDS = CHANGE_WORDS | frozenset("raise lower revise reduce lift grow jump".split())


def _sentence_dates(sent: Doc) -> list[Doc]:
    """The DATE entities of a sentence (a Span; spaCy spans, like Docs, stay untyped here)."""
    return [
        ent
        for ent in ents(sent.doc)
        if ent.label_ == "DATE" and sent.start <= ent.start and ent.end <= sent.end
    ]


def _comparison_object(token: Token) -> Token | None:
    """A figure given as the baseline of a comparison ("up from 80,000", "compared with 1.27
    million", "against 57,000 last time", "more than the last day of mobilization on Saturday
    (300,000)"; not a figure in a clause about something "against the plan"): the object of
    the comparing word it is or restates ("80,000" -> itself,
    "57,000 attendees" -> "attendees", "(300,000)" after "than the last day ... on Saturday"
    -> "day"), else None. In "revised the toll from 79 to 78", 78 is the new figure."""
    if (
        token.i > 0
        and token.doc[token.i - 1].lower_ == "to"
        and token.doc[token.i - 1].dep_ == "quantmod"
    ):
        return None
    node = token
    while node.dep_ in ("nummod", "compound", "quantmod") and node.head.i != node.i:
        node = node.head  # from the number to its noun ("57,000 attendees")
    # A figure in brackets restating a day or event ("on Saturday (300,000)"): up through the
    # phrase it restates, at most three steps, to the comparison's object.
    for _ in range(3):
        if node.dep_ == "pobj" and _compares(node.head):
            return node
        if node.dep_ == "appos":
            node = node.head
            continue
        if (
            node.dep_ == "pobj"
            and node.head.lower_ in ("on", "of", "in", "at", "during")
            and node.head.head.pos_ == "NOUN"
        ):
            node = node.head.head  # "the last day of mobilization on Saturday"
            continue
        break
    return node if node.dep_ == "pobj" and _compares(node.head) else None


def _compares(prep: Token) -> bool:
    """A preposition that introduces a comparison's baseline ("than", "against", "compared
    with", "up from")."""
    if prep.lower_ in BASELINE_WORDS:
        return True
    if prep.lower_ in ("with", "to") and prep.head.lower_ == "compared":
        return True
    return prep.lower_ == "from" and prep.head.lemma_.lower() in FROM_CHANGE_WORDS


def _baseline_day(node: Token, state: ArticleState) -> str:
    """The day a baseline's own phrase names (`node`: its comparison object): a date inside
    the compared phrase ("than the 1.27 million estimated during a previous round of protests
    on January 31") or hung on the comparing verb ("compared to 2.5 million on January 31");
    "" when it names none."""
    holders = {node.i, node.head.i}
    if node.head.head.lower_ == "compared":
        holders.add(node.head.head.i)
    for ent in _sentence_dates(node.sent):
        inside = node.left_edge.i <= ent.start and ent.end <= node.right_edge.i + 1
        hung = ent.root.head.i in holders or (
            ent.root.head.dep_ == "prep" and ent.root.head.head.i in holders
        )
        if inside or hung:
            day = event_day(ent.text, state.published)
            if day:
                return day
    return ""


ELIDED_DECIMAL = re.compile(r"^\d{1,3}\.\d{1,3}$")


def _elided_scale(doc: Doc, mention: qty.QuantityMention, number: Token) -> float:
    """The scale word a bare decimal leaves out because its pair gave it: "between 1.2 million
    people ... and 2.8" (2.8 million), "from 1.1 million to 1.3"; 0 when none is left out."""
    if mention.kind != "count" or mention.unit or not ELIDED_DECIMAL.match(mention.text.strip()):
        return 0.0
    before = doc[number.i - 1] if number.i > number.sent.start else None
    if before is None or before.lower_ not in ("and", "to", "or", "-", "\u2013"):
        return 0.0
    if not any(t.lower_ in ("between", "from") for t in doc[number.sent.start : number.i]):
        return 0.0
    for token in reversed(doc[number.sent.start : number.i - 1]):
        if token.lower_ in SCALES and token.i > 0 and doc[token.i - 1].like_num:
            return SCALES[token.lower_]
    return 0.0


def _compared_family(number: Token, state: ArticleState) -> str:
    """The family of the count a baseline figure is compared with ("16,000 demonstrators, ...
    less than the 280,000" -> participants; "500,000 people in Paris against 400,000"), or "":
    the count named before it in its sentence, the article's last count."""
    node = _comparison_object(number)
    if node is None or state.last_count is None:
        return ""
    earlier = [t for t in number.doc[number.sent.start : node.left_edge.i] if t.like_num]
    return state.last_count[0] if earlier else ""


def _when_clause_day(token: Token, state: ArticleState) -> str:
    """The day a "when" clause hangs on ("the first big protest on Jan. 19, when authorities
    said 1 million people demonstrated"), for a count inside that clause; "" otherwise."""
    node = verb_of(token)
    doc = token.doc
    for _ in range(3):
        when = next((c for c in node.children if c.lower_ == "when" and c.dep_ == "advmod"), None)
        if node.dep_ in ("relcl", "advcl") and when is not None:
            # The day the clause hangs on, or the one written right before "when" (the parse
            # often hangs the clause on the main verb: "on Jan. 19, when ...").
            before = when.i - 1
            while before > 0 and doc[before].is_punct:
                before -= 1
            for ent in _sentence_dates(node.sent):
                if ent.start <= node.head.i < ent.end or ent.start <= before < ent.end:
                    return event_day(ent.text, state.published)
            return ""
        if node.head.i == node.i:
            return ""
        node = node.head
    return ""


def _carries(date_root: Token) -> bool:
    """A date that dates the sentences after it in its paragraph: one of a main clause told in
    the story's own time. A flashback ("On March 7, the police had counted 30,000"), a
    subordinate clause ("the previous record dating back to March 7") or a comparison's
    baseline dates only itself."""
    if _in_comparison(date_root):
        return False
    node = date_root
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ != "ROOT" and not (node.dep_ == "conj" and node.head.dep_ == "ROOT"):
        return False
    return not any(c.dep_ == "aux" and c.lower_ == "had" for c in node.children)


# Words that make a comparison's baseline an earlier moment's figure.
EARLIER_BASELINE_WORDS = frozenset(
    "last previous earlier ago first record before prior initial preceding former".split()
)


def _earlier_baseline(node: Token) -> bool:
    """A baseline (`node`: its comparison object) of another moment: a change from it ("up
    from 80,000"), or a phrase that speaks of time ("than the 57,000 of the last protest",
    "against 1.1 million a week earlier"); not a rival count the comparison credits to
    someone else."""
    prep = node.head
    if prep.lower_ == "from":
        return True  # "up from", "down from": a change since then
    # The comparison and what follows it in its clause ("counted 93,000 against 57,000 during
    # the last mobilization"), never the words before it (the claim's own).
    comparer = prep.head
    after = node.doc[prep.i : max(comparer.right_edge.i, node.right_edge.i) + 1]
    return any(t.lower_ in EARLIER_BASELINE_WORDS for t in after)


def _in_comparison(date_root: Token) -> bool:
    """A date inside a comparison's baseline ("against 48,000 demonstrators last Saturday",
    "less than the record day of March 7"): it dates the baseline, not the claim's clause."""
    node = date_root
    for _ in range(4):
        if node.lower_ in BASELINE_WORDS and node.dep_ in ("prep", "advmod", "cc"):
            return True
        if node.dep_ == "pobj" and node.head.lower_ in BASELINE_WORDS:
            return True
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _normal_time(text: str) -> str:
    """ "as of 1 p.m." -> "1 p.m."; "" for a time that names no moment ("the same hour")."""
    text = re.sub(r"^(as of|as at|at|by|around|about|until)\s+", "", text.strip().lower())
    text = re.sub(r"\s+", " ", text)
    clock = CLOCK.search(text)
    if clock is not None:
        return clock.group(0).replace(".", "").replace(" ", "")  # "2 p.m." -> "2pm"
    if not re.search(r"\d", text):
        return ""
    return text


def _noun_phrase(noun: Token) -> str:
    parts = [c.lemma_.lower() for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join([*parts, noun.lemma_.lower()])


def _scope(noun: Token | None, verb: Token, speaker: Speaker | None, family: str = "") -> str:
    """Which forces or place a count is about ("Iraqi forces", "Ain al-Asad"); "" = the total."""
    # "no new bodies were recovered", "12 more deaths": an increment, not the total.
    if noun is not None and any(
        c.dep_ == "amod" and c.lower_ in INCREMENT_WORDS for c in noun.children
    ):
        return "new"
    # "287 died instantly", "12 were killed at the scene": a part of the toll, not the toll.
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in PART_QUALIFIERS:
            return child.lower_
        if child.dep_ == "prep" and " ".join(t.lower_ for t in child.subtree) in PART_QUALIFIERS:
            return " ".join(t.lower_ for t in child.subtree)
    if noun is not None:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("among", "for"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and not counts_for(child, pobj):
                    return span_text(pobj)
    # "in Zenda Jan district, where 1,294 people died": that district's part of the toll.
    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
        named = _named_place_noun(verb.head)
        if named:
            return named
    lemma = verb.lemma_.lower()
    if lemma in LOSS_VERBS and noun is not None and noun.head.i == verb.i:
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is None:
            # "its forces deployed in Iraq sustained no casualties": the parser often hangs the
            # subject on the participle; take the nearest subject to the left in the clause.
            for token in reversed(list(verb.doc[verb.sent.start : verb.i])):
                if token.dep_ in SUBJECTS and token.head.lemma_.lower() not in SPEECH_VERBS:
                    subject = token
                    break
        # "2,053 people lost their lives": the counted are the subject, not its owner.
        if subject is not None and subject.i != noun.i:
            return _owner_scope(subject, speaker)
    # "hit Ain al-Asad with 12 missiles": what projectiles hit; a quake that "struck Herat"
    # killing 1,000 is the whole toll, not a part of it.
    if lemma in TARGET_VERBS and family in ("projectiles", "bases"):
        target = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if target is not None and (noun is None or target.i != noun.i):
            return span_text(target)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "at"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and (noun is None or pobj.i != noun.i):
                    return span_text(pobj)
    return ""


def _owner_scope(subject: Token, speaker: Speaker | None) -> str:
    """ "its forces" / "it" said by the Iraqi military -> "Iraqi forces"; another subject is
    its own scope."""
    noun = "forces"
    if subject.lower_ not in PRONOUNS:
        poss = next((c for c in subject.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ not in ("its", "their", "our"):
            return span_text(subject)
        noun = subject.lemma_.lower() if subject.lemma_.lower() != "force" else "forces"
    if speaker is None or not speaker.canonical:
        return span_text(subject)
    name = speaker.canonical
    first = fold(name).split()[0] if fold(name) else ""
    if first in ADJECTIVE_TO_COUNTRY:
        return f"{name.split()[0]} {noun}"
    if fold(name) in DEMONYMS:
        return f"{DEMONYMS[fold(name)]} {noun}"
    return f"{name} {noun}"


def _scope_key(scope: str) -> str:
    """A comparable key for a scope: countries for demonyms, no determiners or numbers,
    singular words, no generic force words ("its 14 crew" -> "crew", "Iraqi forces" -> "iraq")."""
    words = []
    for word in fold(scope).split():
        if word in SCOPE_FILLERS or word.isdigit():
            continue
        word = ADJECTIVE_TO_COUNTRY.get(word, word)
        words.append(singular_form(word))
    return " ".join(words) or fold(scope)


def _figure_noun_family(noun: Token) -> str:
    """What a figure noun counts: "death toll" and "toll" count deaths; "the number of people
    killed", "the total number of protesters" count what their "of" phrase names."""
    for child in noun.lefts:
        if child.dep_ == "compound" and child.lemma_.lower() in NOUN_FAMILIES:
            return NOUN_FAMILIES[child.lemma_.lower()]
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if counted is not None and counted.like_num:
        counted = None  # "a toll of over 2,000": the figure itself, not what it counts
    if counted is not None:
        verb = next((c for c in counted.children if c.dep_ in ("acl", "relcl", "amod")), None)
        family = family_for(
            counted.lemma_.lower(),
            verb.lemma_ if verb is not None else None,
            counted.lower_ if counted.lower_ in PREDICATE_FAMILIES else None,
        )
        if family and not family.startswith("people"):
            return family
        if verb is not None and verb.lemma_.lower() in VERB_FAMILIES:
            return VERB_FAMILIES[verb.lemma_.lower()]
    if noun.lemma_.lower() == "toll":
        return "deaths"
    return ""


def _context_family(number: Token, noun: Token | None, verb: Token) -> str:
    """The family a count takes from the words around it when its noun names none (see
    families.py): a figure noun it is given for ("the death toll rose to 19", "put the number
    of protesters at 1.1 million", "the toll stood at 125"), a verb phrase ("lost their lives",
    "took to the streets") or an event its people were at ("two million people at protests")."""
    top = number
    while top.dep_ in NUMBER_WORD_PARTS and top.head.pos_ == "NUM":
        top = top.head
    holder = noun if noun is not None and noun.i != number.i else top
    governor = None
    if holder.dep_ == "pobj" and holder.head.lower_ in ("to", "at", "of", "from"):
        governor = holder.head.head
    elif holder.dep_ in ("attr", "dobj", "npadvmod", "nsubj", "appos"):
        governor = holder.head
    if governor is not None:
        for child in governor.children:
            if (
                child.i != holder.i
                and child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")
                and child.lemma_.lower() in FIGURE_NOUNS
            ):
                family = _figure_noun_family(child)
                return family or CONTINUED  # "the figure rose to 1,400": the last measure
        if governor.lemma_.lower() in FIGURE_NOUNS and governor.pos_ == "NOUN":
            family = _figure_noun_family(governor)  # "a toll of 125"
            if family:
                return family
    if holder.dep_ == "pobj" and holder.head.lower_ in ("to", "at"):
        # "put the total number of protesters marching against the plan at 1.1 million": a
        # figure noun earlier in the sentence whose verb governs the number.
        ancestors = {t.i for t in holder.ancestors}
        for token in holder.doc[holder.sent.start : holder.i]:
            if token.lemma_.lower() in FIGURE_NOUNS and verb_of(token).i in ancestors:
                family = _figure_noun_family(token)
                if family:
                    return family
    lemma = verb.lemma_.lower()
    if noun is not None:
        own_phrase = PHRASE_FAMILIES.get((lemma, noun.lemma_.lower()))
        if own_phrase:
            return own_phrase  # "no lives were lost": the counted noun is the verb's object
    for child in verb.children:
        objects = [child] if child.dep_ in ("dobj", "prt", "advmod") else []
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
        for obj in objects:
            phrase_family = PHRASE_FAMILIES.get((lemma, obj.lemma_.lower()))
            if phrase_family:
                return phrase_family
    for owner in (holder, verb):
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in ("at", "in", "during"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in EVENT_FAMILIES:
                        return EVENT_FAMILIES[obj.lemma_.lower()]
    if (
        lemma == "be"
        and any(c.dep_ == "expl" for c in verb.children)
        and ABOARD.search(verb.sent.text)
    ):
        # "According to witnesses on board there were more than 700 people": the people there
        # were, on the vessel the sentence places them on.
        return "aboard"
    if lemma in DRAWING_VERBS | MOTION_VERBS:
        # "The protests drew 119,000 people": the people an event drew are its participants;
        # "119,000 people went to the rallies": the people who went to it.
        for event in _event_nouns(verb):
            return EVENT_FAMILIES[event.lemma_.lower()]
    for child in verb.children:
        # "1.12 million people came out to protest": what they came to do.
        if child.dep_ in ("xcomp", "advcl") and lemma in MOTION_VERBS:
            purpose = VERB_FAMILIES.get(child.lemma_.lower(), "")
            if purpose in BY_NAME and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):
                return purpose
    return ""


def _event_nouns(verb: Token) -> list[Token]:
    """The event nouns a verb of drawing or going names: its subject ("the march in Paris drew
    119,000 people"; also the object the parse gave to "said" in "the ministry said the march
    ... drew"), or where people went ("went to the rallies")."""
    lemma = verb.lemma_.lower()
    found = []
    if lemma in DRAWING_VERBS:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ == "ccomp":
            subjects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        found += subjects
    if lemma in MOTION_VERBS:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("to", "into", "for"):
                found += [c for c in child.children if c.dep_ == "pobj"]
    return [t for t in found if t.lemma_.lower() in EVENT_FAMILIES]


ABOARD = re.compile(r"\b(?:on board|onboard|aboard)\b", re.IGNORECASE)
# Prepositions that place a count ("in Paris", "through the capital", "across Marseille").
PLACE_PREPS = frozenset({"in", "across", "throughout", "over", "through"})
# Verbs whose subject, an event, gathers the people counted ("the march drew 40,000").
DRAWING_VERBS = frozenset("draw attract bring gather mobilise mobilize see".split())
# Verbs of coming out whose purpose clause says what the people counted did.
MOTION_VERBS = frozenset("come go turn pour flood take head gather".split())


# Verbs that say nothing about what happened to what is counted ("there were 350 Pakistanis",
# "the boat had 750 people").
# Prepositions after "were" that say among whom or of what, not what state they are in.
SCOPE_PREPS = frozenset("among of from for with to about including".split())
LIGHT_VERBS = frozenset(
    "be have say include tell report give bring leave get make see remain add number".split()
)
DIMENSIONS = frozenset(
    {"distance", "depth", "height", "length", "width", "weight", "area", "speed"}
)


def _comparable_family(family: str, verb: Token, noun: Token | None = None) -> str:
    """The slot a claim is compared in (see families.py): a family of the table, a price, a
    percentage or a measurement as it is; a count of anything else only together with what
    happened to it ("house:destroy", "people:evacuate"), and not at all when nothing says
    ("350 Pakistanis", "12 people"): two such numbers may count different things."""
    if not family or family in BY_NAME or family in DIMENSIONS:
        return family
    if family in STATE_PREFIXES:
        # "100 per cent of the records": a share or price of nothing named, compared with nothing.
        return ""
    if family.startswith(STATE_PREFIXES) or family.partition(":")[0] in TALLY_PREFIXES:
        return family
    if noun is not None:
        # "left 1,300 homes destroyed": the participle on the noun says what happened.
        participle = next(
            (c for c in noun.children if c.dep_ in ("acl", "amod") and c.tag_ == "VBN"), None
        )
        if participle is not None:
            verb = participle
    lemma = verb.lemma_.lower()
    noun = family.split(":", 1)[0]
    noun = NOUN_SYNONYMS.get(noun, noun)
    if lemma in ("be", "remain", "stay"):
        # "12,000 homes were without electricity", "350 were on board": the state they are in.
        for child in verb.children:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "prep" and pobj is not None and child.lower_ not in SCOPE_PREPS:
                if child.lower_ in ("on", "aboard", "onboard") and (
                    pobj.lemma_.lower() in VESSELS or pobj.lower_ == "board"
                ):
                    return "aboard"  # "700 migrants were on the boat", "on board"
                return f"{noun}:{child.lower_} {pobj.lemma_.lower()}"
            if child.dep_ in ("advmod", "acomp") and child.pos_ in ("ADV", "ADJ"):
                return f"{noun}:{child.lemma_.lower()}"  # "87 miners were underground"
    if verb.pos_ != "VERB" or lemma in LIGHT_VERBS or lemma in SPEECH_VERBS:
        return ""
    return f"{noun}:{lemma}"


def _holder_key(subject: Token | None) -> str:
    """Whose share a percentage is: the subject, through a relative pronoun to its antecedent
    ("Gonzalez, who garnered 44%"); a person by surname (the last word of a two-word name, the
    first surname of a three-word one: "Edmundo Gonzalez Urrutia" -> "gonzalez")."""
    subject = _antecedent(subject)
    if subject is None or subject.pos_ == "PRON" or _is_share(subject):
        return ""  # a pronoun, or a share the parse made the subject ("51.20 percent ... was")
    return _person_holder(subject) or fold(span_text(subject))


def _antecedent(subject: Token | None) -> Token | None:
    """The subject, through a relative pronoun to its antecedent ("Gonzalez, who garnered")."""
    relative = subject is not None and subject.lower_ in ("who", "which", "that")
    if subject is not None and relative and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def _is_share(token: Token) -> bool:
    """A number or a percent word, never the holder of a share."""
    return token.like_num or token.lower_ in ("percent", "%")


def _person_holder(subject: Token | None) -> str:
    """The surname of a subject that names a person ("Nicolas Maduro had secured 51.2%"), or
    "" for anything else (a pronoun, a group, "turnout")."""
    subject = _antecedent(subject)
    if subject is None:
        return ""
    name = span_text(subject)
    looks_like_name = subject.pos_ == "PROPN" and 1 <= len(name.split()) <= 3
    if subject.ent_type_ == "PERSON" or (
        looks_like_name
        and all(w[:1].isupper() for w in name.split())
        and subject.ent_type_ not in PLACE_ENTS
    ):
        # One capitalised name counts too ("Maduro obtained 51.2%"): the small model often
        # tags a lone surname as an organisation.
        return _surname(name)
    return ""


def _surname(name: str) -> str:
    words = [w for w in fold(name).split() if len(w) > 2 and w not in ("mr", "mrs")]
    if len(words) >= 3:
        return words[-2]
    return words[-1] if words else ""


def _person_before(number: Token) -> str:
    """ "showing Gonzalez with 67% and Maduro 30%": the person named just before a share."""
    doc = number.doc
    for ent in reversed(ents(doc)):
        close = ent.end <= number.i and number.i - ent.end <= 3
        if ent.label_ == "PERSON" and close and ent.start >= number.sent.start:
            return _surname(ent.text)
    return ""


def _percent_family(number: Token, subject: Token | None, state: ArticleState | None = None) -> str:
    """A percentage's slot: a named holder's share ("share:maduro" for "Maduro secured 51% of
    the vote"), or what it is a share of ("percent:sheet" for "70% of tally sheets")."""
    restated = _restated_votes(number)
    if restated is not None:
        # "obtained 5,150,092 votes, that is, 51.20 percent of the total", "was left with 4
        # million votes, 44.2 percent": the share of the votes it restates, the same holder's.
        key = _votes_holder(restated, state)
        if key:
            return f"share:{key}"
    of_what = ""
    of_noun = None
    for token in (number, number.head):
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is not None:
            of_what, of_noun = pobj.lemma_.lower(), pobj
            break
    following = (
        of_noun.doc[of_noun.i + 1]
        if of_noun is not None and of_noun.i + 1 < len(of_noun.doc)
        else None
    )
    if of_noun is not None and (
        any(
            c.dep_ in ("acl", "amod") and c.lemma_.lower() in COUNTING_VERBS
            for c in of_noun.children
        )
        or (
            following is not None
            and following.tag_ in ("VBN", "VBD")
            and following.lemma_.lower() in COUNTING_VERBS
        )
    ):
        # "with 80% of the votes counted": how far the count has gone, nobody's share.
        return "percent:counted"
    if of_what and of_what not in VOTE_NOUNS:
        # "over 80% of the tally sheets": a share of something else than the vote.
        return f"percent:{of_what}"
    if subject is not None and subject.left_edge.i <= number.i <= subject.right_edge.i:
        subject = None  # "62% of voters oppose the plan": the share is the subject itself
    pronoun_holder = ""
    if subject is not None and subject.lower_ in ("he", "she"):
        # "He won re-election with 51.2 percent": the person named before.
        before = [e for e in ents(subject.doc) if e.label_ == "PERSON" and e.end <= subject.i]
        subjects = [
            t
            for t in subject.doc[: subject.i]
            if t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ != "GPE"
        ]
        if before:
            pronoun_holder = _surname(before[-1].text)
        elif subjects:
            pronoun_holder = _surname(subjects[-1].text)
        elif state is not None and state.person_before_paragraph is not None:
            pronoun_holder = _surname(state.person_before_paragraph.person_name or "")
    holder = (
        _share_owner(number, of_noun)
        or _person_before(number)
        or pronoun_holder
        or _person_holder(subject)
        or _side_holder(subject, state)
    )
    if holder:
        # A named holder's share of a count ("Maduro's 51%"): a tally, like its votes.
        return f"share:{holder}"
    key = _holder_key(subject) or of_what
    return f"percent:{key}" if key else "percent"


def _restated_votes(number: Token) -> Token | None:
    """The count of votes a percentage restates: "5,150,092 votes, that is, 51.20 percent",
    "4 million votes, 44.2 percent" (an apposition); None otherwise."""
    share = number.head if number.head.lower_ in ("percent", "%", "cent") else number
    head = share.head
    if share.dep_ == "appos" and head.lemma_.lower() in VOTE_NOUNS:
        return head
    if (
        share.dep_ == "attr"
        and head.dep_ == "relcl"
        and head.lemma_.lower() == "be"
        and head.head.lemma_.lower() in VOTE_NOUNS
    ):
        return head.head
    # The parse lost the apposition: the words right before the share ("... 92 votes, that
    # is, 51.20 percent").
    doc, i = number.doc, number.i - 1
    while i > number.sent.start and (doc[i].is_punct or doc[i].lower_ in RESTATING_WORDS):
        i -= 1
    if i < number.i - 1 and doc[i].lemma_.lower() in VOTE_NOUNS and doc[i].tag_ == "NNS":
        return doc[i]
    return None


RESTATING_WORDS = frozenset("that is i.e. or".split())


def _votes_holder(votes: Token, state: ArticleState | None) -> str:
    """Whose votes a vote count is: the candidate it is "for", the one who "had won" them, or
    the person who got them ("Maduro obtained 5.15 million votes")."""
    key = _candidate_for(votes) or _winner_of(votes)
    if key:
        return key
    verb = verb_of(votes)
    key = _candidate_for(verb)
    if key:
        return key
    voter = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    return _person_holder(voter)


def note_candidates(doc: Doc, state: ArticleState) -> None:
    """Remember each side's candidate the article names: "opposition candidate Edmundo
    Gonzalez", "its candidate, Edmundo González" (its: the clause's subject, "Venezuela's
    opposition"), "Maduro, the ruling party's candidate". A share a side's group claims
    ("the opposition coalition garnered 70 percent") is then its candidate's share."""
    if "candidate" not in text_of(doc).lower():
        return
    for token in doc:
        if token.lemma_.lower() != "candidate":
            continue
        person = None
        if token.dep_ in ("compound", "appos") and token.head.ent_type_ == "PERSON":
            person = token.head
        else:
            person = next(
                (c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"),
                None,
            )
        if person is None:
            continue
        name = next((e.text for e in ents(doc) if e.start <= person.i < e.end), person.text)
        for side in token.children:
            if side.dep_ not in ("compound", "amod", "poss") or side.ent_type_ == "PERSON":
                continue
            if side.pos_ == "PRON":
                # "its candidate": the side is the subject of the clause above.
                root = side.sent.root
                side = next((c for c in root.children if c.dep_ in SUBJECTS), side)
                if side.pos_ not in ("NOUN", "PROPN"):
                    continue
            state.candidates.setdefault(side.lemma_.lower(), _surname(name))


def _side_holder(subject: Token | None, state: ArticleState | None) -> str:
    """The candidate of the side a group subject names ("the opposition coalition", or "it"
    for it in "the opposition coalition insisted it had garnered 70 percent")."""
    if subject is None or state is None or not state.candidates:
        return ""
    if subject.lower_ in ("it", "they"):
        verb = subject.head
        if verb.dep_ == "ccomp":
            subject = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
            if subject is None:
                return ""
    if subject.ent_type_ == "PERSON":
        return ""
    words = {subject.lemma_.lower()} | {
        c.lemma_.lower() for c in subject.children if c.dep_ in ("compound", "amod")
    }
    sides = sorted(words & state.candidates.keys())
    return state.candidates[sides[0]] if sides else ""


VOTE_NOUNS = frozenset("vote ballot voter electorate poll".split())
COUNTING_VERBS = frozenset("count tally process report scrutinize scrutinise verify".split())


def _candidate_for(token: Token) -> str:
    """The candidate a "for" phrase on `token` names: "votes for Maduro", "4.45 million for
    Gonzalez", "6.27 million for his rival, former diplomat Edmundo Gonzalez"."""
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ != "for":
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if pobj.pos_ == "PROPN":
            return _surname(span_text(pobj))
        named = next((c for c in pobj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:
            return _surname(span_text(named))
        # "for his rival, former diplomat Edmundo Gonzalez": an apposition the parse missed,
        # the person named right after the comma.
        doc = pobj.doc
        if pobj.i + 1 < len(doc) and doc[pobj.i + 1].text == ",":
            for ent in ents(doc):
                if ent.label_ == "PERSON" and pobj.i + 1 < ent.start <= pobj.i + 5:
                    return _surname(ent.text)
    return ""


WINNING_VERBS = frozenset("win obtain get receive secure garner take gain poll".split())


def _winner_of(votes: Token) -> str:
    """Whose votes a relative clause says they are: "the 5.15 million votes (that) the
    authority said Maduro had won" -> "maduro"."""
    for clause in votes.children:
        if clause.dep_ != "relcl":
            continue
        for verb in clause.subtree:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in WINNING_VERBS:
                continue
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ == "PROPN":
                return _surname(span_text(subject))
    return ""


def _votes_before(number: Token) -> bool:
    """A count of votes comes before the number in its sentence."""
    return any(t.lemma_.lower() == "vote" for t in number.doc[number.sent.start : number.i])


def _share_owner(number: Token, of_noun: Token | None = None) -> str:
    """Whose share a percentage is, from the words around it: "44 percent (of the votes) for
    Edmundo González", "González Urrutia's 44.2%", "declared Maduro the winner with 51
    percent", "González got 66% and Maduro about 31%"."""
    holders = [number]
    if number.head.lower_ in ("percent", "%", "per", "cent") or number.head.like_num:
        holders.append(number.head)
    share = holders[-1]
    if of_noun is not None:
        holders.append(of_noun)
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "for":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ == "PROPN":
                    return _surname(span_text(pobj))
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                return _surname(span_text(child))
    # "declared Ramos the winner (of the election) with 52 percent": the one declared.
    if share.head.lower_ == "with" and share.dep_ == "pobj":
        node = share.head.head
        for _ in range(4):
            named = next(
                (
                    c
                    for c in node.children
                    if c.dep_ in ("dobj", "nsubjpass", "ccomp", "oprd") and c.pos_ == "PROPN"
                ),
                None,
            )
            if named is not None:
                return _surname(span_text(named))
            if node.pos_ == "VERB" or node.head.i == node.i:
                break
            node = node.head
    # A name right before the share, only modifiers between ("Maduro about 31%").
    doc = number.doc
    i = number.i - 1
    while i > number.sent.start and doc[i].lower_ in SHARE_MODIFIERS:
        i -= 1
    if (
        number.sent.start < i < number.i
        and doc[i].pos_ == "PROPN"
        and doc[i].text[:1].isupper()
        and doc[i].ent_type_ not in ("GPE", "NORP", "DATE")
    ):
        start = i
        while start > number.sent.start and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return _surname(doc[start : i + 1].text)
    return ""


SHARE_MODIFIERS = frozenset(
    "about around nearly almost only just some roughly over under with".split()
)


def _reported_count(number: Token) -> bool:
    """ "Martinez claimed two million", "the ministry counted 480,000": a bare number that is
    what a reporting or counting verb gives (not "of whom 12 were Pakistanis")."""
    node = number
    while node.dep_ in NUMBER_WORD_PARTS and node.head.pos_ == "NUM":
        node = node.head
    if _credited_right_after(node):
        return True
    # Up through objects, appositions and conjuncts ("counted 30,000 demonstrators and the
    # unions 245,000"), at most four steps.
    for _ in range(4):
        head = node.head
        if node.dep_ == "pobj" and head.lower_ in ("to", "at"):
            head = head.head
        elif node.dep_ not in ("dobj", "attr", "npadvmod", "appos", "conj", "ccomp", "nummod"):
            return False
        lemma = head.lemma_.lower()
        if head.pos_ == "VERB":
            return lemma in SPEECH_VERBS or lemma in FIGURE_VERBS
        if head.i == node.i:
            return False
        node = head
    return False


def _credited_right_after(number: Token) -> bool:
    """A bare number credited by the words right after it: "480,000, estimates the ministry",
    "(81,000, according to the prefecture)", "the 280,000 put forward by the union"."""
    if any(
        c.dep_ == "acl" and c.lemma_.lower() in FIGURE_VERBS | SPEECH_VERBS for c in number.children
    ):
        return True
    doc = number.doc
    i = number.i + 1
    if i < len(doc) and doc[i].lower_ == "according":
        return True  # "1.09 million according to the Interior"
    if i < len(doc) and doc[i].lower_ == "for":
        # "800,000 for the police": credited as "according to" credits it.
        target = next((c for c in doc[i].children if c.dep_ == "pobj"), None)
        if target is not None and counts_for(doc[i], target):
            return True
    if i >= len(doc) or doc[i].text not in (",", "("):
        return False
    while i < len(doc) and doc[i].text in (",", "("):
        i += 1
    if i >= len(doc):
        return False
    following = doc[i]
    return following.lower_ == "according" or (
        following.pos_ == "VERB" and following.lemma_.lower() in SPEECH_VERBS | FIGURE_VERBS
    )


def _continued_family(low: float | None, high: float | None, state: ArticleState) -> str:
    """ "Martinez claimed two million": a bare count continues the measure of the article's last
    count when it is of the same order of magnitude (within a factor of ten)."""
    value = low if low is not None else high
    if value is None or value <= 0:
        return ""
    # The latest of the article's recent counts of that order ("1.12 million marched ...,
    # including 80,000 in Paris. Martinez claimed two million": the total, not the part).
    for family, before in reversed(state.recent_counts):
        if before > 0 and before / 10 <= value <= before * 10:
            return family
    return ""


CONTINUED = "~continued"  # a figure noun that names no measure: the article's last one


def _whole_of_part(number: Token, noun: Token | None) -> Token | None:
    """ "1.1 million, including 80,000 in Paris": the number a part is included in."""
    holder = noun if noun is not None else number
    if holder.dep_ == "conj" and holder.head.pos_ in ("VERB", "AUX") and _place_scope(number, noun):
        # "... over two million people at protests, and 400,000 in the capital": the number
        # before it in the sentence, for another place.
        before = [t for t in holder.doc[holder.sent.start : holder.left_edge.i] if t.like_num]
        return before[-1] if before else None
    if holder.dep_ == "conj" and holder.head.pos_ in ("NUM", "NOUN") and holder.head.i < holder.i:
        # "over two million ..., and 400,000 in the capital": a sibling of the same measure.
        sibling = holder.head
        if sibling.pos_ == "NUM":
            return sibling
        numbers = [c for c in sibling.children if c.dep_ == "nummod"]
        return numbers[-1] if numbers else None
    prep = holder.head if holder.dep_ == "pobj" else None
    if prep is None or prep.lower_ != "including":
        return None
    whole = prep.head
    if whole.pos_ == "NUM":
        return whole
    numbers = [c for c in whole.children if c.dep_ == "nummod" and c.i < prep.i]
    if numbers:
        return numbers[-1]
    before = [t for t in whole.doc[whole.sent.start : prep.i] if t.like_num]
    return before[-1] if before else None


def _place_scope(number: Token, noun: Token | None, verb: Token | None = None) -> str:
    """ "80,000 in Paris", "400,000 in the capital alone", "marched in Marseille": the place a
    count covers; "" for a whole country ("in France", "across the country", "nationwide"),
    which is the total other places are parts of."""
    # The clause's own words first, then a place fronted before the number on the verbs above
    # ("In the capital, police said 87,000 people took to the streets").
    owners = [noun, number, verb]
    own = [noun, number, verb]  # the clause's own words, whose places may follow the number
    if verb is not None:
        # The event the people were at ("went to the rallies in Paris", "the march in Paris
        # drew 119,000 people"), then the verbs above.
        events = _event_nouns(verb)
        owners += events
        own += events
        owners += list(verb.ancestors)[:2]
        # "Marseille, where the prefecture counted 16,000": the place the clause describes.
        for node in (verb, *list(verb.ancestors)[:2]):
            if node.dep_ != "relcl" or not any(c.lower_ == "where" for c in node.children):
                continue
            place = node.head
            if place.pos_ == "PROPN" and place.ent_type_ not in ("DATE", "TIME", "NORP"):
                return span_text(place)
            named = _named_place_noun(place)
            if named:
                return named
    for owner in owners:
        if owner is None:
            continue
        for child in owner.children:
            if owner not in own and child.i > number.i:
                continue
            if child.dep_ == "advmod" and child.lower_ in ("nationwide", "countrywide"):
                return ""
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                place = next((c for c in child.children if c.dep_ == "pobj"), None)
                # A proper name after "in" is a place even when the tagger took it for a person.
                if place is None or place.ent_type_ not in (
                    "GPE",
                    "LOC",
                    "FAC",
                    "PERSON",
                    "ORG",
                    "",
                ):
                    continue
                if place.pos_ != "PROPN" and place.lemma_.lower() not in ("capital", "city"):
                    # "in the Parisian procession": a place's adjective (see placed()).
                    adjective = next(
                        (
                            c
                            for c in place.children
                            if c.dep_ in ("amod", "compound")
                            and c.text[:1].isupper()
                            and not c.is_sent_start
                        ),
                        None,
                    )
                    if adjective is None or adjective.lower_ in ADJECTIVE_TO_COUNTRY:
                        continue
                    return adjective.text
                if fold(place.text) in DEMONYMS or place.lemma_.lower() in ("country", "nation"):
                    return ""
                return span_text(place)
    return ""


def _named_place_noun(place: Token) -> str:
    """ "Zenda Jan district" -> "Zenda Jan": a kind of place after its name; "" otherwise."""
    name = [c for c in place.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if place.lemma_.lower() in PLACE_NOUNS and name:
        return place.doc[name[0].left_edge.i : place.i].text
    return ""


# "according to the same update", "in the same report": the report quoted just before.
SAME_REPORT = re.compile(
    r"\bthe same (?:update|report|statement|bulletin|briefing|count|tally|assessment)\b",
    re.IGNORECASE,
)


# Nouns that name a kind of place after its name ("Zenda Jan district", "Ryder County").
PLACE_NOUNS = frozenset(
    "district province village town city county region area municipality state".split()
)


# "In Paris, 37,000 people marched ...", "First in Paris.": a place that opens a paragraph.
OPENING_PLACE = re.compile(
    r"^\s*(?:(?:First|Then|And|But|Meanwhile|Also),? )?[Ii]n ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)"
    r"(?: \([^)]{1,40}\))?[,.]"  # "In Marseille (Bouches-du-Rhône), ..."
)
# Words that make a count the whole country's, whatever place opened the paragraph.
WHOLE_COUNTRY = re.compile(
    r"\b(?:(?i:nationwide|countrywide|across the country|throughout the country|in all|national)"
    r"|across [A-Z]\w+)\b"
)


def _paragraph_place(number: Token) -> str:
    """The city a paragraph opens with ("In Paris, 37,000 ... The CGT claimed 450,000"): the
    place of its event counts that name none and are not the whole country's."""
    doc = number.doc
    opening = OPENING_PLACE.match(text_of(doc))
    if opening is None or WHOLE_COUNTRY.search(number.sent.text):
        return ""
    place = opening.group(1)
    if fold(place) in DEMONYMS or place.lower() in ADJECTIVE_TO_COUNTRY:
        return ""  # "In France, ..." is the whole
    return place


def placed(scope: str, state: ArticleState) -> str:
    """A place scope named as the article names the place: "the capital" is the capital the
    article names ("the capital, Caracas", its dateline city), "Parisian" is Paris when the
    article names Paris."""
    if not scope:
        return scope
    folded = fold(scope)
    if folded in ("capital", "capital city") and state.capital:
        return state.capital
    if " " not in folded and folded[:1].isalpha() and scope[:1].isupper():
        for place in state.places:
            name = fold(place)
            if (
                name != folded
                and len(name) >= 4
                and " " not in name
                and folded.startswith(name[: max(4, len(name) - 1)])
                and len(folded) > len(name)
            ):
                return place
    return scope


def _count_family(
    number: Token, noun: Token | None, verb: Token, predicate: str | None, noun_lemma: str | None
) -> str:
    """The family of a count from its noun, verb and predicate, then from its context."""
    family = family_for(noun_lemma, verb.lemma_, predicate)
    if not family or family.startswith("people") or family not in BY_NAME:
        # People counted by what they are ("350 Pakistanis were on board") or nothing known.
        family = _context_family(number, noun, verb) or family
    return family


def quantity_claim(
    block: TextBlock,
    doc: Doc,
    mention: qty.QuantityMention,
    by_token: dict[int, Cue],
    quotes: list[tuple[int, int]],
    quote_speakers: QuoteSpeakers,
    state: ArticleState,
) -> ExtractedClaim | None:
    """The claim of one quantity mention, or None when it counts nothing we can name."""
    if _is_identifier(doc, mention):
        return None
    noun, number = _counted_noun(doc, mention)
    # "nobody was hurt" counts people; a bare "no" without its noun counts nothing.
    if mention.zero and noun is None and mention.text.lower() not in ZERO_PRONOUNS:
        return None
    if noun is not None and (
        (noun.lemma_.lower() in DURATION_NOUNS and (mention.low == 1 or noun.lemma_ == "time"))
        or any(cue.speaker.head_i == noun.i for cue in by_token.values())
    ):
        return None  # "in one night", "three times"; "Two witnesses said": who speaks
    anchor = noun if noun is not None else number
    verb = verb_of(anchor)
    if verb.dep_ == "prep" and verb.lower_ == "according" and noun is not None:
        # "8,500 people, according to the police, and 50,000 demonstrators, according to the
        # unions, demonstrated": the parse hung the second count on "according".
        verb = verb_of(verb.head)
    predicate = _predicate(number, verb)
    noun_lemma = _noun_phrase(noun) if noun is not None else None
    if noun is None:
        # "The death toll rose to 19": the subject names what the bare number counts.
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is not None and subject.lemma_.lower() in NOUN_FAMILIES:
            noun_lemma = _noun_phrase(subject)
    low, high, unit = mention.low, mention.high, mention.unit
    scale = _elided_scale(doc, mention, number)
    if scale:
        # "between 1.2 million people ..., and 2.8, according to the unions": 2.8 million.
        low = low * scale if low is not None else None
        high = high * scale if high is not None else None
    low_open, high_open = mention.low_open, mention.high_open
    top = number
    while top.dep_ in NUMBER_WORD_PARTS and top.head.pos_ == "NUM":
        top = top.head  # "three dozen": "dozen" hangs from "three"
    if (
        top.head.lemma_.lower() in EXCEED_VERBS
        and top.dep_ in MEASURE_OBJECTS
        and low is not None
        and low == high
        and not mention.zero
        # "that figure exceeds the estimated 1 million who took part": a figure of its own.
        and not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in top.children)
        and not any(c.dep_ == "relcl" for c in top.children)
    ):
        # "the toll passed three dozen", "deaths topped 100": more than the figure.
        high, low_open, high_open = None, True, False
    part_of = ""
    if mention.kind == "money":
        family = "price" + (f":{mention.unit}" if mention.unit else "")
        measure = "price" if not mention.unit else f"price ({mention.unit})"
    elif mention.unit == "percent":
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        what = span_text(subject) if subject is not None and not _is_share(subject) else ""
        family = _percent_family(number, subject, state)
        change = verb.lemma_.lower() in CHANGE_WORDS | {"gain", "lose", "jump", "slip", "add"}
        holder = family.partition(":")[2]
        measure = f"{holder or what} {'change' if change else 'share'} (percent)".strip()
    elif noun is not None and (noun.lemma_.lower() in UNIT_NOUNS or noun.lower_ in UNIT_NOUNS):
        # "about 3 km from the pier", "up to 40 metres deep": a measurement, not a count.
        unit = UNIT_NOUNS.get(noun.lower_) or UNIT_NOUNS[noun.lemma_.lower()]
        following = noun.doc[noun.i + 1 : noun.i + 3].text.lower()
        if unit in ("km", "mi") and following.startswith(("per hour", "an hour", "/h")):
            unit = "km/h" if unit == "km" else "mph"
        family = _dimension(noun, unit)
        measure = family
    elif (
        noun is not None
        and noun.lemma_.lower() in VOTE_NOUNS - {"voter", "electorate", "poll"}
        and mention.kind == "count"
    ):
        # "2.75 million votes for Maduro", "Maduro obtained 5.15 million votes": whose votes,
        # keyed like a share ("votes:maduro").
        voter = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        key = _candidate_for(noun) or _candidate_for(verb) or _winner_of(noun)
        if not key:
            key = _percent_family(noun, voter, state).partition(":")[2]
            if voter is not None and key == fold(span_text(voter)) and voter.pos_ != "PROPN":
                key = ""  # "the tallies showed 2.75 million votes": not the tallies' votes
        family = f"votes:{key}" if key and key not in VOTE_NOUNS else "votes"
        measure = f"votes ({key})" if key else "votes"
    elif noun is None and _candidate_for(number) and _votes_before(number):
        # "..., compared to 4.45 million for Gonzalez": the votes of another candidate.
        key = _candidate_for(number)
        family, measure = f"votes:{key}", f"votes ({key})"
    else:
        family = _count_family(number, noun, verb, predicate, noun_lemma)
        whole = _whole_of_part(number, noun)
        if whole is not None and (not family or family.startswith("people")):
            # "..., including 80,000 in Paris": a part of the figure it is included in.
            whole_noun = next(
                (h for h in (whole.head,) if whole.dep_ in NUMBER_ATTACHMENTS and h.pos_ == "NOUN"),
                None,
            )
            whole_verb = verb_of(whole_noun if whole_noun is not None else whole)
            family = _count_family(
                whole,
                whole_noun,
                whole_verb,
                _predicate(whole, whole_verb),
                _noun_phrase(whole_noun) if whole_noun is not None else None,
            )
            is_part = (noun if noun is not None else number).dep_ == "pobj"
            part_of = _place_scope(number, noun) or ("part" if is_part else "")
        if mention.zero and not family:
            return None
        if noun is None and predicate:
            measure = f"people {predicate}"
        elif noun is None and noun_lemma:
            measure = noun_lemma  # "death toll"
        else:
            measure = _measure_phrase(noun, verb, predicate)
    if (
        (not family or family.startswith("people"))
        and mention.kind == "count"
        and unit is None
        # "Martinez claimed two million", "the prefecture counted 93,000 people"
        and (noun is None or noun.lemma_.lower() in GENERIC_PEOPLE)
        and not mention.zero
        and _reported_count(number)
    ):
        family = _continued_family(low, high, state) or family
    if family == CONTINUED:
        family = _continued_family(low, high, state)
    if (not family or family.startswith("people")) and mention.kind == "count" and unit is None:
        # "16,000 demonstrators, seventeen times less than the 280,000 put forward by the
        # union": a comparison's baseline counts what the figure it is compared with counts.
        family = _compared_family(number, state) or family
    # "no immediate suggestion", "no longer": a zero only counts a countable noun we know.
    if (
        mention.zero
        and noun is not None
        and family == noun.lemma_.lower()
        and noun.lemma_.lower() not in NOUN_FAMILIES
        and noun.lemma_.lower() not in PEOPLE_NOUNS
    ):
        return None
    speaker, cue = claim_speaker(anchor, by_token, quotes, quote_speakers)
    source, source_mention, attributed = source_fields(speaker, state)
    slot = _comparable_family(family, verb, noun)
    if text_of(doc)[mention.end : mention.end + 8].lower().startswith(("-strong", " strong")):
        slot = ""  # "a 1,000-strong group": the size of a group, not a count of the event
    if (
        slot == "deaths"
        and noun is not None
        and noun.lemma_.lower() == "body"
        and verb.pos_ == "VERB"
        and verb.lemma_.lower() not in BODY_TOLL_VERBS
    ):
        # "About 30 bodies were loaded onto trucks": some of the bodies, not the toll.
        slot = f"body:{verb.lemma_.lower()}"
    scope = (
        _reference_place(noun) if unit in UNIT_BASES else _scope(noun, verb, speaker, slot)
    ) or _people_scope(noun, slot or family)
    if family in EVENT_SCOPED and not scope:
        scope = _place_scope(number, noun, verb) or _paragraph_place(number)
    if part_of:
        scope = part_of
    if family.startswith("votes"):
        scope = ""  # whose votes is in the family ("votes:maduro"), not a part of anything
    scope = placed(scope, state)
    start, end = segment(anchor, cue, by_token)
    start = min(start, mention.start)
    end = max(end, mention.end)
    hedged = is_hedged(anchor, cue)
    negated = (is_negated(verb) or (cue is not None and cue.lemma == "deny")) and not mention.zero
    if unit in UNIT_BASES:
        summary = (
            f"{source.name}: {mention.text} {noun.text if noun is not None else ''} ({family})"
        )
    elif noun is not None and noun.i >= number.i:
        counted = doc[min(number.i, token_at(doc, mention.start)) : noun.i + 1].text
        participle = _participle(verb, predicate)
        if participle == noun.lower_:
            participle = ""  # "41 dead"
        summary = f"{source.name}: {counted}" + (f" {participle}" if participle else "")
    else:
        summary = f"{source.name}: {mention.text}" + (f" ({measure})" if measure else "")
    if scope and scope.lower() not in summary.lower():
        summary += f" ({scope})"
    moment = _moment(anchor, family, state, number)
    if SAME_REPORT.search(anchor.sent.text) and state.last_moment:
        # "..., according to the same update from the UN office": the report the sentence
        # before quoted, so that report's moment ("earlier" for a preliminary figure).
        moment = state.last_moment
    state.last_moment = moment
    if family in COUNTED_FAMILIES and (low is not None or high is not None) and not mention.zero:
        state.last_count = (family, low if low is not None else high or 0.0)
        state.recent_counts = [*state.recent_counts[-3:], state.last_count]
    return ExtractedClaim(
        start=block.start + start,
        end=block.start + end,
        text=summary[:500],
        evidence=text_of(doc)[start:end],
        kind="quantity",
        source=source,
        source_mention=source_mention,
        attributed=attributed,
        cue=cue.lemma if cue else ("quote" if speaker else ""),
        measure=measure[:200],
        family=slot[:50],
        scope=scope[:200],
        scope_key=_scope_key(scope)[:200] if scope else "",
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        unit=unit,
        time_ref=moment,
        approximate=mention.approximate,
        hedged=hedged,
        negated=negated,
        quantity_text=mention.text[:200],
    )
