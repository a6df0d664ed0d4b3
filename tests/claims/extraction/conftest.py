"""Fixtures for the extraction tests: the model once per session, and `run`, which extracts from
paragraphs joined by blank lines and checks every claim's evidence span on the way."""

from __future__ import annotations

import pytest

from claims.extraction import ExtractedClaim, TextBlock, extract_claims
from claims.extraction.nlp import load_nlp

OUTLET = "Valley Gazette"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture
def run(nlp):
    def extract(*paragraphs: str, outlet: str = OUTLET) -> list[ExtractedClaim]:
        blocks, position = [], 0
        for paragraph in paragraphs:
            blocks.append(TextBlock(position, paragraph))
            position += len(paragraph) + 2
        body = "\n\n".join(paragraphs)
        claims = list(extract_claims(blocks, outlet=outlet, nlp=nlp).claims)
        for claim in claims:
            assert body[claim.start : claim.end] == claim.evidence
        return claims

    return extract
