"""Who asserts a claim: reporting cues, their speakers, quotations and the clause each speaker owns.

A claim's source is found by walking up the dependency tree from the claim's words to the first
reporting cue ("said", "according to", "was concerned") whose speaker is plausible; sentences
inside a quotation belong to the quotation's speaker; a paragraph that is only a quotation
continues the previous paragraph's speaker; "He said" / "It warned" take the last compatible
speaker ("he" with no person before it, the institution that spoke last); "This was reported by
X" credits the sentence before it. Whatever has no speaker is the outlet's own claim
(`attributed=False`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from claims.extraction.families import BY_NAME, FIGURE_NOUNS
from claims.extraction.lexicon import (
    COGNITION_ADJECTIVES,
    COGNITION_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    FIGURE_NOUN_VERBS,
    FIGURE_VERBS,
    HEDGE_NOUNS,
    HEDGE_WORDS,
    HEDGING_CUES,
    MODAL_HEDGES,
    PERSONAL_CUES,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
)
from claims.extraction.measures import PEOPLE_NOUNS
from claims.extraction.quotes import in_spans, sentence_inside_quote
from claims.extraction.sources import (
    ADJECTIVE_TO_COUNTRY,
    DEMONYMS,
    SourceResolver,
    clean_mention,
    fold,
)
from claims.extraction.syntax import (
    ATTACHED_CLAUSES,
    KIND_MODIFIERS,
    NAME_ATTACHMENTS,
    NAME_PARTS,
    NOUN_PHRASE_LEFTS,
    NOUN_QUALIFIERS,
    OBJECTS,
    PASSIVE_MARKS,
    PREDICATE_ADJECTIVE_SLOTS,
    SHARED_SUBJECT_LINKS,
    TRAILING_CLAUSE_LINKS,
    Doc,
    Token,
    clause_head,
    closes_sentence,
    ents,
    is_negated,
    text_of,
    verb_of,
)
from claims.extraction.types import SourceRef

SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP", "DATE"})

PRONOUNS = {
    "he": "person",
    "she": "person",
    "it": "thing",
    "they": "thing",
    # "According to her, ...", "according to them"
    "him": "person",
    "her": "person",
    "them": "thing",
}

# Nouns of people's roles: a name beside one is that person ("fire chief Ines Varga").
ROLE_NOUNS = frozenset(
    """leader chief minister spokesman spokeswoman spokesperson president premier official
    expert analyst commander director governor mayor secretary head speaker envoy ambassador
    king queen prince judge prosecutor colonel general captain sheriff coroner lawyer doctor
    professor economist researcher chairman chairwoman ceo founder owner manager witness
    activist lawmaker senator representative adviser advisor commissioner chancellor
    deputy""".split()
)

HONORIFICS = frozenset("mr mrs ms miss dr sir dame madame monsieur".split())

HUMAN_NOUNS = frozenset(
    """official officials source sources witness witnesses resident residents officer
    spokesman spokeswoman spokesperson survivor survivors rescuer rescuers worker""".split()
)

QUOTED, OWN_VOICE = -2, -1

OWN_CONTENT = frozenset({"ccomp", "xcomp", "dobj"})
UNSOURCED_REPORTS = frozenset({"reports", "rumours", "rumors"})
# Verbs of speech that are also acts: "Greece declared three days of mourning" declares nothing
# anyone says; "declared that ...", "declared Maduro the winner" do.
ACT_VERBS = frozenset({"declare"})
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})
POSSESSIVE_PRONOUNS = {
    "his": "person",
    "her": "person",
    "its": "thing",
    "their": "thing",
}  # who governs a claim when no cue token does


@dataclass
class Speaker:
    mention: str
    person_name: str | None
    role: str | None
    pronoun: str | None = None  # "person" / "thing" for an unresolved pronoun
    canonical: str = ""
    kind: str = "unknown"
    head_i: int = -1  # token index of the phrase's head in its paragraph
    # For "he"/"she": people named before it in its paragraph only as the subject of what
    # someone else said ("Amoroso said Maduro won. He said ..."), who are not its antecedent.
    reported: frozenset[str] = frozenset()


@dataclass
class Cue:
    token: Token
    lemma: str
    speaker: Speaker
    owner: Token  # the clause head whose subtree this cue's speaker owns
    # "..., according to the ministry." / "A rose and B fell, the agency said.": the cue closes
    # the sentence and speaks for all of it.
    sentence_wide: bool = False


@dataclass
class ArticleState:
    """What extraction remembers while it reads one article top to bottom."""

    outlet: str
    published: date | None = None  # resolves "on Thursday" to a day (moments.py)
    resolver: SourceResolver = field(default_factory=SourceResolver)
    last_person: Speaker | None = None
    last_thing: Speaker | None = None
    last_document_speaker: Speaker | None = None
    last_paragraph_speaker: Speaker | None = None
    recent: list[Speaker] = field(default_factory=list)  # named speakers, in reading order
    people: list[Speaker] = field(default_factory=list)  # people who spoke or acted, in order
    main_day: str = ""  # the day the article's lead names (moments.py), for undated sentences
    # The family and value of the article's last count, for bare counts that continue it.
    last_count: tuple[str, float] | None = None
    recent_counts: list[tuple[str, float]] = field(default_factory=list)  # the last four
    # A further event of the story's kind named lately ("another earthquake struck Wednesday")
    # and for how many more paragraphs its counts are its own.
    side_event: str = ""
    side_event_left: int = 0
    open_quote_speaker: Speaker | None = None
    # The person named last before the current paragraph (its own names are read first).
    person_before_paragraph: Speaker | None = None
    # Places the article names (GPE), and the city it calls "the capital" (pipeline.py).
    places: tuple[str, ...] = ()
    capital: str = ""
    # Each side's candidate the article names: {"opposition": "gonzalez"} (quantity_claims).
    candidates: dict[str, str] = field(default_factory=dict)
    last_moment: str = ""  # the moment of the article's last quantity claim


# Verbs that give a count they establish ("Foro Penal verified 835 detainees", "the group
# documented 1,200 arrests"), read like the figure verbs.
COUNT_VERBS = FIGURE_VERBS | {"verify", "document"}
CUE_LEMMAS = SPEECH_VERBS | COGNITION_VERBS | COUNT_VERBS | {"quote"}


def _candidate_tokens(doc: Doc) -> list[Token]:
    """The tokens that may be cues, found on the Doc's arrays (no Token object is made for the
    other words: this runs over every token of every article)."""
    if not _CUE_HASHES:
        from spacy.strings import get_string_id

        _CUE_HASHES.update(
            get_string_id(word)
            for lemma in CUE_LEMMAS
            for word in (lemma, lemma.capitalize(), lemma.upper())
        )
        _WORD_HASHES.update(
            get_string_id(word)
            for word in ("according", "for", "said", *COGNITION_ADJECTIVES, *OPINION_NOUNS)
        )
    from spacy.attrs import LEMMA, LOWER

    lemmas_lowers = doc.to_array([LEMMA, LOWER])
    return [
        doc[i]
        for i, (lemma, lower) in enumerate(lemmas_lowers.tolist())
        if lemma in _CUE_HASHES or lower in _WORD_HASHES
    ]


_CUE_HASHES: set[int] = set()
_WORD_HASHES: set[int] = set()


def find_cues(doc: Doc, quotes: list[tuple[int, int]]) -> list[Cue]:
    cues: list[Cue] = []
    for token in _candidate_tokens(doc):
        lemma = token.lemma_.lower()
        lower = token.lower_
        # Cheap word tests first: this loop sees every token of every article.
        if (
            lemma not in CUE_LEMMAS
            and lower != "according"
            and lower not in COGNITION_ADJECTIVES
            and lower not in OPINION_NOUNS
            and lower != "for"
            and lower != "said"
        ):
            continue
        if in_spans(token.idx, quotes):
            continue  # words inside a quotation belong to the quoted speaker
        if lemma not in CUE_LEMMAS and lower == "said":
            # "..., the 34-year-old said, showing ...": a "said" the tagger took for a noun
            # after an age description is the description's cue.
            if token.i > token.sent.start and _age_description(doc[token.i - 1]):
                speaker = _speaker_from(doc[token.i - 1])
                if speaker is not None:
                    owner = token.head if token.head.i < token.i else token
                    wide = closes_sentence(token)
                    cues.append(Cue(token, "say", speaker, owner, sentence_wide=wide))
            continue
        if lower in OPINION_NOUNS or lower == "for":
            phrase = _opinion_phrase(token)
            if phrase is not None:
                _add_according(cues, *phrase)
            continue
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            target = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if target is not None and target.lower_ in ("which", "whom"):
                target = _antecedent_before(token)
            if target is not None:
                _add_according(cues, token, target)
            continue
        if lemma == "quote" and token.pos_ == "VERB":
            # "Pajhwok quoted a spokesman for the authority as saying ...": the one quoted
            # speaks, not the outlet that quotes.
            quoted = next((c for c in token.children if c.dep_ == "dobj"), None)
            speaker = _speaker_from(quoted, any_noun=True) if quoted is not None else None
            if speaker is not None:
                owner = token.head if token.head.i != token.i else token
                cues.append(Cue(token, lemma, speaker, clause_head(owner)))
            continue
        if lemma in ACT_VERBS and _declares_an_act(token):
            continue
        if _says_nothing(token):
            continue
        if token.pos_ == "VERB" and (lemma in SPEECH_VERBS or lemma in COGNITION_VERBS):
            agent = _passive_agent(token)
            if agent is not None:
                # "as reported by the World Health Organization": the agent speaks.
                speaker = _speaker_from(agent, any_noun=True)
                if speaker is not None:
                    owner = token.head if token.head.i != token.i else token
                    wide = closes_sentence(token) or token.i == token.sent.start
                    cues.append(Cue(token, lemma, speaker, clause_head(owner), sentence_wide=wide))
                continue
            if any(c.dep_ in PASSIVE_MARKS for c in token.children):
                continue  # "coalition troops were warned": the subject is told, not telling
            found = _subject_of(token, doc, quotes)
        elif token.pos_ == "VERB" and lemma in COUNT_VERBS and _gives_figure(token):
            agent = _figure_agent(token)
            if agent is not None:
                # "the 280,000 put forward by the CGT", "800,000 were counted in the union".
                speaker = _speaker_from(agent, any_noun=True)
                if speaker is not None:
                    owner = token.head if token.head.i != token.i else token
                    cues.append(Cue(token, lemma, speaker, clause_head(owner)))
                continue
            if any(c.dep_ in PASSIVE_MARKS for c in token.children):
                continue
            found = _subject_of(token, doc, quotes)
        elif token.lower_ in COGNITION_ADJECTIVES and token.dep_ in PREDICATE_ADJECTIVE_SLOTS:
            found = _subject_of(token, doc, quotes, allow_passive=True)
        else:
            continue
        if found is None:
            continue
        subject, owner = found
        speaker = _speaker_from(subject, any_noun=lemma in PERSONAL_CUES)
        if speaker is None:
            continue
        if speaker.person_name is None and _name_set_off_before(subject, token):
            # "a nurse with the Red Cross, Katerina Tsata, said": a first name and a surname
            # set off by commas right before the cue are a person, whatever NER tagged.
            speaker.person_name = speaker.mention
        own_content = any(
            c.dep_ in OWN_CONTENT or (c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS)
            for c in token.children
        )
        trailing = (
            lemma not in COUNT_VERBS
            and token.dep_ in TRAILING_LINKS
            and token.head.i < token.i
            and closes_sentence(token)
            # "A reported 177, while B stated that 1,000 ...": a cue with content of its own
            # speaks for that content only, not for the sentence.
            and not own_content
        )
        if not own_content and _parenthetical(token):
            # "Maduro, he said, obtained 5 million votes": a cue set off by commas inside the
            # sentence speaks for all of it.
            trailing, owner = True, token.head
        cues.append(Cue(token, lemma, speaker, owner, sentence_wide=trailing))
    _drop_nested_participles(cues)
    _note_reported_subjects(cues, doc)
    return cues


# A cue hanging from the clause before it: a conjunct or complement the parser made of a
# trailing cue, or an unlabelled link ("She had paid $4,500, the 34-year-old said, showing ...").
TRAILING_LINKS = TRAILING_CLAUSE_LINKS | {"dep"}


def _parenthetical(cue: Token) -> bool:
    """The cue and its subject alone are set off by commas inside the clause they comment on
    ("Maduro, he said, obtained ...", "The toll, officials said, rose to 30")."""
    doc = cue.doc
    left, right = cue.left_edge.i, cue.right_edge.i
    while left < cue.i and doc[left].is_punct:
        left += 1
    while right > cue.i and doc[right].is_punct:
        right -= 1
    return (
        cue.dep_ in ("parataxis", "ccomp", "advcl", "dep")
        and cue.head.i > cue.i
        and left > cue.sent.start
        and right + 1 < cue.sent.end
        and doc[left - 1].text == ","
        and doc[right + 1].text == ","
        and right - left <= 5
    )


def _name_set_off_before(subject: Token, cue: Token) -> bool:
    """ "..., Katerina Tsata, said": the subject ends two or three capitalised proper nouns
    (a first name and a surname) that a comma sets off right before the cue."""
    doc = subject.doc
    if subject.i + 2 != cue.i or doc[subject.i + 1].text != ",":
        return False
    start = subject.i
    while start - 1 >= subject.sent.start and doc[start - 1].pos_ == "PROPN":
        start -= 1
    words = doc[start : subject.i + 1]
    return (
        2 <= len(words) <= 3
        and start - 1 >= subject.sent.start
        and doc[start - 1].text == ","
        and all(
            t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("", "PERSON")
            for t in words
        )
    )


def _note_reported_subjects(cues: list[Cue], doc: Doc) -> None:
    """Mark on each "he"/"she" cue the people named before it in the paragraph only as the
    subject of a clause another cue reports ("Amoroso said Maduro secured 51%. He said ...":
    "He" is Amoroso, not Maduro)."""
    pronouns = [c for c in cues if c.speaker.pronoun == "person"]
    if not pronouns:
        return
    by_token = {c.token.i: c for c in cues}
    reported: list[tuple[int, str]] = []
    for ent in ents(doc):
        if ent.label_ != "PERSON" or ent.root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        outer = next(_enclosing_cues(ent.root, by_token), None)
        if outer is not None and not ent.start <= outer.speaker.head_i < ent.end:
            reported.append((ent.end, fold(ent.text)))
    for cue in pronouns:
        names = frozenset(name for end, name in reported if end <= cue.token.i)
        if names:
            cue.speaker.reported = names


def _drop_nested_participles(cues: list[Cue]) -> None:
    """A participle that shares its subject with a clause another cue reports is part of what
    that cue's speaker says ("He says 281 families have called, saying their sons are
    missing": his words, not the families'), not a speaker of its own."""
    by_token = {c.token.i: c for c in cues}
    for cue in list(cues):
        if cue.token.tag_ != "VBG" or cue.owner.i == cue.token.i:
            continue
        if any(
            outer is not cue and outer.lemma != "according to"
            for outer in _enclosing_cues(cue.owner, by_token)
        ):
            cues.remove(cue)


