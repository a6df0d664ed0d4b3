"""Version stamps move with the code, and `reextract --stale` re-queues what an older
extractor wrote, keeping the rows (and so the reviews) of claims found again."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.extraction import VERSION
from claims.extraction.stamps import source_stamp
from claims.models import Claim
from claims.services import claims_extract_for_version
from sources.models import ArticleVersion
from sources.services import article_version_ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def test_a_stamp_moves_when_a_source_file_changes(tmp_path):
    rules = tmp_path / "rules.py"
    rules.write_text("WORDS = ['killed']\n")
    before = source_stamp("extract", [rules])
    assert source_stamp("extract", [rules]) == before
    rules.write_text("WORDS = ['killed', 'drowned']\n")
    assert source_stamp("extract", [rules]) != before
    assert source_stamp("extract", [rules], "spacy 3.9") != source_stamp("extract", [rules])


def test_the_extractor_stamp_is_derived_not_hand_written():
    assert VERSION.startswith("extract-")
    assert VERSION != "extract-1"


@pytest.mark.django_db
def test_reextract_stale_requeues_only_versions_of_an_older_extractor(
    django_capture_on_commit_callbacks,
):
    versions = []
    for name in ("storm-v1.txt", "storm-v2.txt"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        version = article_version_ingest(raw=text, filename=name, enqueue=False).version
        claims_extract_for_version(version_id=version.pk, enqueue=False)
        versions.append(version)
    old, current = versions
    ArticleVersion.objects.filter(pk=old.pk).update(extractor_version="extract-0ld")
    Claim.objects.filter(version=old).update(extractor_version="extract-0ld")
    kept_ids = set(Claim.objects.filter(version=old).values_list("pk", flat=True))
    current_extracted_at = ArticleVersion.objects.get(pk=current.pk).extracted_at
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reextract", "--stale", "--batch-size", "1", stdout=out)
    assert "queued 1 version" in out.getvalue()
    old.refresh_from_db()
    assert old.status == "done"
    assert old.extractor_version == VERSION
    assert set(Claim.objects.filter(version=old).values_list("pk", flat=True)) == kept_ids
    assert set(Claim.objects.filter(version=old).values_list("extractor_version", flat=True)) == {
        VERSION
    }
    assert ArticleVersion.objects.get(pk=current.pk).extracted_at == current_extracted_at
    out = StringIO()
    call_command("reextract", "--stale", stdout=out)
    assert "queued 0 version" in out.getvalue()


@pytest.mark.django_db
def test_reextract_says_which_versions():
    with pytest.raises(CommandError, match="--stale"):
        call_command("reextract")
