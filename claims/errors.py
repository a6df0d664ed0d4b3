"""Errors of claim extraction: permanent ones are recorded on the version, transient ones
retried."""


class TransientPipelineError(Exception):
    """A failure worth retrying (database restart, broker hiccup)."""