def _enclosing_cues(token: Token, by_token: dict[int, Cue], steps: int = 12) -> Iterator[Cue]:
    """The cues on the heads above `token`, nearest first (a dozen steps at most)."""
    node = token
    for _ in range(steps):
        if node.head.i == node.i:
            return
        node = node.head
        outer = by_token.get(node.i)
        if outer is not None:
            yield outer


def _add_according(cues: list[Cue], phrase: Token, target: Token) -> None:
    """An "according to X" cue (or one that credits as it does: "in the opinion of X") at the
    phrase's first word; any noun can be its source ("according to court records")."""
    speaker = _speaker_from(target, any_noun=True)
    if speaker is None:
        return
    owner = phrase.head if phrase.head.i != phrase.i else phrase
    wide = closes_sentence(target) or phrase.i == phrase.sent.start
    cues.append(Cue(phrase, "according to", speaker, clause_head(owner), sentence_wide=wide))


# "in the opinion of the unions", "in the view of the ministry", "in the words of its leader".
OPINION_NOUNS = frozenset("opinion view estimation words eyes".split())


def _says_nothing(verb: Token) -> bool:
    """A negated cue with nothing said ("a figure that the government did not confirm", "the
    police would not say"): no clause, and no object but a pronoun; its subject is no speaker.
    ("did not confirm the toll of 30" and "denied that ..." still speak.)"""
    return (
        verb.pos_ == "VERB"
        and is_negated(verb)
        and not any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children)
        and all(c.pos_ in ("PRON", "DET") for c in verb.children if c.dep_ in OBJECTS)
    )


