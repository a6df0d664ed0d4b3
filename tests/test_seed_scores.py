"""The seed wire story keeps its perfect scores: the shared scorer, run as CI runs it, on the
shared example (read from ../shared, never copied into the project)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ON_CI, SHARED

PROJECT = Path(__file__).resolve().parent.parent
GOLD = SHARED / "examples" / "iran-missiles-4th-update.gold.json"
SCORER = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scores():
    if not (GOLD.exists() and SCORER.exists()):
        if ON_CI:
            pytest.fail(f"CI=true: the shared seed is missing ({GOLD})")
        pytest.skip("../shared is not beside the project")
    result = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    start = lines.index("{")
    end = lines.index("}", start)
    return json.loads("\n".join(lines[start : end + 1]))


def test_seed_values_sources_and_attributions_stay_perfect(scores):
    assert scores["claims_value_right"] == 1.0
    assert scores["claims_source_right"] == 1.0
    assert scores["attribution_right"] == 1.0


def test_seed_contradiction_is_found_and_nothing_compatible_is_flagged(scores):
    assert scores["must_contradictions_found"] == 1.0
    assert scores["compatible_pairs_flagged"] == 0
    assert scores["distractor_links"] == 0
