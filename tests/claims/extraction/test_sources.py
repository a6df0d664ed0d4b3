"""Canonical source names: the rules of claims.extraction.sources, directly and through
extract_claims. Every sentence here is invented; names and places are fictional."""

from __future__ import annotations

import pytest

from claims.extraction import ExtractedClaim, TextBlock, extract_claims
from claims.extraction.sources import (
    INSTITUTION_ALIASES,
    SourceResolver,
    canonical_institution,
    clean_mention,
    fold,
    guess_kind,
    source_key,
    strip_titles,
)
from tests.claims.extraction.conftest import OUTLET


def containing(claims: list[ExtractedClaim], words: str) -> ExtractedClaim:
    found = [c for c in claims if words in c.evidence]
    assert len(found) == 1, [(c.kind, c.source.name, c.evidence) for c in claims]
    return found[0]


# --------------------------------------------------------------------------------------------
# fold and source_key
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("The Pentagon", "pentagon"),
        ("the Pentagon\u2019s", "pentagon"),
        ("Iraq's", "iraq"),
        ("  Ministère   de l'Intérieur ", "ministere de l interieur"),
        ("an Official", "official"),
        ("X-Y  Z!", "x y z"),
        ("Zo\u00eb \u00c5ngstr\u00f6m", "zoe angstrom"),
    ],
)
def test_fold_lowercases_and_drops_accents_articles_possessives_punctuation(text, folded):
    assert fold(text) == folded


def test_fold_keeps_articles_inside_words():
    assert fold("Theatre Athena") == "theatre athena"


def test_fold_is_idempotent():
    once = fold("The Ministry\u2019s Press Office, Kelvia")
    assert fold(once) == once


def test_source_key_equal_for_spellings_of_one_name():
    assert source_key("The Pentagon") == source_key("pentagon") == source_key("the PENTAGON's")


def test_source_key_differs_for_different_names():
    assert source_key("Kelvian army") != source_key("Kelvian navy")


def test_source_key_is_at_most_200_characters():
    assert len(source_key("Authority " * 50)) == 200


def test_clean_mention_drops_leading_article_and_punctuation():
    assert clean_mention(" the interior ministry, ") == "interior ministry"
    assert clean_mention("\u201cAcme Mining\u201d") == "Acme Mining"


# --------------------------------------------------------------------------------------------
# Institutions: demonyms and the alias table
# --------------------------------------------------------------------------------------------


def test_country_possessive_and_demonym_give_one_name():
    assert canonical_institution("Iraq's military") == "Iraqi military"
    assert canonical_institution("the Iraqi military") == "Iraqi military"
    assert canonical_institution("Norway's coast guard") == "Norwegian coast guard"


@pytest.mark.parametrize(
    "mention",
    [
        "Revolutionary Guards",
        "the Revolutionary Guards",
        "Iran's Revolutionary Guards",
        "Iranian Revolutionary Guards",
        "IRGC",
    ],
)
def test_alias_table_revolutionary_guards(mention):
    assert canonical_institution(mention) == "Islamic Revolutionary Guard Corps"


@pytest.mark.parametrize(
    "mention", ["the Pentagon", "Pentagon", "the US Department of Defense", "Defense Department"]
)
def test_alias_table_pentagon(mention):
    assert canonical_institution(mention) == "Pentagon"


def test_alias_table_keys_are_folded():
    for key in INSTITUTION_ALIASES:
        assert fold(key) == key


def test_unknown_institution_keeps_its_name_without_article():
    assert canonical_institution("the Tarnow water board") == "Tarnow water board"


def test_guess_kind_from_words():
    assert guess_kind("Iraqi military", is_person=False) == "military"
    assert guess_kind("interior ministry", is_person=False) == "government"
    assert guess_kind("officials", is_person=False) == "anonymous"
    assert guess_kind("Acme Mining", is_person=False) == "organisation"
    assert guess_kind("Jana Novak", is_person=True) == "person"


# --------------------------------------------------------------------------------------------
# People: titles, surnames and roles
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Foreign Minister Jana Novak", "Jana Novak"),
        ("Iranian President Tomas Reiner", "Tomas Reiner"),
        ("Dr. Tomas Reiner", "Tomas Reiner"),
        ("Jana Novak", "Jana Novak"),
    ],
)
def test_strip_titles(name, bare):
    assert strip_titles(name) == bare


def test_resolver_surname_resolves_to_full_name_after_it():
    resolver = SourceResolver()
    resolver.observe("Foreign Minister Jana Novak", "Foreign Minister Jana Novak", None)
    resolver.observe("Novak", "Novak", None)
    assert resolver.resolve("Foreign Minister Jana Novak", "Foreign Minister Jana Novak", None) == (
        "Jana Novak",
        "person",
    )
    assert resolver.resolve("Novak", "Novak", None) == ("Jana Novak", "person")


def test_resolver_surname_resolves_to_full_name_seen_later():
    resolver = SourceResolver()
    resolver.observe("Novak", "Novak", None)
    resolver.observe("Jana Novak", "Jana Novak", None)
    assert resolver.resolve("Novak", "Novak", None)[0] == "Jana Novak"


def test_resolver_role_resolves_to_the_name():
    resolver = SourceResolver()
    resolver.observe("Interior Minister Jana Novak", "Jana Novak", "Interior Minister")
    assert resolver.resolve("the interior minister", None, None) == ("Jana Novak", "person")
    assert resolver.aliases["Jana Novak"] >= {"interior minister"}


