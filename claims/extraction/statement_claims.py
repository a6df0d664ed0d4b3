"""Statement claims: one per reported clause without a number, one per sentence in the
outlet's own voice."""

from __future__ import annotations

import re
from typing import Any

from claims.extraction.attribution import (
    OWN_VOICE,
    QUOTED,
    ArticleState,
    Cue,
    QuoteSpeakers,
    Speaker,
    is_hedged,
    segment,
    source_fields,
)
from claims.extraction.lexicon import (
    PERSONAL_CUES,
)
from claims.extraction.quotes import in_spans, sentence_inside_quote
from claims.extraction.syntax import (
    COMPLEMENT_CLAUSES,
    CONTENT_DEPENDENTS,
    Doc,
    Token,
    is_negated,
    text_of,
)
from claims.extraction.types import ExtractedClaim, TextBlock

MAX_STATEMENT_CHARS = 400


def statement_claims(
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
        candidates: list[tuple[Speaker | None, Cue | None, Token, int]] = []
        # Distinct speakers own distinct clauses; one claim each.
        for sentence_cue in sentence_cues:
            speaker_name = sentence_cue.speaker.canonical
            if any(c.speaker.canonical == speaker_name for _, c, _, _ in candidates if c):
                continue
            candidates.append(
                (sentence_cue.speaker, sentence_cue, sentence_cue.owner, sentence_cue.token.i)
            )
        in_quote = sentence_inside_quote(sent[0], quotes) or in_spans(sent[0].idx, quotes)
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
            start, end = segment(anchor, cue, by_token)
            if (start, end) in seen or end - start < 8:
                continue
            seen.add((start, end))
            evidence = text_of(doc)[start:end]
            content_root = _content_root(cue) if cue is not None else sent.root
            negated = is_negated(content_root) or (cue is not None and cue.lemma == "deny")
            source, source_mention, attributed = source_fields(speaker, state)
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
                    hedged=is_hedged(content_root, cue),
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
        if child.dep_ in COMPLEMENT_CLAUSES:
            return child
    return cue.token


def _statement_key(root: Token) -> str:
    """Predicate and its object, lemmatised and without negation, so that "X hit the base" and
    "X did not hit the base" share a key."""
    parts = [root.lemma_.lower()]
    for child in root.children:
        if child.dep_ in CONTENT_DEPENDENTS:
            parts.extend(t.lemma_.lower() for t in child.subtree if t.is_alpha and not t.is_stop)
    key = " ".join(parts[:8])
    return key[:200]


def _squash(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_STATEMENT_CHARS else text[: MAX_STATEMENT_CHARS - 1] + "\u2026"
