"""Syntax helpers over spaCy tokens: named dependency-label sets and small tree walks."""

from __future__ import annotations

from typing import Any

from claims.extraction.sources import (
    clean_mention,
)

Token = Any  # spacy.tokens.Token; kept untyped so this module imports without spaCy stubs

Doc = Any

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Subjects of a verb, active or passive.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Children that make a verb passive.
PASSIVE_MARKS = frozenset({"auxpass", "nsubjpass"})
# Objects and attributes of a verb.
OBJECTS = frozenset({"dobj", "attr"})
# Tokens that continue a multi-word name.
NAME_PARTS = frozenset({"compound", "flat"})
# A name attached beside a noun ("chief, Ines Varga,").
NAME_ATTACHMENTS = frozenset({"appos", "flat", "compound"})
# Labels that head a clause of their own.
CLAUSE_HEADS = frozenset({"ROOT", "ccomp", "advcl", "conj", "relcl"})
# Verbs that share the subject of the verb they hang from.
SHARED_SUBJECT_LINKS = frozenset({"conj", "advcl", "xcomp", "pcomp"})
# How a closing reporting verb hangs from the clause it reports.
TRAILING_CLAUSE_LINKS = frozenset({"ccomp", "conj", "parataxis", "advcl"})
# Participles and conjuncts that own the clause they hang from.
ATTACHED_CLAUSES = frozenset({"advcl", "conj", "xcomp"})
# The reported content of a verb.
COMPLEMENT_CLAUSES = frozenset({"ccomp", "xcomp"})
# What a copula or "remain" says of its subject.
PREDICATE_COMPLEMENTS = frozenset({"acomp", "oprd", "attr", "xcomp"})
# Left dependents that belong to a compact noun phrase.
NOUN_PHRASE_LEFTS = frozenset({"det", "poss", "compound", "amod", "nmod", "case", "nummod", "flat"})
# Dependents that qualify a noun (so it is no bare name).
NOUN_QUALIFIERS = frozenset({"compound", "amod", "poss", "det"})
# Modifiers that name a kind of thing ("media reports").
KIND_MODIFIERS = frozenset({"compound", "amod"})
# How a number hangs from the noun it counts.
NUMBER_ATTACHMENTS = frozenset({"nummod", "det", "quantmod", "amod", "compound"})
# Number words hanging from other number words.
NUMBER_LINKS = frozenset({"quantmod", "nummod"})
# Dependents that determine how many of a noun are meant.
NOUN_DETERMINERS = frozenset({"det", "nummod", "poss", "amod", "quantmod"})
# Objects of a verb that measure ("topped 100").
MEASURE_OBJECTS = frozenset({"dobj", "npadvmod", "attr"})
# Dependents that carry a predicate's content.
CONTENT_DEPENDENTS = frozenset({"dobj", "attr", "acomp", "pobj", "prep"})
# Parts of one number phrase ("three dozen").
NUMBER_WORD_PARTS = frozenset({"quantmod", "compound"})
# Where a cognition adjective can stand ("was concerned").
PREDICATE_ADJECTIVE_SLOTS = frozenset({"acomp", "ROOT", "advcl", "ccomp", "conj"})


def text_of(doc: Doc) -> str:
    """doc.text, built once per doc (spaCy joins every token's text on every access)."""
    cached = doc.user_data.get("claimtracker.text")
    if cached is None:
        cached = doc.user_data["claimtracker.text"] = doc.text
    return cached


def remember_text(doc: Doc, text: str) -> Doc:
    """The Doc, with the text it was parsed from as its text_of (spaCy's tokens keep every
    character, so doc.text is that text; joining the tokens again would only rebuild it)."""
    doc.user_data["claimtracker.text"] = text
    return doc


def index_sentences(doc: Doc) -> None:
    """Make ``token.sent`` a lookup: spaCy finds a token's sentence by walking the sentence
    starts each time (after checking every token for sentence annotation), and the rules ask
    for it tens of thousands of times an article set. The same spans as spaCy's: a sentence
    runs from a token whose sentence start is set to the next such token."""
    spans: list[Any] = []
    where: list[int] = []

    def sentence_of(token: Token) -> Any:
        if not where:
            for number, sent in enumerate(doc.sents):
                spans.append(sent)
                where.extend([number] * len(sent))
        return spans[where[token.i]]

    doc.user_token_hooks["sent"] = sentence_of


def ents(doc: Doc) -> tuple[Any, ...]:
    """doc.ents, built once per doc (spaCy rebuilds the tuple on every access)."""
    cached = doc.user_data.get("claimtracker.ents")
    if cached is None:
        cached = doc.user_data["claimtracker.ents"] = tuple(doc.ents)
    return cached


def closes_sentence(token: Token) -> bool:
    """True when nothing but punctuation follows the token's phrase in its sentence."""
    sent = token.sent
    return all(t.is_punct for t in token.doc[token.right_edge.i + 1 : sent.end])


def clause_head(token: Token) -> Token:
    while token.dep_ not in CLAUSE_HEADS and token.head.i != token.i:
        token = token.head
    return token


def verb_of(token: Token) -> Token:
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def token_at(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return int(span.start)
    for token in doc:
        if token.idx <= offset < token.idx + len(token.text) or token.idx > offset:
            return int(token.i)
    return len(doc) - 1


def singular_form(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def span_text(token: Token) -> str:
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        for ent in ents(token.doc):
            if ent.start <= token.i < ent.end:
                return clean_mention(ent.text)
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in NAME_ATTACHMENTS or (child.dep_ == "prep" and child.lower_ == "of"):
            right = max(right, child.right_edge.i)
    for child in token.lefts:
        left = min(left, child.left_edge.i)
    text = token.doc[left : right + 1].text
    return clean_mention(text)
