from pathlib import Path

import pytest

from sources.ingest import EmptyDocument
from sources.models import Article, ArticleVersion, Outlet, Source
from sources.services import article_version_ingest, article_version_retry, sources_resolve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

pytestmark = pytest.mark.django_db


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_ingest_stores_a_version_and_enqueues_extraction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = article_version_ingest(
            raw=read("storm-v1.txt"), filename="storm-v1.txt", enqueue=True
        )
    assert outcome.created
    version = outcome.version
    assert version.number == 1
    assert version.status == ArticleVersion.Status.PENDING
    assert version.article.key == "https://news.example.org/weather/coastal-storm"
    assert version.article.outlet.name == "Harbour Daily"
    assert version.published_at.isoformat() == "2026-02-10T07:00:00+00:00"
    assert len(callbacks) == 1
    # the outlet is also a source, the voice of unattributed claims
    assert Source.objects.filter(outlet__name="Harbour Daily", kind=Source.Kind.MEDIA).exists()


def test_ingest_is_noop_for_identical_text(django_capture_on_commit_callbacks):
    first = article_version_ingest(raw=read("storm-v1.txt"), enqueue=False)
    text = read("storm-v1.txt").replace("\n", "\r\n") + "  \n"
    with django_capture_on_commit_callbacks() as callbacks:
        again = article_version_ingest(raw=text, enqueue=True)
    assert not again.created
    assert again.version.pk == first.version.pk
    assert ArticleVersion.objects.count() == 1
    assert callbacks == []


def test_changed_text_under_same_url_is_the_next_version():
    article_version_ingest(raw=read("storm-v1.txt"), enqueue=False)
    second = article_version_ingest(raw=read("storm-v2.txt"), enqueue=False)
    assert second.created
    assert second.version.number == 2
    assert second.version.update_number == 1
    assert second.version.previous().number == 1
    assert Article.objects.count() == 1


def test_earlier_version_arriving_late_is_numbered_by_publication_time():
    article_version_ingest(raw=read("storm-v2.txt"), enqueue=False)
    late = article_version_ingest(raw=read("storm-v1.txt"), enqueue=False)
    assert late.version.number == 1
    numbers = dict(ArticleVersion.objects.values_list("published_at__hour", "number"))
    assert numbers == {7: 1, 13: 2}


def test_text_without_url_is_its_own_article():
    outcome = article_version_ingest(raw="The council said 40 roads were closed.", enqueue=False)
    assert outcome.version.article.key.startswith("sha256:")
    assert outcome.version.article.outlet.name  # the configured default outlet


def test_empty_input_is_rejected_and_nothing_is_stored():
    with pytest.raises(EmptyDocument, match="no article text"):
        article_version_ingest(raw="   \n\n", enqueue=False)
    assert not ArticleVersion.objects.exists()
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()


