"""`manage.py analyze --json` adds "figures" and "disagreements" to the contract (issue 9),
run on the demo articles in a subprocess on its private database, as score.py runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent.parent
DEMO = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "demo" / "articles").glob("*.txt"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output():
    result = subprocess.run(
        [sys.executable, "manage.py", "analyze", "--json", *DEMO],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_every_quantity_claim_is_in_exactly_one_figure_series(output):
    claims = {c["id"]: c for c in output["claims"]}
    seen: list[str] = []
    for figure in output["figures"]:
        assert isinstance(figure["name"], str)
        assert figure["name"]
        assert figure["story"] in {d["story"] for d in output["documents"]}
        for key in ("family", "scope", "moment"):
            assert figure[key] is None or isinstance(figure[key], str)
        for point in figure["claims"]:
            claim = claims[point["id"]]
            assert (point["low"], point["high"], point["source"], point["file"]) == (
                claim["low"],
                claim["high"],
                claim["source"],
                claim["file"],
            )
            assert isinstance(point["version"], int)
            seen.append(point["id"])
    assert len(seen) == len(set(seen))
    quantities = {c["id"] for c in output["claims"] if c["kind"] == "quantity" and c["measure"]}
    assert quantities <= set(seen)


def test_disagreements_name_their_figure_members_and_flags(output):
    figures = {f["id"]: f for f in output["figures"]}
    claims = {c["id"] for c in output["claims"]}
    flags = {f["id"]: f for f in output["contradictions"]}
    assert output["disagreements"]
    for item in output["disagreements"]:
        assert item["figure"] in figures
        assert set(item["members"]) <= claims
        assert 0 <= item["confidence"] <= 1
        assert item["reason"].startswith(figures[item["figure"]]["name"][:1].upper())
        for flag in item["contradictions"]:
            assert {flags[flag]["a"], flags[flag]["b"]} <= set(item["members"])
    filed = [f for item in output["disagreements"] for f in item["contradictions"]]
    assert len(filed) == len(set(filed))


def test_the_demo_missing_count_dispute_is_one_disagreement(output):
    values = {c["id"]: c["low"] for c in output["claims"]}
    disputes = [
        item for item in output["disagreements"] if {14, 22} <= {values[m] for m in item["members"]}
    ]
    assert len(disputes) == 1
    assert "14" in disputes[0]["reason"]
    assert "22" in disputes[0]["reason"]
