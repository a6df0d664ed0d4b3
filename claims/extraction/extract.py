"""Atomic claims from prepared paragraphs: quantities, reported statements, their sources.

A claim's source is found by walking up the dependency tree from the claim's words to the first
reporting cue ("said", "according to", "was concerned") whose speaker is plausible; sentences
inside a quotation belong to the quotation's speaker; a paragraph that is only a quotation
continues the previous paragraph's speaker; "He said" / "It warned" take the last compatible
speaker. Whatever has no speaker is the outlet's own claim (`attributed=False`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.parts_of_speech import NOUN, PROPN, VERB

from claims.extraction import quantities as qty
from claims.extraction.lexicon import (
    COGNITION_ADJECTIVES,
    COGNITION_VERBS,
    DOCUMENT_NOUNS,
    HEDGE_NOUNS,
    HEDGE_WORDS,
    HEDGING_CUES,
    MODAL_HEDGES,
    PERSONAL_CUES,
    SPEAKER_NOUNS,
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
from claims.extraction.sources import (
    ADJECTIVE_TO_COUNTRY,
    DEMONYMS,
    SourceResolver,
    clean_mention,
    fold,
)
from claims.extraction.types import ExtractedClaim, ExtractionResult, SourceRef, TextBlock

VERSION = "extract-1+" + qty.VERSION

Token = Any  # spacy.tokens.Token; kept untyped so this module imports without spaCy stubs
Doc = Any

SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "thing"}
SCOPE_FILLERS = frozenset(
    """its their our his her the a an of force forces troops troop personnel member members
    all some""".split()
)
EXCEED_VERBS = frozenset("pass exceed top surpass cross".split())
PART_QUALIFIERS = frozenset(
    {"instantly", "immediately", "initially", "on the spot", "at the scene", "in hospital",
     "on the way to hospital", "in the blast", "on impact"}
)  # fmt: skip
DURATION_NOUNS = frozenset(
    "second minute hour night day week month year decade century time".split()
)
# Nouns of people's roles: a name beside one is that person ("fire chief Ines Varga").
ROLE_NOUNS = frozenset(
    """leader chief minister spokesman spokeswoman spokesperson president premier official
    expert analyst commander director governor mayor secretary head speaker envoy ambassador
    king queen prince judge prosecutor colonel general captain sheriff coroner lawyer doctor
    professor economist researcher chairman chairwoman ceo founder owner manager witness
    activist lawmaker senator representative adviser advisor""".split()
)
HUMAN_NOUNS = frozenset(
    """official officials source sources witness witnesses resident residents officer
    spokesman spokeswoman spokesperson survivor survivors rescuer rescuers worker""".split()
)
QUOTED, OWN_VOICE = -2, -1  # who governs a claim when no cue token does
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
}
HARM_FAMILIES = frozenset({"casualties", "deaths", "injuries"})
COUNT_KINDS = frozenset({"count", "percent", "money", "fraction"})
OPEN_QUOTES = "\u201c\u00ab\u201e"
CLOSE_QUOTES = "\u201d\u00bb"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
MAX_STATEMENT_CHARS = 400


@dataclass
class Speaker:
    mention: str
    person_name: str | None
    role: str | None
    pronoun: str | None = None  # "person" / "thing" for an unresolved pronoun
    canonical: str = ""
    kind: str = "unknown"
    head_i: int = -1  # token index of the phrase's head in its paragraph


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
    resolver: SourceResolver = field(default_factory=SourceResolver)
    last_person: Speaker | None = None
    last_thing: Speaker | None = None
    last_document_speaker: Speaker | None = None
    last_paragraph_speaker: Speaker | None = None
    open_quote_speaker: Speaker | None = None


def extract_claims(
    blocks: Sequence[TextBlock], *, outlet: str, nlp: Any = None
) -> ExtractionResult:
    """Claims of one article version. Pure: returns frozen data, writes nothing. Deterministic."""
    return next(iter(extract_many([blocks], outlets=[outlet], nlp=nlp)))


def extract_many(
    documents: Sequence[Sequence[TextBlock]], *, outlets: Sequence[str], nlp: Any = None
) -> Iterable[ExtractionResult]:
    """Claims of many versions, parsing all their paragraphs in one nlp.pipe stream."""
    if nlp is None:
        from claims.extraction.nlp import load_nlp

        nlp = load_nlp()
    flat = [block.text for blocks in documents for block in blocks]
    docs = nlp.pipe(flat, batch_size=64)
    for blocks, outlet in zip(documents, outlets, strict=True):
        parsed = [(block, next(docs)) for block in blocks]
        yield _extract_article(parsed, outlet)


# --------------------------------------------------------------------------------------------
# One article
# --------------------------------------------------------------------------------------------


def _extract_article(parsed: list[tuple[TextBlock, Doc]], outlet: str) -> ExtractionResult:
    state = ArticleState(outlet=outlet)
    pending: list[tuple[TextBlock, Doc, list[Cue], list[tuple[int, int]]]] = []
    # Pass 1: cues and speakers, so that names seen later resolve mentions seen earlier.
    for block, doc in parsed:
        quotes = _quote_spans(_quote_marks(doc.text))
        cues = _find_cues(doc, quotes)
        for cue in cues:
            state.resolver.observe(cue.speaker.mention, cue.speaker.person_name, cue.speaker.role)
        pending.append((block, doc, cues, quotes))
    claims: list[ExtractedClaim] = []
    for block, doc, cues, quotes in pending:
        claims.extend(_paragraph_claims(block, doc, cues, quotes, state))
    sources = tuple(
        SourceRef(name=name, kind="unknown", aliases=tuple(sorted(mentions)))
        for name, mentions in sorted(state.resolver.aliases.items())
    )
    return ExtractionResult(
        claims=tuple(claims), version=VERSION, sources=sources, signature=_signature(parsed)
    )


CONTENT_POS = frozenset({NOUN, PROPN, VERB})
SIGNATURE_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


def _ents(doc: Doc) -> tuple[Any, ...]:
    """doc.ents, built once per doc (spaCy rebuilds the tuple on every access)."""
    cached = doc.user_data.get("claimtracker.ents")
    if cached is None:
        cached = doc.user_data["claimtracker.ents"] = tuple(doc.ents)
    return cached


def _signature(parsed: list[tuple[TextBlock, Doc]]) -> dict[str, dict[str, int]]:
    """Entity and content-word counts of the article (top 40 of each), for story grouping."""
    entities: dict[str, int] = {}
    terms: dict[str, int] = {}
    for _, doc in parsed:
        for ent in _ents(doc):
            if ent.label_ in SIGNATURE_ENTS:
                key = fold(ent.text)
                if key:
                    entities[key] = entities.get(key, 0) + 1
        # Column arrays instead of Token objects: this runs over every token of the article.
        table = doc.to_array(["POS", "IS_ALPHA", "IS_STOP", "LOWER", "LEMMA"])
        strings = doc.vocab.strings
        for pos, alpha, stop, lower, lemma in table.tolist():
            if alpha and not stop and pos in CONTENT_POS and len(strings[lower]) > 2:
                word = strings[lemma].lower()
                terms[word] = terms.get(word, 0) + 1

    def top(counts: dict[str, int]) -> dict[str, int]:
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:40])

    return {"entities": top(entities), "terms": top(terms)}


def _paragraph_claims(
    block: TextBlock, doc: Doc, cues: list[Cue], quotes: list[tuple[int, int]], state: ArticleState
) -> list[ExtractedClaim]:
    # In reading order, so that "He said" takes the person named last: a speaker, or a person
    # who was the subject of a sentence ("The minister arrived on Monday. He said ...").
    events: list[tuple[int, Speaker]] = [(c.token.i, c.speaker) for c in cues]
    for ent in _ents(doc):
        if (
            ent.label_ == "PERSON"
            and ent.root.dep_ in ("nsubj", "nsubjpass")
            and not any(c.token.i == ent.root.head.i for c in cues)
        ):
            events.append((ent.root.i, Speaker(ent.text, ent.text, None, head_i=ent.root.i)))
    for _, speaker in sorted(events, key=lambda e: e[0]):
        _resolve_speaker(speaker, state)
        _remember_speaker(speaker, state)
    by_token = {cue.token.i: cue for cue in cues}
    text = doc.text
    marked = _quote_marks(text)
    stripped = marked.lstrip()
    starts_with_quote = bool(stripped) and stripped[0] in OPEN_QUOTES + '"'
    # The speaker of this paragraph's full quotations: a cue outside them, or, for a paragraph
    # that is only a quotation, the speaker of the paragraph before (multi-paragraph quotes).
    outside_cues = [c for c in cues if not _inside(c.token.idx, quotes)]
    quote_speaker = outside_cues[0].speaker if outside_cues else None
    if quote_speaker is None and starts_with_quote:
        quote_speaker = state.open_quote_speaker or state.last_paragraph_speaker
    quote_speakers = QuoteSpeakers.build(quotes, outside_cues, default=quote_speaker)
    mentions = [m for m in qty.find_quantities(text) if m.kind in COUNT_KINDS]
    mentions.extend(_bare_plural_mentions(doc, mentions))
    claims: list[ExtractedClaim] = []
    # (sentence start, who) pairs that already have a quantity claim: a reported clause with a
    # number is a quantity claim, not also a statement.
    covered: set[tuple[int, str]] = set()
    for mention in mentions:
        claim = _quantity_claim(block, doc, mention, by_token, quotes, quote_speakers, state)
        if claim is not None:
            claims.append(claim)
            covered.add((doc[_token_at(doc, mention.number_start)].sent.start, claim.source.name))
    claims.extend(_statement_claims(block, doc, cues, quotes, quote_speakers, covered, state))
    # Remember speakers for the next paragraph.
    speakers = [c.speaker for c in cues if c.speaker.canonical]
    if quote_speaker is not None and (speakers or starts_with_quote):
        state.last_paragraph_speaker = quote_speaker if not speakers else speakers[-1]
    elif speakers:
        state.last_paragraph_speaker = speakers[-1]
    else:
        state.last_paragraph_speaker = None
    # A quotation left open at the end of the paragraph runs on into the next one.
    state.open_quote_speaker = quote_speaker if _ends_inside_quote(marked) else None
    for speaker in speakers:
        _remember_speaker(speaker, state)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


# --------------------------------------------------------------------------------------------
# Quotations
# --------------------------------------------------------------------------------------------


def _quote_marks(text: str) -> str:
    """The text with two apostrophes written for a quotation mark ('' as some wires do) turned
    into a straight quote; same length, so offsets still hold."""
    return text.replace("''", '" ')


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of full quotations (at least four words); scare quotes are ignored."""
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in OPEN_QUOTES or ch == '"':
            closing = CLOSE_QUOTES if ch in OPEN_QUOTES else '"'
            j = i + 1
            while j < n and text[j] not in closing:
                j += 1
            if len(text[i + 1 : j].split()) >= 4:
                spans.append((i, min(j + 1, n)))
            i = j + 1
        else:
            i += 1
    return spans


