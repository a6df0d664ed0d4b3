"""Version stamps that move with the code: a stamp is a short hash of the source files (and
tables) a result depends on, so a changed rule changes the stamp of everything it produces and
`manage.py reextract --stale` finds the rows an older extractor wrote. No manual bumps.

Pure module (standard library only).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def package_version(distribution: str) -> str:
    """The installed version of a distribution, or "" when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def source_stamp(prefix: str, files: Iterable[Path], *extra: str) -> str:
    """`prefix-<12 hex>`: a hash of the files' bytes (sorted by name) and of `extra` strings
    (e.g. the versions of a model the result depends on)."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return f"{prefix}-{digest.hexdigest()[:12]}"


def package_stamp(prefix: str, folder: Path, *extra: str) -> str:
    """The stamp of every Python module of a package folder."""
    return source_stamp(prefix, folder.glob("*.py"), *extra)
