import time
from collections import Counter

from tests.verification.detectors.factory import make_claim
from verification.detectors import ClaimFacts, LineageLink, align_versions

CLAIM_DEFAULTS = {"article": "strike-story", "published_at": None, "source": "Pentagon"}


def claim(id, **overrides) -> ClaimFacts:
    return make_claim(id, CLAIM_DEFAULTS, **overrides)


def toll(id, value, **overrides) -> ClaimFacts:
    base = {
        "measure": "people killed",
        "family": "deaths",
        "source": "Reuters",
        "text": f"{value} people were killed",
    }
    base.update(overrides)
    return claim(id, value=value, **base)


def hit(id, negated=False, **overrides) -> ClaimFacts:
    base = {
        "kind": "statement",
        "measure": "hit",
        "family": None,
        "low": None,
        "high": None,
        "negated": negated,
        "statement_key": "missile hit|ain al asad",
        "source": "Iraqi military",
        "text": "A missile did not hit the base" if negated else "A missile hit the base",
    }
    base.update(overrides)
    return claim(id, **base)


def labels(links: list[LineageLink]) -> dict[tuple[str | None, str | None], str]:
    return {(link.previous_id, link.current_id): link.label for link in links}


def test_four_versions_produce_every_label():
    v1 = [
        claim("m1"),
        toll("d1", 7),
        hit("s1"),
        toll("w1", 3, measure="people wounded", family="injuries"),
    ]
    v2 = [
        claim("m2", value=15),
        toll("d2", 7),
        hit("s2", negated=True),
        toll("w2", 3, measure="people wounded", family="injuries"),
        claim(
            "a2", measure="drones launched", family="drones", value=4, text="4 drones were launched"
        ),
    ]
    v3 = [
        claim("m3", value=15, source="US Central Command"),
        toll("d3", 7, hedged=True),
        toll("w3", 3, measure="people wounded", family="injuries"),
        claim(
            "a3", measure="drones launched", family="drones", value=4, text="4 drones were launched"
        ),
    ]
    v4 = [
        claim("m4", value=15, source="US Central Command"),
        toll("d4", 0, hedged=True),
        claim(
            "a4", measure="drones launched", family="drones", value=4, text="4 drones were launched"
        ),
    ]

    assert labels(align_versions(v1, v2)) == {
        ("m1", "m2"): "value_changed",
        ("d1", "d2"): "unchanged",
        ("s1", "s2"): "negation_flipped",
        ("w1", "w2"): "unchanged",
        (None, "a2"): "added",
    }
    assert labels(align_versions(v2, v3)) == {
        ("m2", "m3"): "source_changed",
        ("d2", "d3"): "hedge_changed",
        ("w2", "w3"): "unchanged",
        ("a2", "a3"): "unchanged",
        ("s2", None): "removed",
    }
    assert labels(align_versions(v3, v4)) == {
        ("m3", "m4"): "unchanged",
        ("d3", "d4"): "negation_flipped",
        ("a3", "a4"): "unchanged",
        ("w3", None): "removed",
    }
    seen = Counter(
        link.label
        for prev, cur in [(v1, v2), (v2, v3), (v3, v4)]
        for link in align_versions(prev, cur)
    )
    assert set(seen) == {
        "unchanged",
        "added",
        "removed",
        "value_changed",
        "hedge_changed",
        "source_changed",
        "negation_flipped",
    }


def test_details_are_short_plain_sentences():
    links = align_versions([claim("m1")], [claim("m2", value=15)])
    assert links[0].detail == "22 -> 15 missiles fired (Pentagon)"
    moved = align_versions([claim("m1")], [claim("m2", value=15, source="US Central Command")])
    assert moved[0].detail == "22 -> 15 missiles fired (Pentagon -> US Central Command)"
    added = align_versions([], [claim("m2")])
    assert added[0].detail == "New: 22 missiles fired (Pentagon)."
    flipped = align_versions([hit("s1")], [hit("s2", negated=True)])
    assert flipped[0].detail == (
        'affirmed -> denied: "A missile did not hit the base" (Iraqi military)'
    )


