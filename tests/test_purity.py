"""The pure pipeline packages import neither Django nor Celery (STYLE.md): checked in a fresh
interpreter so that nothing this test process imported can hide an import."""

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PURE = [
    "sources.ingest",
    "claims.extraction",
    "claims.extraction.quantities",
    "verification.detectors",
    "verification.stories",
    "verification.reports",
    "verification.claimreview",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_package_imports_no_django_or_celery(module):
    code = (
        f"import sys; import {module}; "
        "banned = ('django', 'celery', 'rest_framework'); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in banned); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
