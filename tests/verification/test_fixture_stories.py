"""Our own multi-version, multi-outlet stories (tests/fixtures/stories, demo/articles), run
through `analyze --json`, against their gold labels (gold.json) and expectations (expected.json):
story groups, flags that must and must not be raised, updates, lineage labels.

Policy these tests encode (README, "Decisions"): across versions a claim is compared with the
version before it, and across articles with the latest version of the other article, so a must
pair between non-adjacent versions is covered by the adjacent pair that carries the change.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SETS = [PROJECT / "tests" / "fixtures" / "stories", PROJECT / "demo" / "articles"]

pytestmark = pytest.mark.slow


class Run:
    """One analyze run over a fixture set, with gold claims matched to output claims."""

    def __init__(self, folder: Path) -> None:
        self.gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        self.expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        self.files = {d["id"]: folder / d["file"] for d in self.gold["documents"]}
        self.texts = {doc: path.read_text(encoding="utf-8") for doc, path in self.files.items()}
        result = subprocess.run(
            [sys.executable, "manage.py", "analyze", "--json", *map(str, self.files.values())],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        self.out = json.loads(result.stdout)
        by_path = {str(path): doc for doc, path in self.files.items()}
        self.doc_of_claim = {c["id"]: by_path[c["file"]] for c in self.out["claims"]}
        self.documents = {by_path[d["file"]]: d for d in self.out["documents"]}
        self.flagged = {frozenset((f["a"], f["b"])) for f in self.out["contradictions"]}
        self.matched = {g["id"]: self.claims_for(g) for g in self.gold["claims"]}
        self.gold_by_id = {g["id"]: g for g in self.gold["claims"]}

    def overlapping(self, doc: str, anchor: str) -> list[dict]:
        start = self.texts[doc].index(anchor)
        end = start + len(anchor)
        return [
            c
            for c in self.out["claims"]
            if self.doc_of_claim[c["id"]] == doc and c["start"] < end and start < c["end"]
        ]

    def claims_for(self, gold: dict) -> set[str]:
        return {
            c["id"]
            for c in self.overlapping(gold["doc"], gold["anchor"])
            if c["kind"] == "quantity" and same_value(c, gold)
        }

    def linked(self, a: str, b: str) -> bool:
        return any(
            frozenset((x, y)) in self.flagged for x in self.matched[a] for y in self.matched[b]
        )

    def version(self, gold_id: str) -> tuple[str, int]:
        document = self.documents[self.gold_by_id[gold_id]["doc"]]
        return document["article"], document["version"]

    def latest(self, article: str) -> int:
        return max(d["version"] for d in self.documents.values() if d["article"] == article)


def same_value(claim: dict, gold: dict) -> bool:
    """Bounds equal, an open bound on a count being the next whole number closed."""

    def close(value, is_open, step):
        return value + step if value is not None and is_open and value == int(value) else value

    for side, step in (("low", 1), ("high", -1)):
        want, got = gold.get(side), claim[side]
        if want is None:
            if got is not None and not (side == "high" and gold.get("approximate")):
                return False
            continue
        if got is None or not math.isclose(
            close(got, claim[f"{side}_open"], step), close(want, gold.get(f"{side}_open"), step)
        ):
            return False
    return True


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.parent.name + "/" + p.name)
def run(request) -> Run:
    return Run(request.param)


def test_every_gold_claim_is_found_with_its_value(run):
    missing = [g["anchor"] for g in run.gold["claims"] if not run.matched[g["id"]]]
    assert missing == []


def test_stories_are_grouped_as_expected(run):
    story_of = {path.name: run.documents[doc]["story"] for doc, path in run.files.items()}
    groups = [{story_of[name] for name in group} for group in run.expected["stories"]]
    assert all(len(group) == 1 for group in groups), groups
    assert len({next(iter(group)) for group in groups}) == len(groups)


def test_compatible_pairs_are_never_flagged(run):
    flagged = [
        (x["a"], x["b"], x["reason"]) for x in run.gold["compatible"] if run.linked(x["a"], x["b"])
    ]
    assert flagged == []


def test_updates_are_not_flagged_as_contradictions(run):
    flagged = [pair for pair in run.expected["updates"] if run.linked(*pair)]
    assert flagged == []


def test_nothing_links_the_distractor_to_the_story(run):
    distractors = {d["id"] for d in run.gold["documents"] if d.get("distractor")}
    crossing = [
        f
        for f in run.out["contradictions"]
        if len({run.doc_of_claim[f["a"]] in distractors, run.doc_of_claim[f["b"]] in distractors})
        == 2
    ]
    assert crossing == []


def test_must_flags_are_raised_where_the_claims_are_compared(run):
    """Within a version; between consecutive versions; between the latest versions of two
    articles (a new article is compared with the latest version of each other one)."""
    missed = []
    for pair in (x for x in run.gold["contradictions"] if x["must"]):
        (article_a, version_a), (article_b, version_b) = (
            run.version(pair["a"]),
            run.version(pair["b"]),
        )
        if article_a == article_b:
            compared = abs(version_a - version_b) <= 1
        else:
            compared = version_a == run.latest(article_a) and version_b == run.latest(article_b)
        if compared and not run.linked(pair["a"], pair["b"]):
            missed.append(pair["reason"])
    assert missed == []


def test_every_flag_says_why_with_both_values(run):
    claims = {c["id"]: c for c in run.out["claims"]}
    for flag in run.out["contradictions"]:
        assert flag["reason"].endswith(".")
        assert claims[flag["a"]]["source"].split()[-1].lower() in flag["reason"].lower()
        assert claims[flag["b"]]["source"].split()[-1].lower() in flag["reason"].lower()


def test_lineage_labels_agree_with_the_expected_ones(run):
    """Lineage is heuristic alignment; we hold it to the agreement measured when it was built
    (49/54 and 47/51 at the time of writing), so a regression fails here."""
    agree = total = 0
    for steps in run.expected["lineage"].values():
        for step in steps:
            names = {path.name: doc for doc, path in run.files.items()}
            before_doc, after_doc = names[step["from"]], names[step["to"]]
            links = [
                link
                for link in run.out["lineage"]
                if link["version_file"] == str(run.files[after_doc])
            ]
            for label in step["labels"]:
                total += 1
                before = (
                    {c["id"] for c in run.overlapping(before_doc, label["anchor_before"])}
                    if label["anchor_before"]
                    else set()
                )
                after = (
                    {c["id"] for c in run.overlapping(after_doc, label["anchor_after"])}
                    if label["anchor_after"]
                    else set()
                )
                agree += any(
                    link["label"] == label["label"]
                    and (link["previous"] in before or (not before and link["previous"] is None))
                    and (link["current"] in after or (not after and link["current"] is None))
                    for link in links
                )
    assert total
    assert agree / total >= 0.85, f"{agree}/{total}"