def test_label_priority_negation_over_value_over_source_over_hedge():
    prev = [toll("d1", 7)]
    assert labels(align_versions(prev, [toll("d2", 0, source="AP", hedged=True)])) == {
        ("d1", "d2"): "negation_flipped"
    }
    assert labels(align_versions(prev, [toll("d2", 9, source="AP", hedged=True)])) == {
        ("d1", "d2"): "value_changed"
    }
    assert labels(align_versions(prev, [toll("d2", 7, source="AP", hedged=True)])) == {
        ("d1", "d2"): "source_changed"
    }


def test_same_source_is_preferred_over_another_source_in_the_same_slot():
    prev = [toll("r1", 7), toll("p1", 9, source="AP")]
    cur = [toll("p2", 12, source="AP"), toll("r2", 7)]
    assert labels(align_versions(prev, cur)) == {
        ("p1", "p2"): "value_changed",
        ("r1", "r2"): "unchanged",
    }


def test_identical_value_wins_inside_a_crowded_slot():
    prev = [
        toll("x1", 5, text="five killed in the market"),
        toll("y1", 9, text="nine killed near the mosque"),
    ]
    cur = [
        toll("y2", 9, text="nine killed near the mosque"),
        toll("x2", 5, text="five killed in the market"),
    ]
    assert labels(align_versions(prev, cur)) == {
        ("x1", "x2"): "unchanged",
        ("y1", "y2"): "unchanged",
    }


def test_text_similarity_matches_claims_without_keys_and_ignores_digits():
    prev = [
        hit("s1", statement_key=None, text="Militants stormed the 3rd checkpoint at dawn"),
        hit("t1", statement_key=None, text="The ambassador was summoned"),
    ]
    cur = [
        hit("s2", statement_key=None, text="Militants stormed the 4th checkpoint at dawn"),
        hit("t2", statement_key=None, text="Parliament voted to expel foreign troops"),
    ]
    assert labels(align_versions(prev, cur)) == {
        ("s1", "s2"): "unchanged",
        (None, "t2"): "added",
        ("t1", None): "removed",
    }


def test_every_claim_appears_exactly_once_and_order_follows_current_version():
    prev = [toll("d1", 7), claim("m1"), hit("s1")]
    cur = [hit("s2"), toll("d2", 19)]
    links = align_versions(prev, cur)
    assert [link.current_id for link in links] == ["s2", "d2", None]
    assert sorted(link.previous_id for link in links if link.previous_id) == ["d1", "m1", "s1"]


def test_a_few_hundred_claims_align_quickly():
    def version(tag: str, shift: int) -> list[ClaimFacts]:
        claims = []
        for i in range(300):
            claims.append(
                claim(
                    f"{tag}{i}",
                    kind="statement" if i % 2 else "quantity",
                    family=None if i % 2 else "deaths",
                    measure="said",
                    scope_key=f"place {i % 7}" if i % 3 else None,
                    source=f"source {i % 5}",
                    value=i + shift,
                    text=f"claim number {i} about topic {i * 7919 % 1000} said by someone",
                )
            )
        return claims

    prev, cur = version("p", 0), version("c", 1)
    start = time.perf_counter()
    links = align_versions(prev, cur)
    elapsed = time.perf_counter() - start
    assert len({link.current_id for link in links if link.current_id}) == 300
    assert len({link.previous_id for link in links if link.previous_id}) == 300
    assert elapsed < 3.0


def test_hedge_detail_keeps_scope_and_source_apart():
    prev = [toll("w1", 3, hedged=True, scope="Mosul", scope_key="mosul")]
    cur = [toll("w2", 3, scope="Mosul", scope_key="mosul")]
    links = align_versions(prev, cur)
    assert [(link.label, link.detail) for link in links] == [
        ("hedge_changed", "3 people killed, Mosul (Reuters): hedged -> firm")
    ]