def _declares_an_act(verb: Token) -> bool:
    """ "Greece declared three days of mourning": an act with an object; not "declared that
    ...", nor "declared Maduro the winner" (an object that is a name, and what it was
    declared)."""
    if any(c.dep_ in ("ccomp", "oprd", "xcomp") for c in verb.children):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return not (len(objects) > 1 or any(c.pos_ == "PROPN" for c in objects))


def _opinion_phrase(token: Token) -> tuple[Token, Token] | None:
    """(preposition, speaker head) of a phrase that credits a speaker as "according to" does:
    "in the opinion of X", "in the view of X", or a sentence-opening "For X, ..." whose X can
    speak ("For the CGT, the day was a success")."""
    if token.lower_ == "for":
        target = next((c for c in token.children if c.dep_ == "pobj"), None)
        if target is not None and counts_for(token, target):
            return token, target
        if (
            target is None
            or token.i != token.sent.start
            or target.right_edge.i + 1 >= len(token.doc)
            or token.doc[target.right_edge.i + 1].text != ","
        ):
            return None
        can_speak = (
            target.ent_type_ in ("PERSON", "ORG", "NORP") or target.lemma_.lower() in SPEAKER_NOUNS
        )
        return (token, target) if can_speak else None
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "in":
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    target = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return (prep, target) if target is not None else None


# Counters a count is given "for" as it is given "according to" ("1.2 million for the police").
COUNTING_BODIES = frozenset(
    "union unions police prefecture ministry authorities organiser organisers organizer "
    "organizers interior".split()
)


def counts_for(prep: Token, target: Token) -> bool:
    """ "3.5 million demonstrators in France for the CGT", "1.2 million for the police": a
    count's "for" phrase naming an organisation that counted (never a person: "4.4 million
    votes for Gonzalez" are the candidate's)."""
    count = prep.head
    # A count of people ("demonstrators", "people") or a bare number; a share or votes "for" a
    # candidate and "2 million euros for the ministry" count neither.
    people = (
        count.like_num
        or count.lemma_.lower() in PEOPLE_NOUNS
        or count.lemma_.lower() in BY_NAME["participants"].nouns
    )
    counted = people and (count.like_num or any(c.dep_ == "nummod" for c in count.children))
    # An organisation as the press names one ("the CGT", "the Interior"), not a bare surname
    # the tagger took for one.
    named_body = target.ent_type_ == "ORG" and (
        target.text.isupper() or any(c.dep_ == "det" for c in target.children)
    )
    body = named_body or target.lemma_.lower() in COUNTING_BODIES
    return prep.dep_ == "prep" and counted and body and target.ent_type_ != "PERSON"


def _antecedent_before(token: Token) -> Token | None:
    """The noun a sentence-internal ", according to which ..." refers back to: the outermost
    noun whose phrase ends right before the comma ("a summary of the union, according to
    which ...": the summary)."""
    i = token.i - 1
    doc = token.doc
    while i >= token.sent.start and doc[i].is_punct:
        i -= 1
    if i < token.sent.start:
        return None
    node, found = doc[i], None
    for _ in range(8):
        if node.pos_ in ("NOUN", "PROPN") and node.right_edge.i == i:
            found = node
        if node.head.i == node.i or node.head.pos_ not in ("NOUN", "PROPN", "ADP"):
            break
        node = node.head
    return found


def _passive_agent(verb: Token) -> Token | None:
    """The "by" agent of a passive or participle reporting verb ("reported by the WHO")."""
    if verb.tag_ != "VBN":
        return None
    deps = {c.dep_ for c in verb.children}
    if "aux" in deps and not deps & PASSIVE_MARKS:
        return None  # "the coalition had published ... by July 30": active, "by" is a time
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("DATE", "TIME"):
                return None
            return pobj
    return None