def test_resolver_does_not_merge_different_surnames():
    resolver = SourceResolver()
    resolver.observe("Jana Novak", "Jana Novak", None)
    resolver.observe("Tomas Reiner", "Tomas Reiner", None)
    assert resolver.resolve("Reiner", "Reiner", None)[0] == "Tomas Reiner"
    assert resolver.resolve("Novak", "Novak", None)[0] == "Jana Novak"


def test_resolver_institution_uses_the_alias_table():
    resolver = SourceResolver()
    assert resolver.resolve("the Pentagon", None, None) == ("Pentagon", "military")


# --------------------------------------------------------------------------------------------
# Through extract_claims
# --------------------------------------------------------------------------------------------


def test_iraqs_military_and_the_iraqi_military_are_one_source(run):
    claims = run(
        "Iraq's military said 22 missiles hit the airfield near the border.",
        "The Iraqi military said no soldiers were hurt in the attack.",
    )
    first = containing(claims, "22 missiles")
    second = containing(claims, "no soldiers")
    assert first.source.name == second.source.name == "Iraqi military"
    assert first.source_mention == "Iraq's military"
    assert second.source_mention == "Iraqi military"


def test_person_title_is_dropped(run):
    claim = containing(
        run("Foreign Minister Jana Novak said the talks would resume."), "talks would resume"
    )
    assert claim.source.name == "Jana Novak"
    assert claim.source.kind == "person"
    assert claim.source_mention == "Foreign Minister Jana Novak"


def test_demonym_and_title_are_dropped(run):
    claims = run(
        "Canadian Prime Minister Jana Novak said the talks would resume.",
        "Jana Novak said the embassy in Ostrava would reopen.",
    )
    assert {c.source.name for c in claims} == {"Jana Novak"}


def test_surname_alone_later_resolves_to_full_name(run):
    claims = run(
        "Foreign Minister Jana Novak said the talks would resume.",
        "Novak said the embassy in Ostrava would reopen.",
    )
    later = containing(claims, "embassy")
    assert later.source.name == "Jana Novak"
    assert later.source_mention == "Novak"


def test_surname_alone_earlier_resolves_to_full_name(run):
    claims = run(
        "Novak said the embassy in Ostrava would reopen.",
        "Foreign Minister Jana Novak said the talks would resume.",
    )
    assert containing(claims, "embassy").source.name == "Jana Novak"


def test_role_in_apposition_resolves_to_the_name(run):
    claims = run("The country's interior minister, Jana Novak, said the border was calm.")
    assert containing(claims, "border was calm").source.name == "Jana Novak"


def test_role_before_the_name_resolves_to_the_name(run):
    claims = run("Interior minister Jana Novak said the border was calm.")
    assert containing(claims, "border was calm").source.name == "Jana Novak"


def test_role_alone_later_resolves_to_the_name(run):
    claims = run(
        "Interior Minister Jana Novak said the border was calm.",
        "The interior minister said the curfew would end on Sunday.",
    )
    later = containing(claims, "curfew")
    assert later.source.name == "Jana Novak"
    assert later.source.kind == "person"


def test_role_alone_earlier_resolves_to_the_name(run):
    claims = run(
        "The interior minister said the curfew would end on Sunday.",
        "Interior minister Jana Novak said the border was calm.",
    )
    assert containing(claims, "curfew").source.name == "Jana Novak"


def test_role_with_an_owner_in_apposition_then_role_alone_later(run):
    claims = run(
        "The country's interior minister, Jana Novak, said the border was calm.",
        "The interior minister said the curfew would end on Sunday.",
    )
    assert containing(claims, "curfew").source.name == "Jana Novak"


def test_role_alone_earlier_then_role_with_an_owner_in_apposition(run):
    claims = run(
        "The interior minister said the curfew would end on Sunday.",
        "The country's interior minister, Jana Novak, said the border was calm.",
    )
    assert containing(claims, "curfew").source.name == "Jana Novak"


def test_alias_table_through_extraction(run):
    claims = run(
        "The Revolutionary Guards said the naval drill was over.",
        "The Pentagon said the naval drill was provocative.",
        "The US Department of Defense said it was watching the strait.",
    )
    guards = containing(claims, "drill was over")
    assert guards.source.name == "Islamic Revolutionary Guard Corps"
    assert guards.source_mention == "Revolutionary Guards"
    assert containing(claims, "provocative").source.name == "Pentagon"
    assert containing(claims, "watching").source.name == "Pentagon"


def test_result_sources_list_every_mention_of_a_canonical_source(nlp):
    result = extract_claims(
        [
            TextBlock(0, "Foreign Minister Jana Novak said the talks would resume."),
            TextBlock(60, "Novak said the embassy in Ostrava would reopen."),
        ],
        outlet=OUTLET,
        nlp=nlp,
    )
    by_name = {s.name: s for s in result.sources}
    assert "Jana Novak" in by_name
    assert {"Foreign Minister Jana Novak", "Novak"} <= set(by_name["Jana Novak"].aliases)


def test_only_names_become_global_aliases():
    from claims.extraction.sources import is_name

    assert is_name("Pentagon")
    assert is_name("Janan Sayeq")
    assert not is_name("the U.N. agency")
    assert not is_name("ministry spokesman")
    assert not is_name("it")