def _ends_inside_quote(text: str) -> bool:
    opens = sum(text.count(q) for q in OPEN_QUOTES)
    closes = sum(text.count(q) for q in CLOSE_QUOTES)
    return opens > closes


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


# --------------------------------------------------------------------------------------------
# Cues and speakers
# --------------------------------------------------------------------------------------------


CUE_LEMMAS = SPEECH_VERBS | COGNITION_VERBS


def _find_cues(doc: Doc, quotes: list[tuple[int, int]]) -> list[Cue]:
    cues: list[Cue] = []
    for token in doc:
        lemma = token.lemma_.lower()
        lower = token.lower_
        # Cheap word tests first: this loop sees every token of every article.
        if lemma not in CUE_LEMMAS and lower != "according" and lower not in COGNITION_ADJECTIVES:
            continue
        if _inside(token.idx, quotes):
            continue  # words inside a quotation belong to the quoted speaker
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            target = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if target is not None:
                # Any noun can be a source here ("according to court records").
                speaker = _speaker_from(target, any_noun=True)
                if speaker is not None:
                    owner = token.head if token.head.i != token.i else token
                    wide = _closes_sentence(target) or token.i == token.sent.start
                    cues.append(
                        Cue(token, "according to", speaker, _clause_head(owner), sentence_wide=wide)
                    )
            continue
        if token.pos_ == "VERB" and (lemma in SPEECH_VERBS or lemma in COGNITION_VERBS):
            if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
                continue  # "coalition troops were warned": the subject is told, not telling
            found = _subject_of(token, doc, quotes)
        elif token.lower_ in COGNITION_ADJECTIVES and token.dep_ in (
            "acomp",
            "ROOT",
            "advcl",
            "ccomp",
            "conj",
        ):
            found = _subject_of(token, doc, quotes, allow_passive=True)
        else:
            continue
        if found is None:
            continue
        subject, owner = found
        speaker = _speaker_from(subject, any_noun=lemma in PERSONAL_CUES)
        if speaker is None:
            continue
        trailing = (
            token.dep_ in ("ccomp", "conj", "parataxis", "advcl")
            and token.head.i < token.i
            and _closes_sentence(token)
        )
        cues.append(Cue(token, lemma, speaker, owner, sentence_wide=trailing))
    return cues