def _figure_agent(verb: Token) -> Token | None:
    """Who gave a figure a passive figure verb reports: its "by" agent, or an organisation
    it was counted "in" ("800,000 participants were counted in the CGT")."""
    agent = _passive_agent(verb)
    if agent is not None:
        return agent
    if verb.tag_ != "VBN" or not any(c.dep_ in PASSIVE_MARKS for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if (
                pobj is not None
                and (pobj.ent_type_ == "ORG" or pobj.pos_ == "PROPN")
                and pobj.ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME")
            ):
                return pobj
    return None


def _closes_but_for_time(cue: Token) -> bool:
    """Nothing but punctuation and a time ("on Friday", "Sunday") follows the cue's phrase."""
    trailing = cue.doc[cue.right_edge.i + 1 : cue.sent.end]
    return all(
        t.is_punct or t.ent_type_ in ("DATE", "TIME") or t.lower_ in ("on", "late", "early")
        for t in trailing
    )


def _gives_figure(verb: Token) -> bool:
    """A figure verb's object is a figure noun ("put the toll at") or a count ("counted 400,000
    people")."""
    # The count is the object of an active figure verb, the subject of a passive one
    # ("800,000 participants were counted in the union").
    subjects = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
    bare_count = verb.lemma_.lower() not in FIGURE_NOUN_VERBS
    if not bare_count and (verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or is_negated(verb)):
        return False  # "has yet to release the tallies", "did not give a figure": no figure
    if verb.dep_ == "acl" and (verb.head.like_num or verb.head.lemma_.lower() in FIGURE_NOUNS):
        return True  # "the 280,000 put forward by the union"
    return any(
        (t.lemma_.lower() in FIGURE_NOUNS or (bare_count and t.like_num)) and t.i not in subjects
        for t in verb.subtree
        if t.i != verb.i
    )


SUBORDINATING_PREPS = frozenset("after before since until as once".split())


def _subject_read_as_object(verb: Token) -> Token | None:
    """ "Confusion emerged after the UN office (OCHA) over the weekend announced 11,300 dead":
    the parser made the clause's subject the object of "after" and the verb a bare adverbial
    clause. The speaker is that object, when it can speak; None otherwise."""
    if verb.dep_ != "advcl":
        return None
    preps = [
        c
        for c in verb.head.children
        if c.dep_ == "prep" and c.lower_ in SUBORDINATING_PREPS and c.i < verb.i
    ]
    if not preps:
        return None
    prep = preps[-1]
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or not _can_speak(pobj):
        return None
    # Only modifiers of the subject and of the time between it and the verb.
    between = verb.doc[pobj.right_edge.i + 1 : verb.i]
    if any(t.pos_ in ("VERB", "AUX") for t in between):
        return None
    return pobj


def _subject_of(
    cue: Token, doc: Doc, quotes: list[tuple[int, int]], allow_passive: bool = False
) -> tuple[Token, Token] | None:
    """(speaker head, clause owner) of a cue: its own subject, the subject it shares with the
    verb it hangs from ("denounced the attack and said"), or the nearest name in the sentence."""
    deps = ("nsubj", "nsubjpass") if allow_passive else ("nsubj",)
    node = cue if cue.dep_ != "acomp" else cue.head
    subjects = [child for child in node.children if child.dep_ in deps]
    # "..., confirmed a government official Sunday.", "..., 480,000, estimates the Interior":
    # an inverted speaker after a closing cue, which the parser often takes for the object.
    inverted = None
    before = cue.i - 1
    while (
        before > 0 and doc[before].dep_ in ("aux", "advmod", "neg") and doc[before].head.i == cue.i
    ):
        before -= 1  # "..., had already estimated Laurent Berger on Friday"
    if (
        cue.tag_ in ("VBD", "VBZ", "VBP", "VBN")
        and before >= 0
        and doc[before].text in (",", "\u201d", '"')
        and _closes_but_for_time(cue)
    ):
        inverted = next(
            (
                child
                for child in cue.children
                if child.dep_ in OBJECTS
                and child.i > cue.i
                and (
                    child.lemma_.lower() in SPEAKER_NOUNS
                    or child.lemma_.lower() in ROLE_NOUNS
                    or child.ent_type_ in SPEAKER_ENTS
                    or child.pos_ == "PROPN"
                )
            ),
            None,
        )
    if subjects and (inverted is None or any(_can_speak(c) for c in subjects)):
        # "Two earthquakes killed 15, said a spokesperson": the parser may give the verb two
        # subjects; the one that can speak and stands nearest the verb is the speaker.
        return min(subjects, key=lambda c: (not _can_speak(c), abs(c.i - node.i))), node
    if inverted is not None:
        return inverted, cue
    misread = _subject_read_as_object(node)
    if misread is not None:
        return misread, node
    head = node
    # Participles and conjuncts share the subject of the verb they hang from; so does a verb
    # after a predicate adjective ("Foro Penal has been able to verify 835 detainees").
    for _ in range(3):
        if head.dep_ not in SHARED_SUBJECT_LINKS | {"acomp"} or head.head.i == head.i:
            break
        head = head.head
        for child in head.children:
            if child.dep_ in deps and child.i != cue.i:
                return child, head
    if cue.i > cue.sent.start and _age_description(doc[cue.i - 1]):
        # "..., the 34-year-old said.", however the parser hung the cue.
        return doc[cue.i - 1], (cue if cue.dep_ == "ROOT" else cue.head)
    published = _publisher_of(cue)
    if published is not None:
        return published
    if cue.dep_ == "dep" and cue.head.i < cue.i and cue.head.tag_ in ("VBN", "VBD"):
        # "Data shared with the news agency showed ...": the parser made the participle the
        # main verb; its subject, a piece of evidence or a document, is the cue's.
        evidence = next(
            (
                c
                for c in cue.head.children
                if c.dep_ == "nsubj"
                and (c.lemma_.lower() in EVIDENCE_ROOTS or c.lower_ in EVIDENCE_ROOTS)
                and c.pos_ != "PROPN"
            ),
            None,
        )
        if evidence is not None:
            return evidence, cue
    # A broken parse ("chief X - blacklisted by the US - said ..."): the nearest speaker-like
    # name before the cue in the sentence, outside quotations.
    if cue.dep_ == "ROOT":
        before = [t for t in doc[cue.sent.start : cue.i] if not in_spans(t.idx, quotes)]
        if cue.i - 2 >= cue.sent.start and _name_set_off_before(doc[cue.i - 2], cue):
            return doc[cue.i - 2], cue  # "a nurse with the Red Cross, Katerina Tsata, said"
        # "..., officials and witnesses said Saturday.": speaker nouns right before the cue,
        # which the parser hung on the previous phrase.
        for token in reversed(before[-4:]):
            if token.lemma_.lower() in SPEAKER_NOUNS and token.pos_ == "NOUN":
                while token.dep_ == "conj" and token.head.lemma_.lower() in SPEAKER_NOUNS:
                    token = token.head
                return token, cue
            if token.pos_ not in ("NOUN", "CCONJ", "DET", "ADJ"):
                break
        for wanted in ("PERSON", "ORG"):
            for token in reversed(before):
                if token.ent_type_ == wanted:
                    head_token = token
                    while head_token.dep_ in NAME_PARTS and head_token.head.i > head_token.i:
                        head_token = head_token.head
                    # "Daniel Gorevan, Senior Advocacy Advisor at X, said": the name, not its
                    # title in apposition.
                    if head_token.dep_ == "appos" and head_token.head.ent_type_ == "PERSON":
                        head_token = head_token.head
                    return head_token, cue
    return None


EVIDENCE_ROOTS = EVIDENCE_NOUNS | DOCUMENT_NOUNS
# Verbs by which a speaker makes a document or a piece of evidence public.
PUBLISHING_VERBS = frozenset("release publish issue present unveil share produce".split())


def _publisher_of(cue: Token) -> tuple[Token, Token] | None:
    """(speaker, clause owner) of a participle cue on the object of a publishing verb: "the
    New York Times released an analysis showing ...", "the group published data indicating
    ...": the one who published it says what it shows."""
    if cue.dep_ != "acl" or cue.tag_ != "VBG" or cue.head.dep_ != "dobj":
        return None
    verb = cue.head.head
    if verb.lemma_.lower() not in PUBLISHING_VERBS or verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not _can_speak(subject):
        return None
    return subject, verb


def _age_description(token: Token) -> str:
    """ "the 34-year-old" when `token` ends one (a person named before), else ""."""
    if token.lower_ != "old":
        return ""
    start = max(token.sent.start, token.i - 5)
    match = re.search(r"\bthe \d+-year-old$", token.doc[start : token.i + 1].text, re.I)
    return match.group(0) if match else ""


def _can_speak(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (
        token.ent_type_ in ("PERSON", "ORG", "NORP")
        # A name, a country included ("Greece said"): NER's tag on a name is often wrong.
        or (token.pos_ == "PROPN" and token.ent_type_ not in ("DATE", "TIME", "EVENT"))
        or lemma in SPEAKER_NOUNS
        or lemma in ROLE_NOUNS
        or token.lower_ in PRONOUNS
    )


def _speaker_from(head: Token, any_noun: bool = False) -> Speaker | None:
    """The speaker named by a subject head, or None when it cannot be a speaker. With
    `any_noun`, any noun can speak ("the utility said"), as verbs of speech imply a speaker."""
    lower = head.lower_
    age = _age_description(head)
    if age:
        # "the 34-year-old said": the person named before (see _described).
        return Speaker(mention=age, person_name=None, role=None, head_i=head.i)
    if lower in ("which", "who", "that") and head.head.dep_ == "relcl":
        # "Vostel Mining, which said ...": the relative pronoun stands for its antecedent.
        return _speaker_from(head.head.head, any_noun=any_noun)
    if lower in PRONOUNS:
        return Speaker(mention=head.text, person_name=None, role=None, pronoun=PRONOUNS[lower])
    if head.pos_ == "PRON":
        return None
    if head.pos_ != "PROPN" and (head.lemma_.lower() in EVIDENCE_NOUNS or lower in EVIDENCE_NOUNS):
        holder = _holder_of(head)
        if holder is not None:
            return holder
        if _kind_of_document(head):
            # "official figures", "court records": a named kind of evidence, its own source.
            return Speaker(mention=_phrase(head), person_name=None, role=None, head_i=head.i)
        return Speaker(mention=_phrase(head), person_name=None, role=None, pronoun="evidence")
    if lower in UNSOURCED_REPORTS and not any(
        c.dep_ in ("det", "poss", "amod", "compound", "prep", "acl") for c in head.children
    ):
        return None  # "Reports suggested 400 to 750 were on board": nobody named, the outlet's
    if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
        # "The statement by X's spokesman said", "X's statement said", "the statement said".
        # "a count by the ministry", "a count released by the ministry"
        holder = _holder_of(head)
        if holder is not None:
            return holder
        if _kind_of_document(head):
            # "media reports", "court records": a named kind of document, its own source.
            return Speaker(mention=_phrase(head), person_name=None, role=None, head_i=head.i)
        return Speaker(mention=_phrase(head), person_name=None, role=None, pronoun="document")
    plausible = (
        (any_noun and head.pos_ == "NOUN")
        or head.ent_type_ in SPEAKER_ENTS
        or head.pos_ == "PROPN"
        or head.lemma_.lower() in SPEAKER_NOUNS
        or lower in SPEAKER_NOUNS
        or lower in ROLE_NOUNS  # "the attorney general, Tomas Reyes, stated"
    )
    if not plausible:
        return None
    mention = _phrase(head)
    person = _person_in(head)
    head_i = head.i
    role = None
    if person and fold(person) != fold(mention):
        role = clean_mention(mention.replace(person, "")).strip()
        role = re.sub(r"^(?:the\s+)", "", role, flags=re.I) or None
    return Speaker(mention=mention, person_name=person, role=role, head_i=head_i)


# Adjectives that point back at a document named before ("the same update", "the latest
# figures"), rather than naming a kind of document ("official figures").
REFERRING_ADJECTIVES = frozenset(
    "same latest new previous earlier last first second initial preliminary updated".split()
)


def _kind_of_document(head: Token) -> bool:
    """The document noun is qualified by its kind ("media reports", "official figures")."""
    return any(
        c.dep_ in KIND_MODIFIERS and c.lower_ not in REFERRING_ADJECTIVES for c in head.children
    )


def _holder_of(head: Token) -> Speaker | None:
    """Who holds a document or a piece of evidence: who provided, published or wrote it
    ("figures provided by the Victims Monitor", "data published in X by Foro Penal", "the
    ministry's figures", "Provea records", "the Monitor report", "police figures", "their
    projections"); None when the text names nobody."""
    holders = [head, *(c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for child in (c for holder in holders for c in holder.children):
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.lower_ == "of" and (pobj is None or pobj.ent_type_ not in ("ORG", "PERSON")):
                continue  # "a summary of the union" is the union's; "a count of the dead" is not
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):
                found = _speaker_from(pobj)
                if found is not None:
                    return found
        if child.dep_ == "poss":
            if child.lower_ in POSSESSIVE_PRONOUNS:
                pronoun = POSSESSIVE_PRONOUNS[child.lower_]
                return Speaker(mention=child.text, person_name=None, role=None, pronoun=pronoun)
            if child.pos_ in ("PROPN", "NOUN"):
                found = _speaker_from(child, any_noun=True)
                if found is not None:
                    return found
        if child.dep_ == "compound" and child.i < head.i:
            named = (child.pos_ == "PROPN" or child.text[:1].isupper()) and (
                child.lower_ not in DEMONYMS and child.lower_ not in ADJECTIVE_TO_COUNTRY
            )
            if named or child.lemma_.lower() in SPEAKER_NOUNS:
                # "Provea records show", "the Monitor report", "police figures".
                return Speaker(mention=_phrase(child), person_name=None, role=None, head_i=child.i)
    return None


def _phrase(head: Token) -> str:
    """The compact noun phrase around a speaker head: determiners, possessives, compounds,
    adjectives, "of" phrases and an adjacent name in apposition; no relative clauses."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in NOUN_PHRASE_LEFTS:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            or (
                child.dep_ in NAME_ATTACHMENTS
                and child.ent_type_ == "PERSON"
                and child.i == right + 1
            )
        ):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "case":
            right = max(right, child.i)
    # An organisation's whole name ("the United Nations Office for the Coordination of
    # Humanitarian Affairs"): its "for" and "on" phrases belong to the name.
    for ent in ents(doc):
        if ent.label_ == "ORG" and ent.start <= head.i < ent.end:
            left, right = min(left, ent.start), max(right, ent.end - 1)
            break
    span = doc[left : right + 1]
    return span.text


def _person_in(head: Token) -> str | None:
    """The person a speaker phrase names: a PERSON entity holding the head ("Ali Khamenei"),
    or a name beside a role noun ("fire chief Ines Varga", "chief, Qais al-Khazali,")."""
    doc = head.doc
    role = head.lemma_.lower() in ROLE_NOUNS
    best = None
    for ent in ents(doc):
        if ent.label_ != "PERSON":
            continue
        holds_head = ent.start <= head.i < ent.end
        beside_role = (
            role
            and (0 < ent.start - head.i <= 3 or 0 < head.i - ent.end + 1 <= 3)
            # "fire chief, Ines Varga": only punctuation and words of the noun phrase between,
            # never a clause boundary ("Researchers estimate that González got ...").
            and not any(
                t.pos_ in ("VERB", "AUX", "SCONJ", "ADP", "CCONJ")
                for t in doc[min(head.i, ent.end) : max(head.i, ent.start)]
                if t.i != head.i
            )
        )
        if (holds_head or beside_role) and (best is None or len(ent.text) > len(best)):
            best = ent.text
    if best is None and role:
        # The parser tagged the name as something else ("fire chief, Ines Varga (ORG), said"),
        # or conjoined it to the title ("High Commissioner for Human Rights Volker Türk said").
        for child in head.children:
            if child.pos_ != "PROPN" or child.i <= head.i:
                continue
            joined = child.dep_ == "conj" and not any(
                t.dep_ == "cc" or t.text in (",", ";") for t in doc[head.i + 1 : child.i]
            )
            if child.dep_ in NAME_ATTACHMENTS or joined:
                best = doc[child.left_edge.i : child.i + 1].text
                break
    if best is None and role:
        # "the head of the CGT, Philippe Martinez": a person in apposition inside the phrase.
        for token in head.subtree:
            if token.i > head.i and token.dep_ == "appos" and token.ent_type_ == "PERSON":
                best = doc[token.left_edge.i : token.i + 1].text
                break
    if best is None and role:
        # "Chief of the Public Relations Division of the National Police Inspector General Dedi
        # Prasetyo said", "deputy for special child protection at the ministry Nahar said": the
        # name that closes a long role phrase.
        last = doc[head.right_edge.i]
        closing = next((e for e in ents(doc) if e.label_ == "PERSON" and e.end == last.i + 1), None)
        if closing is not None and closing.start > head.i:
            best = closing.text
        elif last.i > head.i and last.pos_ == "PROPN" and last.ent_type_ not in PLACE_ENTS:
            start = last.i
            while start - 1 > head.i and doc[start - 1].pos_ == "PROPN":
                start -= 1
            run = doc[start : last.i + 1]
            if run.root.dep_ == "appos" and run.root.head.pos_ == "NOUN" and len(run) <= 4:
                best = run.text
    # "deputy for special child protection at the ministry Nahar said": a role phrase the
    # parse hung on the name.
    if (
        best is None
        and head.pos_ == "PROPN"
        and head.ent_type_ not in PLACE_ENTS
        and any(c.dep_ == "nmod" and c.lemma_.lower() in ROLE_NOUNS for c in head.lefts)
    ):
        start = head.i
        while (
            start - 1 >= 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound"
        ):
            start -= 1
        best = doc[start : head.i + 1].text
    # "Opposition leader María Corina Machado": the names after a role word make a person,
    # whatever NER tagged.
    if best is None and head.pos_ == "PROPN":
        roles = [c for c in head.lefts if c.dep_ == "compound" and c.lemma_.lower() in ROLE_NOUNS]
        if roles:
            names = doc[roles[-1].i + 1 : head.i + 1]
            if len(names) >= 2 and all(t.pos_ == "PROPN" for t in names):
                best = names.text
    # "Ms Okafor reported": an honorific makes a person, whatever NER tagged.
    if best is None and head.pos_ == "PROPN":
        first = doc[min(c.left_edge.i for c in (head, *head.lefts))]
        if first.lower_.rstrip(".") in HONORIFICS and first.i < head.i:
            best = doc[first.i : head.i + 1].text
    # A surname alone ("Khazali threatened") that NER did not tag.
    if (
        best is None
        and head.pos_ == "PROPN"
        and (
            head.ent_type_ == "PERSON"
            or (
                head.ent_type_ == ""
                and head.dep_ == "nsubj"
                and head.i > 0
                and not any(c.dep_ in NOUN_QUALIFIERS for c in head.children)
                and head.text[:1].isupper()
                and head.lower_ not in DEMONYMS
                and head.lower_ not in ADJECTIVE_TO_COUNTRY
            )
        )
    ):
        best = head.text
    return best


def resolve_speaker(speaker: Speaker, state: ArticleState) -> None:
    if speaker.canonical:
        return
    if speaker.pronoun in ("person", "thing", "document", "evidence"):
        if speaker.pronoun == "person":
            # With no person before it, "he" stands for the institution that spoke last (a
            # translated "it", or its unnamed spokesperson: "The NGO said ... He noted ...").
            previous = _antecedent_person(speaker, state) or state.last_thing
        elif speaker.pronoun == "evidence":
            previous = state.last_document_speaker or state.last_thing
        elif speaker.pronoun == "document":
            previous = state.last_document_speaker or state.last_thing or state.last_person
        else:
            previous = state.last_thing or state.last_person
        if previous is None:
            if speaker.pronoun == "document":
                speaker.canonical, speaker.kind = state.resolver.resolve(
                    speaker.mention, None, None
                )
            return
        speaker.canonical, speaker.kind = previous.canonical, previous.kind
        speaker.person_name = previous.person_name
        return
    folded = fold(speaker.mention)
    if not speaker.person_name and folded not in state.resolver.roles:
        previous = _described(speaker.mention, state)
        if previous is not None:
            # "the agency said", "the spokesperson added": the speaker named before.
            speaker.canonical, speaker.kind = previous.canonical, previous.kind
            speaker.person_name = previous.person_name
            state.resolver.remember(previous.canonical, speaker.mention)
            return
    if not speaker.person_name and folded not in state.resolver.roles:
        shortened = _shortened(folded, state)
        if shortened is not None:
            # "the Monitor report" after "the Victims Monitor": a name's short form.
            speaker.canonical, speaker.kind = shortened.canonical, shortened.kind
            state.resolver.remember(shortened.canonical, speaker.mention)
            return
    speaker.canonical, speaker.kind = state.resolver.resolve(
        speaker.mention, speaker.person_name, speaker.role
    )


def _antecedent_person(pronoun: Speaker, state: ArticleState) -> Speaker | None:
    """The person "he"/"she" stands for: the latest person who spoke or was a subject, passing
    over people named in its paragraph only inside what another speaker said."""
    if not pronoun.reported:
        return state.last_person
    for previous in reversed(state.people):
        if (
            fold(previous.mention) not in pronoun.reported
            and fold(previous.canonical) not in pronoun.reported
        ):
            return previous
    return state.last_person


def _shortened(folded: str, state: ArticleState) -> Speaker | None:
    """The latest institution named before whose name ends with these words and is longer
    ("Monitor" for "Victims Monitor", "Electoral Council" for "National Electoral Council")."""
    words = folded.split()
    if not words or len(words[-1]) < 4:
        return None
    for previous in reversed(state.recent):
        if previous.kind == "person":
            continue
        name = fold(previous.canonical).split()
        if len(name) > len(words) and name[-len(words) :] == words:
            return previous
    return None


# Heads of a definite description that stand for a speaker named earlier in the article.
INSTITUTION_HEADS = frozenset(
    "agency ministry authority organisation organization office department body ngo group".split()
)
# Heads too generic to name anything but the institution just named ("the agency said");
# the others ("the ministry") stand only for an earlier speaker whose name holds the word.
GENERIC_HEADS = frozenset("agency organisation organization body ngo group".split())
PERSON_HEADS = frozenset("spokesperson spokesman spokeswoman official minister".split())
MEDIA_HEADS = frozenset("newspaper paper daily publication broadcaster channel outlet".split())
# Words that point back at what was named ("the cited newspaper", "the said agency").
DESCRIPTION_REFERRERS = frozenset("cited same said aforementioned mentioned above".split())


def _described(mention: str, state: ArticleState) -> Speaker | None:
    """The earlier speaker a definite description stands for ("the agency", "the U.N. agency",
    "the ministry's spokesman"): the latest speaker whose name holds the head word, else the
    latest institution (or person, for a person's role) named. None when the mention is not a
    definite description or nothing was named before."""
    raw = mention.lower().split()
    words = fold(mention).split()
    if not words or not raw or raw[0] not in ("the", "its", "their", "this"):
        return None
    if re.fullmatch(r"the \d+-year-old(?: \w+)?", mention.lower().strip()):
        # "the 34-year-old said": the person named before.
        people = [s for s in state.recent if s.kind == "person"]
        return people[-1] if people else None
    # Only a bare description: "the electoral council" or "the Venezuelan government" name an
    # institution of their own; "the agency", "the U.N. agency" stand for one named before.
    if any(len(word) > 3 and word not in DESCRIPTION_REFERRERS for word in words[:-1]):
        return None
    head = words[-1]
    if head in PERSON_HEADS:
        # "A ministry source told AFP ... the official said": an unnamed person counts.
        pool = [s for s in state.recent if s.kind == "person" or _unnamed_person(s)]
    elif head in MEDIA_HEADS:
        # "the cited newspaper", "the publication": the outlet named before, else the one
        # whose copy this is (the voice of the version).
        pool = [s for s in state.recent if s.kind == "media"] or [
            Speaker(
                mention=state.outlet,
                person_name=None,
                role=None,
                canonical=state.outlet,
                kind="media",
            )
        ]
    elif head in INSTITUTION_HEADS:
        pool = [s for s in state.recent if s.kind != "person"]
    else:
        return None
    for previous in reversed(pool):
        if head in fold(previous.canonical).split() or head in fold(previous.mention).split():
            return previous
    return pool[-1] if pool and head in GENERIC_HEADS | PERSON_HEADS | MEDIA_HEADS else None


def _unnamed_person(speaker: Speaker) -> bool:
    """One unnamed person ("a migration ministry source", "a senior official")."""
    words = fold(speaker.canonical).split()
    return speaker.kind == "anonymous" and bool(words) and words[-1] in ROLE_NOUNS | HUMAN_NOUNS


def remember_speaker(speaker: Speaker, state: ArticleState) -> None:
    if not speaker.canonical:
        return
    # "An official said ... He added": a person may be unnamed.
    words = fold(speaker.mention).split()
    human = speaker.kind == "person" or (bool(words) and words[-1] in ROLE_NOUNS | HUMAN_NOUNS)
    if human:
        state.last_person = speaker
        state.people.append(speaker)
    else:
        state.last_thing = speaker
    state.last_document_speaker = speaker
    if not fold(speaker.canonical).startswith(("the ", "a ", "an ")):
        state.recent.append(speaker)


def _governing_cue(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    """The first cue up the tree from a claim's token whose content holds it; a cue that
    closes the sentence outranks cues of belief or inference inside it ("Rescuers expect ...,
    according to the rescue service")."""
    found = _according_right_after(token, by_token) or _first_cue_up(token, by_token)
    wide = next(
        (
            c
            for c in by_token.values()
            if c.sentence_wide and c.speaker.canonical and c.token.sent.start == token.sent.start
        ),
        None,
    )
    kept = PERSONAL_CUES | COUNT_VERBS | {"according to"}
    if wide is not None and (found is None or found.lemma not in kept):
        return wide
    return found


def _according_right_after(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    """An "according to" phrase or an inverted cue right after the claim's count ("1.7 million,
    according to the union, 480,000, estimates the ministry", "(81,000, according to the
    prefecture)") speaks for that count, however the parser hung it."""
    doc = token.doc
    i = token.i + 1
    end = min(token.i + 7, token.sent.end)
    while i < end and doc[i].text not in (",", "(", ";") and not doc[i].is_sent_end:
        i += 1
    start = i
    while i < end and doc[i].text in (",", "("):
        i += 1
    cue = by_token.get(i)
    if i == start or cue is None or not cue.speaker.canonical:
        return None
    inverted = cue.lemma in SPEECH_VERBS and cue.speaker.head_i > cue.token.i
    return cue if cue.lemma == "according to" or inverted else None


def _first_cue_up(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    node = token
    # A participle hanging from the claim's verb ("Police fired tear gas, saying ...") or a
    # conjoined cue owns the clause it hangs from, unless a cue further up holds that clause
    # as its content ("He says 281 families have called, saying their relatives are missing").
    attached: Cue | None = None
    came_from: Token | None = None
    evidence: Cue | None = None
    for _ in range(40):
        cue = by_token.get(node.i)
        if cue is not None and cue.speaker.canonical and cue.speaker.pronoun == "evidence":
            # "The tallies showed 2.75 million ..., Machado said": evidence nobody is named as
            # holding is what the speaker above it says it shows.
            evidence = evidence or cue
            cue = None
        if cue is not None and cue.speaker.canonical:
            if not _circumstance(came_from):
                return cue
            # "As thousands demonstrated, González announced that ...": the clause that sets
            # the scene is not what the speaker says.
            cue = None
        according = []
        for child in node.children:
            owned = by_token.get(child.i)
            if (
                attached is None
                and owned is not None
                and owned.speaker.canonical
                and owned.owner.i == node.i
                and child.dep_ in ATTACHED_CLAUSES
            ):
                attached = owned
            if owned is not None and owned.speaker.canonical and owned.lemma == "according to":
                according.append(owned)
            if (
                owned is not None
                and owned.speaker.canonical
                and child.dep_ == "acl"
                and owned.lemma in COUNT_VERBS
            ):
                return owned  # "the 280,000 put forward by the union": the count's own giver
        if according:
            # "7,000 marched according to the prefecture, 160,000 according to the unions":
            # an "according to" phrase speaks for the words it hangs from, the nearest first.
            return min(according, key=lambda cue: abs(cue.token.i - token.i))
        if node.head.i == node.i:
            break
        came_from, node = node, node.head
    return attached or evidence


SCENE_MARKS = frozenset("as while when after before since until".split())


def _circumstance(clause: Token | None) -> bool:
    """An adverbial clause of time or circumstance ("as thousands demonstrated", "while
    supporters cheered") hanging from a cue: the outlet's scene, not the speaker's words."""
    return (
        clause is not None
        and clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in SCENE_MARKS for c in clause.children)
    )


def claim_speaker(
    token: Token,
    by_token: dict[int, Cue],
    quotes: list[tuple[int, int]],
    quote_speakers: QuoteSpeakers,
) -> tuple[Speaker | None, Cue | None]:
    """Who asserts the claim at `token`: a quotation's speaker, the governing cue's speaker,
    or nobody (the outlet)."""
    quoted = quote_speakers.at(token.idx)
    if in_spans(token.idx, quotes) and quoted is not None:
        return quoted, None
    cue = _governing_cue(token, by_token)
    if cue is not None:
        return cue.speaker, cue
    quoted = quote_speakers.at(token.sent.start_char)
    closed_before = any(start <= token.sent.start_char < end <= token.idx for start, end in quotes)
    if sentence_inside_quote(token, quotes) and quoted is not None and not closed_before:
        # (A sentence that opens with a quotation and goes on after it: the words after the
        # closing mark are not the quotation's.)
        return quoted, None
    credit = _credit_after(token, by_token)
    if credit is not None and not in_spans(token.idx, quotes):
        return credit.speaker, credit
    return None, None


def _credit_after(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    """A next sentence that credits this one ("11 people were arrested. This was reported by
    the BBC."): a passive reporting cue whose subject is "this" or "that"."""
    following = token.sent.end
    for cue in by_token.values():
        if (
            cue.token.sent.start == following
            and cue.speaker.canonical
            and any(
                c.dep_ == "nsubjpass" and c.lower_ in ("this", "that") for c in cue.token.children
            )
        ):
            return cue
    return None


@dataclass
class QuoteSpeakers:
    """The speaker of each full quotation of a paragraph: the cue right after it ("…,” said
    X), else the cue before it (X said: “…”), else the paragraph's (a continued quotation)."""

    spans: list[tuple[int, int, Speaker | None]]
    default: Speaker | None

    @classmethod
    def build(
        cls, quotes: list[tuple[int, int]], outside: list[Cue], default: Speaker | None
    ) -> QuoteSpeakers:
        spans = []
        for start, end in quotes:
            after = [c for c in outside if end <= c.token.idx <= end + 80]
            before = [c for c in outside if c.token.idx < start]
            cue = after[0] if after else (before[-1] if before else None)
            spans.append((start, end, cue.speaker if cue is not None else default))
        return cls(spans, default)

    def at(self, offset: int) -> Speaker | None:
        """The canonical-named speaker of the quotation holding offset (or the default)."""
        speaker = next((sp for start, end, sp in self.spans if start <= offset < end), self.default)
        return speaker if speaker is not None and speaker.canonical else None


def segment(token: Token, cue: Cue | None, by_token: dict[int, Cue]) -> tuple[int, int]:
    """Doc character span of the clause that holds a claim: its sentence, or, when the sentence
    has several speakers, the part of it that the claim's speaker owns."""
    sent = token.sent
    start, end = sent.start_char, sent.end_char
    others = [
        c
        for c in by_token.values()
        if c.owner.sent.start == sent.start
        and (cue is None or c.owner.i != cue.owner.i)
        and c.speaker.canonical
        and (cue is None or c.speaker.canonical != cue.speaker.canonical)
    ]
    if cue is not None and cue.owner.dep_ != "ROOT":
        start = max(start, cue.owner.left_edge.idx)
        last = cue.owner.right_edge
        end = min(end, last.idx + len(last.text))
    for other in others:
        clause_start = other.owner.left_edge.idx
        last = other.owner.right_edge
        clause_end = last.idx + len(last.text)
        if clause_start <= token.idx < clause_end:
            continue
        if clause_start > token.idx and clause_start < end and clause_start > start:
            end = clause_start
        elif clause_end <= token.idx and clause_end > start:
            start = clause_end
    text = text_of(token.doc)
    while start < end and text[start] in " ,;:\u2013\u2014-":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def source_fields(speaker: Speaker | None, state: ArticleState) -> tuple[SourceRef, str, bool]:
    if speaker is None or not speaker.canonical:
        return SourceRef(name=state.outlet, kind="media"), state.outlet, False
    return (
        SourceRef(name=speaker.canonical, kind=speaker.kind),
        clean_mention(speaker.mention),
        True,
    )


def is_hedged(token: Token, cue: Cue | None) -> bool:
    if cue is not None and cue.lemma in HEDGING_CUES:
        return True
    hedged_sentence, modal_heads = _sentence_hedges(token.sent)
    if hedged_sentence or (modal_heads and verb_of(token).i in modal_heads):
        return True
    # "reports of victims": a hedge noun governing the claim's words; "hundreds feared dead",
    # "presumed drowned": an estimate, not a count.
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lower_ in HEDGE_NOUNS and node.i < token.i:
            return True
        if node.lower_ in ESTIMATE_PARTICIPLES:
            return True
    return False


def _sentence_hedges(sent: Any) -> tuple[bool, frozenset[int]]:
    """Whether a word of the sentence hedges all of it, and the verbs a modal ("could", "may")
    hedges; once per sentence (every claim of it asks)."""
    key = ("claimtracker.hedges", sent.start)
    known: tuple[bool, frozenset[int]] | None = sent.doc.user_data.get(key)
    if known is not None:
        return known
    hedged = False
    modal_heads: set[int] = set()
    for t in sent:
        lower = t.lower_
        if lower in HEDGE_WORDS:
            hedged = True
            break
        if (
            lower in UNSOURCED_REPORTS
            and t.dep_ == "nsubj"
            and not any(c.dep_ in ("det", "poss") for c in t.children)
        ):
            hedged = True  # "Reports suggested ...": unconfirmed
            break
        if lower in MODAL_HEDGES and t.dep_ == "aux":
            modal_heads.add(t.head.i)
    known = sent.doc.user_data[key] = (hedged, frozenset(modal_heads))
    return known


ESTIMATE_PARTICIPLES = frozenset({"feared", "presumed"})
