"""The families table is the one place that knows what a number counts: every family in it is
produced by extraction, and every family the detectors or extraction name is in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claims.extraction.families import (
    FAMILIES,
    FAMILY_PARENTS,
    STATE_PREFIXES,
    Behaviour,
    behaviour_of,
    figure_name,
    role_of,
)
from verification.detectors import families as detector_families

PROJECT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_every_family_is_produced_by_its_example_sentence(run, family):
    produced = {claim.family for claim in run(family.example) if claim.kind == "quantity"}
    assert family.name in produced


def test_every_parent_is_a_family_of_the_table():
    names = {family.name for family in FAMILIES}
    assert set(FAMILY_PARENTS.values()) <= names


def _is_family(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "family") or (
        isinstance(node, ast.Attribute) and node.attr == "family"
    )


def _family_literals(path: Path) -> set[str]:
    """String constants compared with or assigned to a family in a module's source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_is_family(side) for side in sides):
                for side in sides:
                    for const in ast.walk(side):
                        if isinstance(const, ast.Constant) and isinstance(const.value, str):
                            found.add(const.value)
        if (
            isinstance(node, ast.keyword)
            and node.arg == "family"
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.add(node.value.value)
    return {value for value in found if value}


def test_every_family_a_detector_or_rule_names_is_in_the_table():
    names = {family.name for family in FAMILIES}
    modules = [
        *sorted((PROJECT / "verification").rglob("*.py")),
        *sorted((PROJECT / "claims" / "extraction").glob("*.py")),
    ]
    named = set()
    for module in modules:
        named |= _family_literals(module)
    unknown = {
        value
        for value in named
        if value not in names
        and not value.startswith(STATE_PREFIXES)
        # measurements are families of their own dimension (distance, depth, ...)
        and value not in {"distance", "depth", "height", "length", "width", "weight", "area"}
    }
    assert unknown == set()


def test_detector_sets_are_read_from_the_table():
    cumulative = {f.name for f in FAMILIES if f.behaviour is Behaviour.CUMULATIVE}
    assert cumulative == detector_families.CUMULATIVE_FAMILIES
    assert detector_families.is_state("missing")
    assert not detector_families.is_cumulative("missing")
    assert detector_families.is_state("price:USD")
    assert behaviour_of("nonsense") is None


def test_reasons_name_figures_from_the_table():
    assert figure_name("deaths", "people killed") == "death toll"
    assert figure_name("houses", "houses destroyed") == "figure for houses destroyed"


def test_roles_come_from_the_family_verbs():
    assert role_of("projectiles", "hit") == "hit"
    assert role_of("projectiles", "launch") == "fired"
    assert role_of("deaths", "kill") == ""


def test_no_second_copy_of_family_knowledge_outside_the_table():
    # The word -> family dictionaries are written in the table's module only, and the
    # detectors' module names no family itself (it derives its sets from the table).
    pattern = re.compile(r"^(NOUN_FAMILIES|VERB_FAMILIES|PREDICATE_FAMILIES)\b.*=")
    owners = set()
    for module in [*(PROJECT / "claims").rglob("*.py"), *(PROJECT / "verification").rglob("*.py")]:
        for line in module.read_text(encoding="utf-8").splitlines():
            if pattern.match(line):
                owners.add(module.relative_to(PROJECT).as_posix())
    assert owners == {"claims/extraction/families.py"}
    detector_source = (PROJECT / "verification" / "detectors" / "families.py").read_text()
    names = {family.name for family in FAMILIES}
    literals = set(re.findall(r'"([a-z_]+)"', detector_source))
    assert literals & names == set()