def _closes_sentence(token: Token) -> bool:
    """True when nothing but punctuation follows the token's phrase in its sentence."""
    sent = token.sent
    return all(t.is_punct for t in token.doc[token.right_edge.i + 1 : sent.end])


def _subject_of(
    cue: Token, doc: Doc, quotes: list[tuple[int, int]], allow_passive: bool = False
) -> tuple[Token, Token] | None:
    """(speaker head, clause owner) of a cue: its own subject, the subject it shares with the
    verb it hangs from ("denounced the attack and said"), or the nearest name in the sentence."""
    deps = ("nsubj", "nsubjpass") if allow_passive else ("nsubj",)
    node = cue if cue.dep_ != "acomp" else cue.head
    for child in node.children:
        if child.dep_ in deps:
            return child, node
    # "..., confirmed a government official Sunday.": an inverted speaker after a closing cue,
    # which the parser often takes for the object.
    if (
        cue.tag_ in ("VBD", "VBZ", "VBP")
        and cue.i > 0
        and doc[cue.i - 1].text in (",", "\u201d", '"')
        and _closes_sentence(cue)
    ):
        for child in cue.children:
            if (
                child.dep_ in ("dobj", "attr")
                and child.i > cue.i
                and (child.lemma_.lower() in SPEAKER_NOUNS or child.ent_type_ in SPEAKER_ENTS)
            ):
                return child, cue
    head = node
    # Participles and conjuncts share the subject of the verb they hang from.
    for _ in range(3):
        if head.dep_ not in ("conj", "advcl", "xcomp", "pcomp") or head.head.i == head.i:
            break
        head = head.head
        for child in head.children:
            if child.dep_ in deps and child.i != cue.i:
                return child, head
    # A broken parse ("chief X - blacklisted by the US - said ..."): the nearest speaker-like
    # name before the cue in the sentence, outside quotations.
    if cue.dep_ == "ROOT":
        before = [t for t in doc[cue.sent.start : cue.i] if not _inside(t.idx, quotes)]
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
                    while (
                        head_token.dep_ in ("compound", "flat") and head_token.head.i > head_token.i
                    ):
                        head_token = head_token.head
                    return head_token, cue
    return None