def test_html_keeps_the_original_input():
    html = (
        "<html><head><title>Bridge closed</title></head><body><nav>Home | World</nav><article>"
        "<h1>Bridge closed after crack found</h1><p>Engineers closed the river bridge on Monday "
        "after finding a crack in one of its piers, the city said.</p><p>The city said about "
        "30,000 vehicles cross the bridge every day and that repairs would take weeks.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    version = article_version_ingest(raw=html, filename="bridge.html", enqueue=False).version
    assert version.content_type == "text/html"
    assert version.raw == html
    assert "30,000 vehicles" in version.body
    assert "Subscribe" not in version.body


def test_retry_requeues_only_failed_versions(django_capture_on_commit_callbacks):
    version = article_version_ingest(raw=read("storm-v1.txt"), enqueue=False).version
    assert not article_version_retry(version_id=version.pk)
    ArticleVersion.objects.filter(pk=version.pk).update(status="failed", error="boom")
    with django_capture_on_commit_callbacks() as callbacks:
        assert article_version_retry(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == "pending"
    assert len(callbacks) == 1


def test_sources_resolve_maps_known_aliases_to_one_source():
    first = sources_resolve(names=[("Iraqi military", "military", ["Iraq's military"])])
    again = sources_resolve(names=[("Iraqi army command", "military", ["Iraq's military"])])
    assert again["Iraqi army command"].pk == first["Iraqi military"].pk
    assert Source.objects.count() == 1
    assert sorted(first["Iraqi military"].aliases.values_list("alias", flat=True)) == [
        "Iraq's military"
    ]


def test_an_undated_version_keeps_its_arrival_place_before_a_later_dated_one():
    undated = "---\nurl: https://example.org/quake\noutlet: Site A\n---\nA quake struck; 12 died.\n"
    dated = (
        "---\nurl: https://example.org/quake\noutlet: Site B\npublished: 2024-03-02T09:00:00Z\n"
        "---\nA quake struck; 15 died, officials said.\n"
    )
    first = article_version_ingest(raw=undated, enqueue=False).version
    second = article_version_ingest(raw=dated, enqueue=False).version
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)


def test_analyze_order_keeps_an_undated_version_before_the_dated_one_it_preceded(tmp_path):
    from sources.stream import ordered_documents

    undated = tmp_path / "a.txt"
    undated.write_text("---\nurl: https://example.org/q\n---\nFirst text.\n", encoding="utf-8")
    dated = tmp_path / "b.txt"
    dated.write_text(
        "---\nurl: https://example.org/q\npublished: 2024-03-02T09:00:00Z\n---\nSecond text.\n",
        encoding="utf-8",
    )
    other = tmp_path / "c.txt"
    other.write_text(
        "---\nurl: https://example.org/other\npublished: 2024-03-01T09:00:00Z\n---\nOther.\n",
        encoding="utf-8",
    )
    order = [d.path.name for d in ordered_documents([undated, dated, other])]
    assert order == ["c.txt", "a.txt", "b.txt"]


def test_sources_resolve_creates_one_source_per_key_and_finds_existing_ones():
    """Two names that fold to one key make one source (the first name); a key stored before
    (another resolve) is found, not created again; mentions become aliases."""
    Source.objects.create(name="Red Crescent", key="red crescent", kind="organisation")
    resolved = sources_resolve(
        names=[
            ("Coast Guard", "military", ["the coast guard's spokesman"]),
            ("coast guard", "military", []),
            ("Red Crescent", "organisation", []),
        ]
    )
    assert resolved["Coast Guard"].pk == resolved["coast guard"].pk
    assert Source.objects.get(pk=resolved["Coast Guard"].pk).name == "Coast Guard"
    assert resolved["Coast Guard"].name == "Coast Guard"
    assert resolved["Red Crescent"].kind == "organisation"
    assert Source.objects.count() == 2
    stored = Source.objects.get(key=resolved["Coast Guard"].key)
    assert list(stored.aliases.values_list("alias", flat=True)) == ["the coast guard's spokesman"]
    again = sources_resolve(names=[("Guard command", "military", ["the coast guard's spokesman"])])
    assert again["Guard command"].pk == stored.pk


def test_ingest_of_a_new_article_and_of_its_next_version_number_them_in_order():
    """A new article's first version is number 1 (no lookups of versions it cannot have); a
    second text of the same article is numbered after it, and the same text again is the
    stored version."""
    v1 = "---\nurl: https://example.org/flood\noutlet: Site A\n---\nA flood hit; 3 died.\n"
    v2 = "---\nurl: https://example.org/flood\noutlet: Site A\n---\nA flood hit; 5 died.\n"
    first = article_version_ingest(raw=v1, enqueue=False)
    second = article_version_ingest(raw=v2, enqueue=False)
    same = article_version_ingest(raw=v1, enqueue=False)
    assert first.created
    assert first.version.number == 1
    assert second.created
    assert second.version.number == 2
    assert not same.created
    assert same.version.pk == first.version.pk
    assert Article.objects.count() == 1
    assert Outlet.objects.get().source.name == "Site A"
