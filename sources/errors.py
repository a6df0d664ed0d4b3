"""Errors of the sources app that callers (commands, API, admin) show to people."""

from sources.ingest import IngestError

__all__ = ["IngestError"]