def _clause_head(token: Token) -> Token:
    while token.dep_ not in ("ROOT", "ccomp", "advcl", "conj", "relcl") and token.head.i != token.i:
        token = token.head
    return token


def _speaker_from(head: Token, any_noun: bool = False) -> Speaker | None:
    """The speaker named by a subject head, or None when it cannot be a speaker. With
    `any_noun`, any noun can speak ("the utility said"), as verbs of speech imply a speaker."""
    lower = head.lower_
    if lower in ("which", "who", "that") and head.head.dep_ == "relcl":
        # "Vostel Mining, which said ...": the relative pronoun stands for its antecedent.
        return _speaker_from(head.head.head, any_noun=any_noun)
    if lower in PRONOUNS:
        return Speaker(mention=head.text, person_name=None, role=None, pronoun=PRONOUNS[lower])
    if head.pos_ == "PRON":
        return None
    if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
        # "The statement by X's spokesman said", "X's statement said", "the statement said".
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _speaker_from(pobj)
            if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
                return _speaker_from(child)
        if any(c.dep_ in ("compound", "amod") for c in head.children):
            # "media reports", "court records": a named kind of document, its own source.
            return Speaker(mention=_phrase(head), person_name=None, role=None, head_i=head.i)
        return Speaker(mention=_phrase(head), person_name=None, role=None, pronoun="document")
    plausible = (
        (any_noun and head.pos_ == "NOUN")
        or head.ent_type_ in SPEAKER_ENTS
        or head.pos_ == "PROPN"
        or head.lemma_.lower() in SPEAKER_NOUNS
        or lower in SPEAKER_NOUNS
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


def _phrase(head: Token) -> str:
    """The compact noun phrase around a speaker head: determiners, possessives, compounds,
    adjectives, "of" phrases and an adjacent name in apposition; no relative clauses."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "poss", "compound", "amod", "nmod", "case", "nummod", "flat"):
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            or (
                child.dep_ in ("appos", "flat", "compound")
                and child.ent_type_ == "PERSON"
                and child.i == right + 1
            )
        ):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "case":
            right = max(right, child.i)
    span = doc[left : right + 1]
    return span.text


def _person_in(head: Token) -> str | None:
    """The person a speaker phrase names: a PERSON entity holding the head ("Ali Khamenei"),
    or a name beside a role noun ("fire chief Ines Varga", "chief, Qais al-Khazali,")."""
    doc = head.doc
    role = head.lemma_.lower() in ROLE_NOUNS
    best = None
    for ent in _ents(doc):
        if ent.label_ != "PERSON":
            continue
        holds_head = ent.start <= head.i < ent.end
        beside_role = role and (0 < ent.start - head.i <= 3 or 0 < head.i - ent.end + 1 <= 3)
        if (holds_head or beside_role) and (best is None or len(ent.text) > len(best)):
            best = ent.text
    if best is None and role:
        # The parser tagged the name as something else ("fire chief, Ines Varga (ORG), said").
        for child in head.children:
            if (
                child.dep_ in ("appos", "compound", "flat")
                and child.pos_ == "PROPN"
                and child.i > head.i
            ):
                best = doc[child.left_edge.i : child.i + 1].text
                break
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
                and not any(c.dep_ in ("compound", "amod", "poss", "det") for c in head.children)
                and head.text[:1].isupper()
                and head.lower_ not in DEMONYMS
                and head.lower_ not in ADJECTIVE_TO_COUNTRY
            )
        )
    ):
        best = head.text
    return best


def _resolve_speaker(speaker: Speaker, state: ArticleState) -> None:
    if speaker.canonical:
        return
    if speaker.pronoun in ("person", "thing", "document"):
        if speaker.pronoun == "person":
            previous = state.last_person
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
    speaker.canonical, speaker.kind = state.resolver.resolve(
        speaker.mention, speaker.person_name, speaker.role
    )


def _remember_speaker(speaker: Speaker, state: ArticleState) -> None:
    if not speaker.canonical:
        return
    # "An official said ... He added": a person may be unnamed.
    words = fold(speaker.mention).split()
    human = speaker.kind == "person" or (bool(words) and words[-1] in ROLE_NOUNS | HUMAN_NOUNS)
    if human:
        state.last_person = speaker
    else:
        state.last_thing = speaker
    state.last_document_speaker = speaker


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------


def _governing_cue(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    """The first cue up the tree from a claim's token whose content holds it; a cue that
    closes the sentence outranks cues of belief or inference inside it ("Rescuers expect ...,
    according to the rescue service")."""
    found = _first_cue_up(token, by_token)
    wide = next(
        (
            c
            for c in by_token.values()
            if c.sentence_wide and c.speaker.canonical and c.token.sent.start == token.sent.start
        ),
        None,
    )
    if wide is not None and (found is None or found.lemma not in PERSONAL_CUES):
        return wide
    return found


def _first_cue_up(token: Token, by_token: dict[int, Cue]) -> Cue | None:
    node = token
    for _ in range(40):
        cue = by_token.get(node.i)
        if cue is not None and cue.speaker.canonical:
            return cue
        # A participle hanging from the claim's verb ("..., saying they should stay") or a
        # conjoined cue owns the clause it hangs from.
        for child in node.children:
            owned = by_token.get(child.i)
            if (
                owned is not None
                and owned.speaker.canonical
                and owned.owner.i == node.i
                and child.dep_ in ("advcl", "conj", "xcomp")
            ):
                return owned
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _attribution(
    token: Token,
    by_token: dict[int, Cue],
    quotes: list[tuple[int, int]],
    quote_speakers: QuoteSpeakers,
) -> tuple[Speaker | None, Cue | None]:
    """Who asserts the claim at `token`: a quotation's speaker, the governing cue's speaker,
    or nobody (the outlet)."""
    quoted = quote_speakers.at(token.idx)
    if _inside(token.idx, quotes) and quoted is not None:
        return quoted, None
    cue = _governing_cue(token, by_token)
    if cue is not None:
        return cue.speaker, cue
    quoted = quote_speakers.at(token.sent.start_char)
    if _sentence_inside_quote(token, quotes) and quoted is not None:
        return quoted, None
    return None, None


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


def _sentence_inside_quote(token: Token, quotes: list[tuple[int, int]]) -> bool:
    sent = token.sent
    return _inside(sent.start_char, quotes) or _inside(sent[0].idx + 1, quotes)


def _segment(token: Token, cue: Cue | None, by_token: dict[int, Cue]) -> tuple[int, int]:
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
    text = token.doc.text
    while start < end and text[start] in " ,;:\u2013\u2014-":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def _source_fields(speaker: Speaker | None, state: ArticleState) -> tuple[SourceRef, str, bool]:
    if speaker is None or not speaker.canonical:
        return SourceRef(name=state.outlet, kind="media"), state.outlet, False
    return (
        SourceRef(name=speaker.canonical, kind=speaker.kind),
        clean_mention(speaker.mention),
        True,
    )


def _is_hedged(token: Token, cue: Cue | None) -> bool:
    if cue is not None and cue.lemma in HEDGING_CUES:
        return True
    sent = token.sent
    for t in sent:
        lower = t.lower_
        if lower in HEDGE_WORDS:
            return True
        if lower in MODAL_HEDGES and t.dep_ == "aux" and t.head.i == _verb_of(token).i:
            return True
    # "reports of victims": a hedge noun governing the claim's words.
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lower_ in HEDGE_NOUNS and node.i < token.i:
            return True
    return False


def _verb_of(token: Token) -> Token:
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _token_at(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return int(span.start)
    for token in doc:
        if token.idx <= offset < token.idx + len(token.text) or token.idx > offset:
            return int(token.i)
    return len(doc) - 1


def _is_identifier(doc: Doc, mention: qty.QuantityMention) -> bool:
    """ "the 12841 Coromandel Express", "route 4021 Express": a bare number of four digits or
    more (no thousands separator) followed by a name is a number that names, not counts."""
    if not mention.text.isdigit() or len(mention.text) < 4:
        return False
    after = doc.char_span(mention.end, len(doc.text), alignment_mode="expand")
    if after is None or not len(after):
        return False
    following = after[0]
    return following.pos_ == "PROPN" and following.text[:1].isupper()


def _bare_plural_mentions(
    doc: Doc, mentions: list[qty.QuantityMention]
) -> list[qty.QuantityMention]:
    """ "reports of victims", "caused casualties": a plural harm noun without a number asserts
    at least one. Skipped when a determiner, number or compound use says otherwise."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for token in doc:
        if token.tag_ != "NNS" or NOUN_FAMILIES.get(token.lemma_.lower()) not in HARM_FAMILIES:
            continue
        # Asserted existence only: "caused casualties", "there were victims", "reports of
        # victims"; not "succumbed to injuries" or "the families of victims".
        reported = (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_ in HEDGE_NOUNS
        )
        if token.dep_ not in ("dobj", "attr") and not reported:
            continue
        if any(c.dep_ in ("det", "nummod", "poss", "amod", "quantmod") for c in token.children):
            continue
        if any(start <= token.idx < end for start, end in taken):
            continue
        end = token.idx + len(token.text)
        found.append(
            qty.QuantityMention(
                start=token.idx,
                end=end,
                text=token.text,
                low=1,
                high=None,
                low_open=False,
                high_open=False,
                approximate=False,
                kind="count",
                unit=None,
                zero=False,
                number_start=token.idx,
                number_end=end,
            )
        )
    return found


def _counted_noun(doc: Doc, mention: qty.QuantityMention) -> tuple[Token | None, Token]:
    """(counted noun or None, the number's last token)."""
    last = doc[_token_at(doc, max(mention.number_end - 1, mention.number_start))]
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
    if number.dep_ in ("nummod", "det", "quantmod", "amod", "compound") and number.head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
    ):
        head = number.head
        while head.dep_ in ("quantmod", "nummod") and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        return head, number
    if number.pos_ == "NOUN" and number.tag_ == "NNS" and NOUN_FAMILIES.get(number.lemma_.lower()):
        return number, number
    if number.pos_ == "NOUN" and number.lower_ not in ("dozens", "hundreds", "thousands", "dozen"):
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
        if t.is_punct or t.pos_ in ("NUM", "CCONJ", "ADP"):
            break  # "19, dozens missing": the word belongs to the next figure
        word = t.lower_
        if word in PREDICATE_FAMILIES or t.lemma_.lower() in ("kill", "injure", "wound"):
            return word
    if verb.lower_ in PREDICATE_FAMILIES:
        return verb.lower_  # "22 people were still missing": the participle is the verb
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd", "attr", "xcomp") and child.lower_ in PREDICATE_FAMILIES:
            return child.lower_
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
    if verb.pos_ not in ("VERB",) or lemma in ("be", "have", "say", "include"):
        return ""
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
                return _span_text(pobj)
    return ""


def _people_scope(noun: Token | None, family: str) -> str:
    """Who is counted, when the noun names a group ("crew", "miners"): counts of different
    groups are different slots; "people" is everyone (no scope)."""
    if noun is None or noun.lemma_.lower() not in PEOPLE_NOUNS:
        return ""
    lemma = noun.lemma_.lower()
    if lemma in GENERIC_PEOPLE:
        # "crew members": the compound names the group.
        compound = next((c for c in noun.lefts if c.dep_ == "compound"), None)
        return compound.lemma_.lower() if compound is not None else ""
    return lemma


def _time_ref(token: Token) -> str:
    """The time a figure is given for, as written ("1 p.m.", "Tuesday morning", "the close"),
    normalised; "" when the sentence names none."""
    sent = token.sent
    for ent in _ents(sent.doc):
        if ent.start < sent.start or ent.end > sent.end:
            continue
        if ent.label_ == "TIME" and _normal_time(ent.text):
            return _normal_time(ent.text)
    lowered = sent.text.lower()
    for phrase in TRADING_TIMES:
        if phrase in lowered:
            return phrase
    return ""


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


def _scope(noun: Token | None, verb: Token, speaker: Speaker | None) -> str:
    """Which forces or place a count is about ("Iraqi forces", "Ain al-Asad"); "" = the total."""
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
                if pobj is not None:
                    return _span_text(pobj)
    lemma = verb.lemma_.lower()
    if lemma in LOSS_VERBS and noun is not None and noun.head.i == verb.i:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            # "its forces deployed in Iraq sustained no casualties": the parser often hangs the
            # subject on the participle; take the nearest subject to the left in the clause.
            for token in reversed(list(verb.doc[verb.sent.start : verb.i])):
                if (
                    token.dep_ in ("nsubj", "nsubjpass")
                    and token.head.lemma_.lower() not in SPEECH_VERBS
                ):
                    subject = token
                    break
        if subject is not None:
            return _owner_scope(subject, speaker)
    if lemma in TARGET_VERBS:
        target = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if target is not None and (noun is None or target.i != noun.i):
            return _span_text(target)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "at"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and (noun is None or pobj.i != noun.i):
                    return _span_text(pobj)
    return ""


def _owner_scope(subject: Token, speaker: Speaker | None) -> str:
    """ "its forces" / "it" said by the Iraqi military -> "Iraqi forces"; another subject is
    its own scope."""
    noun = "forces"
    if subject.lower_ not in PRONOUNS:
        poss = next((c for c in subject.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ not in ("its", "their", "our"):
            return _span_text(subject)
        noun = subject.lemma_.lower() if subject.lemma_.lower() != "force" else "forces"
    if speaker is None or not speaker.canonical:
        return _span_text(subject)
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
        words.append(_singular(word))
    return " ".join(words) or fold(scope)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _span_text(token: Token) -> str:
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        for ent in _ents(token.doc):
            if ent.start <= token.i < ent.end:
                return clean_mention(ent.text)
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") or (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            right = max(right, child.right_edge.i)
    for child in token.lefts:
        left = min(left, child.left_edge.i)
    text = token.doc[left : right + 1].text
    return clean_mention(text)


def _quantity_claim(
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
    verb = _verb_of(anchor)
    predicate = _predicate(number, verb)
    noun_lemma = _noun_phrase(noun) if noun is not None else None
    if noun is None:
        # "The death toll rose to 19": the subject names what the bare number counts.
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lemma_.lower() in NOUN_FAMILIES:
            noun_lemma = _noun_phrase(subject)
    low, high, unit = mention.low, mention.high, mention.unit
    low_open, high_open = mention.low_open, mention.high_open
    top = number
    while top.dep_ in ("quantmod", "compound") and top.head.pos_ == "NUM":
        top = top.head  # "three dozen": "dozen" hangs from "three"
    if (
        top.head.lemma_.lower() in EXCEED_VERBS
        and top.dep_ in ("dobj", "npadvmod", "attr")
        and low is not None
        and low == high
        and not mention.zero
    ):
        # "the toll passed three dozen", "deaths topped 100": more than the figure.
        high, low_open, high_open = None, True, False
    if mention.kind == "money":
        family = "price" + (f":{mention.unit}" if mention.unit else "")
        measure = "price" if not mention.unit else f"price ({mention.unit})"
    elif mention.unit == "percent":
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        what = _span_text(subject) if subject is not None else ""
        family = f"percent:{fold(what)}" if what else "percent"
        measure = f"{what} change (percent)".strip()
    elif noun is not None and (noun.lemma_.lower() in UNIT_NOUNS or noun.lower_ in UNIT_NOUNS):
        # "about 3 km from the pier", "up to 40 metres deep": a measurement, not a count.
        unit = UNIT_NOUNS.get(noun.lower_) or UNIT_NOUNS[noun.lemma_.lower()]
        following = noun.doc[noun.i + 1 : noun.i + 3].text.lower()
        if unit in ("km", "mi") and following.startswith(("per hour", "an hour", "/h")):
            unit = "km/h" if unit == "km" else "mph"
        family = _dimension(noun, unit)
        measure = family
    else:
        family = family_for(noun_lemma, verb.lemma_, predicate)
        if mention.zero and not family:
            return None
        if noun is None and predicate:
            measure = f"people {predicate}"
        elif noun is None and noun_lemma:
            measure = noun_lemma  # "death toll"
        else:
            measure = _measure_phrase(noun, verb, predicate)
    # "no immediate suggestion", "no longer": a zero only counts a countable noun we know.
    if (
        mention.zero
        and noun is not None
        and family == noun.lemma_.lower()
        and noun.lemma_.lower() not in NOUN_FAMILIES
        and noun.lemma_.lower() not in PEOPLE_NOUNS
    ):
        return None
    speaker, cue = _attribution(anchor, by_token, quotes, quote_speakers)
    source, source_mention, attributed = _source_fields(speaker, state)
    scope = (
        _reference_place(noun) if unit in UNIT_BASES else _scope(noun, verb, speaker)
    ) or _people_scope(noun, family)
    start, end = _segment(anchor, cue, by_token)
    start = min(start, mention.start)
    end = max(end, mention.end)
    hedged = _is_hedged(anchor, cue)
    negated = (_is_negated(verb) or (cue is not None and cue.lemma == "deny")) and not mention.zero
    if unit in UNIT_BASES:
        summary = (
            f"{source.name}: {mention.text} {noun.text if noun is not None else ''} ({family})"
        )
    elif noun is not None and noun.i >= number.i:
        counted = doc[min(number.i, _token_at(doc, mention.start)) : noun.i + 1].text
        participle = _participle(verb, predicate)
        if participle == noun.lower_:
            participle = ""  # "41 dead"
        summary = f"{source.name}: {counted}" + (f" {participle}" if participle else "")
    else:
        summary = f"{source.name}: {mention.text}" + (f" ({measure})" if measure else "")
    if scope and scope.lower() not in summary.lower():
        summary += f" ({scope})"
    return ExtractedClaim(
        start=block.start + start,
        end=block.start + end,
        text=summary[:500],
        evidence=doc.text[start:end],
        kind="quantity",
        source=source,
        source_mention=source_mention,
        attributed=attributed,
        cue=cue.lemma if cue else ("quote" if speaker else ""),
        measure=measure[:200],
        family=family[:50],
        scope=scope[:200],
        scope_key=_scope_key(scope)[:200] if scope else "",
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        unit=unit,
        time_ref=_time_ref(anchor),
        approximate=mention.approximate,
        hedged=hedged,
        negated=negated,
        quantity_text=mention.text[:200],
    )


def _statement_claims(
    block: TextBlock,
    doc: Doc,
    cues: list[Cue],
    quotes: list[tuple[int, int]],
    quote_speakers: QuoteSpeakers,
    covered: set[tuple[int, str]],
    state: ArticleState,
) -> list[ExtractedClaim]:
    """One statement claim per reported clause that holds no quantity claim, and one per
    sentence in the outlet's own voice."""
    by_token = {cue.token.i: cue for cue in cues}
    claims: list[ExtractedClaim] = []
    seen: set[tuple[int, int]] = set()
    for sent in doc.sents:
        sentence_cues = sorted(
            (c for c in cues if c.owner.sent.start == sent.start and c.speaker.canonical),
            key=lambda c: (not c.sentence_wide, c.token.i),
        )
        if sentence_cues and sentence_cues[0].sentence_wide:
            # A closing "according to X" speaks for the sentence; beliefs inside it are X's.
            sentence_cues = [sentence_cues[0]] + [
                c for c in sentence_cues[1:] if c.lemma in PERSONAL_CUES
            ]
        candidates: list[tuple[Speaker, Cue | None, Token, int]] = []
        # Distinct speakers own distinct clauses; one claim each.
        for cue in sentence_cues:
            if any(c.speaker.canonical == cue.speaker.canonical for _, c, _, _ in candidates if c):
                continue
            candidates.append((cue.speaker, cue, cue.owner, cue.token.i))
        in_quote = _sentence_inside_quote(sent[0], quotes) or _inside(sent[0].idx, quotes)
        quoted = quote_speakers.at(sent[0].idx) or quote_speakers.at(sent.start_char + 1)
        if not candidates and quoted is not None and in_quote:
            candidates.append((quoted, None, sent.root, QUOTED))
        own_voice = not candidates and not any(start == sent.start for start, _ in covered)
        if own_voice and _is_assertion(sent):
            candidates.append((None, None, sent.root, OWN_VOICE))
        for speaker, cue, anchor, who in candidates:
            name = speaker.canonical if speaker is not None else state.outlet
            if (sent.start, name) in covered:
                continue
            start, end = _segment(anchor, cue, by_token)
            if (start, end) in seen or end - start < 8:
                continue
            seen.add((start, end))
            evidence = doc.text[start:end]
            content_root = _content_root(cue) if cue is not None else sent.root
            negated = _is_negated(content_root) or (cue is not None and cue.lemma == "deny")
            source, source_mention, attributed = _source_fields(speaker, state)
            claims.append(
                ExtractedClaim(
                    start=block.start + start,
                    end=block.start + end,
                    text=f"{source.name}: {_squash(evidence)}"[:500],
                    evidence=evidence,
                    kind="statement",
                    source=source,
                    source_mention=source_mention,
                    attributed=attributed,
                    cue=cue.lemma if cue else ("quote" if who == QUOTED else ""),
                    statement_key=_statement_key(content_root),
                    hedged=_is_hedged(content_root, cue),
                    negated=negated,
                )
            )
    return claims


def _is_assertion(sent: Any) -> bool:
    """A sentence in the outlet's own voice that asserts something: a finite clause of five
    words or more ending like a sentence; not a headline, byline, advisory or credit line."""
    text = sent.text.strip()
    if len(text) < 20 or text[0] in "([" or text[-1] not in ".!?\"'”’":
        return False
    words = [t for t in sent if t.is_alpha]
    if len(words) < 5:
        return False
    return sent.root.pos_ in ("VERB", "AUX") or any(t.pos_ == "AUX" for t in sent)


def _content_root(cue: Cue) -> Token:
    for child in cue.token.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return child
    return cue.token


def _statement_key(root: Token) -> str:
    """Predicate and its object, lemmatised and without negation, so that "X hit the base" and
    "X did not hit the base" share a key."""
    parts = [root.lemma_.lower()]
    for child in root.children:
        if child.dep_ in ("dobj", "attr", "acomp", "pobj", "prep"):
            parts.extend(t.lemma_.lower() for t in child.subtree if t.is_alpha and not t.is_stop)
    key = " ".join(parts[:8])
    return key[:200]


def _squash(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_STATEMENT_CHARS else text[: MAX_STATEMENT_CHARS - 1] + "\u2026"


def claim_fingerprint(claim: ExtractedClaim) -> str:
    """A stable identity of a claim within its version: the same claim found again by a newer
    extractor keeps its row (and the reviews attached to it)."""
    basis = "|".join(
        str(x)
        for x in (
            claim.start,
            claim.end,
            claim.kind,
            claim.family,
            claim.low,
            claim.high,
            claim.low_open,
            claim.high_open,
            claim.quantity_text,
            claim.source.name,
        )
    )
    return hashlib.sha256(basis.encode()).hexdigest()
