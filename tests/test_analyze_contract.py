"""`manage.py analyze --json` on our own sample articles, checked against the contract in
../shared/analyze-json.md (run in a subprocess, as score.py runs it, on its private SQLite DB)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
DEMO = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "demo" / "articles").glob("*.txt"))

CLAIM_FIELDS = {
    "id": str,
    "file": str,
    "start": int,
    "end": int,
    "text": str,
    "kind": str,
    "low_open": bool,
    "high_open": bool,
    "approximate": bool,
    "hedged": bool,
    "source": str,
    "source_mention": str,
    "attributed": bool,
}
NULLABLE = {"measure": str, "scope": str, "unit": str, "low": (int, float), "high": (int, float)}

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
    return json.loads(result.stdout)  # exactly one JSON object on stdout


def test_every_file_is_a_document_with_article_and_version(output):
    assert [d["file"] for d in output["documents"]] == DEMO
    for document in output["documents"]:
        assert isinstance(document["article"], str)
        assert isinstance(document["version"], int)
        assert document["story"] is None or isinstance(document["story"], str)
    versions = {d["article"]: [] for d in output["documents"]}
    for document in output["documents"]:
        versions[document["article"]].append(document["version"])
    assert sorted(max(v) for v in versions.values()) == [1, 1, 4]


def test_claims_follow_the_contract(output):
    texts = {f: (PROJECT / f).read_text(encoding="utf-8") for f in DEMO}
    assert output["claims"]
    for claim in output["claims"]:
        for name, kind in CLAIM_FIELDS.items():
            assert isinstance(claim[name], kind), (name, claim)
        for name, kind in NULLABLE.items():
            assert claim[name] is None or isinstance(claim[name], kind), (name, claim)
        assert claim["kind"] in {"quantity", "statement"}
        assert 0 <= claim["start"] < claim["end"] <= len(texts[claim["file"]])
        if claim["kind"] == "statement":
            assert claim["low"] is None
            assert claim["high"] is None
        if claim["low"] is not None and claim["high"] is not None:
            assert claim["low"] <= claim["high"]
        if not claim["attributed"]:
            assert claim["source"] in {"Meridian Wire", "Lakeside Herald"}


def test_contradictions_reference_claims_and_say_why(output):
    ids = {c["id"] for c in output["claims"]}
    assert output["contradictions"]
    for flag in output["contradictions"]:
        assert flag["a"] in ids
        assert flag["b"] in ids
        assert flag["a"] != flag["b"]
        assert flag["kind"] in {"between_sources", "across_versions", "across_articles"}
        assert 0 <= flag["confidence"] <= 1
        assert len(flag["reason"].split()) >= 6


def test_distractor_is_its_own_story(output):
    stories = {d["file"].rsplit("/", 1)[-1]: d["story"] for d in output["documents"]}
    assert stories["06-varda-floods-2021.txt"] != stories["01-ferry-capsize-v1.txt"]
    assert stories["05-lakeside-herald-ferry.txt"] == stories["01-ferry-capsize-v1.txt"]
