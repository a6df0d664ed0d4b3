"""Pure claim extraction: paragraphs in, frozen ExtractedClaim records out. No Django, no Celery.

from claims.extraction import extract_claims, TextBlock
result = extract_claims([TextBlock(0, "Iran fired 22 missiles, the Pentagon said.")], outlet="AFP")
"""

from claims.extraction.pipeline import VERSION, extract_claims, extract_many
from claims.extraction.types import ExtractedClaim, ExtractionResult, SourceRef, TextBlock

__all__ = [
    "VERSION",
    "ExtractedClaim",
    "ExtractionResult",
    "SourceRef",
    "TextBlock",
    "extract_claims",
    "extract_many",
]
