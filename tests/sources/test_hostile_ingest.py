"""Hostile input through the interfaces people use: `manage.py ingest` rejects each bad file on
one line and goes on; the submit API answers 400 or 413 with JSON, never 500; random bytes and
random front matter end as a clean rejection or a stored version, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.services import claims_extract_for_version
from sources.ingest import IngestError
from sources.models import Article, ArticleVersion
from sources.services import article_key, article_version_ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
STORY = (FIXTURES / "storm-v1.txt").read_text(encoding="utf-8")
SUBMIT_URL = "/api/v1/articles/submit/"
BODY = (
    "The regional utility said on Tuesday that 1,200 homes lost power overnight after the "
    "storm brought down lines along the coast.\n"
)
LAUGHS = "\n".join(
    ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{i}: &{c} [{', '.join([f'*{p}'] * 9)}]"
       for i, (p, c) in enumerate(zip("abcdefg", "bcdefgh", strict=True))]
)  # fmt: skip

HOSTILE_FILES = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "nul.txt": f"Storm\x00 hits.\n{BODY}".encode(),
    "bad-date.txt": f"---\npublished: 2026-02-30\n---\n{BODY}".encode(),
    "bad-time.txt": f"---\npublished: 2026-02-10T25:99\n---\n{BODY}".encode(),
    "year-one.txt": f"---\npublished: 0001-01-01T00:00:00+14:00\n---\n{BODY}".encode(),
    "laughs.txt": f"---\n{LAUGHS}\n---\n{BODY}".encode(),
    "nested.txt": f"---\nx: {'[' * 3000}{']' * 3000}\n---\n{BODY}".encode(),
    "bom-only.txt": b"\xef\xbb\xbf",
    "zero-width.txt": "\u200b\u200b\n\u200d".encode(),
    "huge.txt": b"word " * 250_000,
    "attributes.html": (
        "<html><body><p " + " ".join(f"a{i}=1" for i in range(50_000)) + ">x</p></body></html>"
    ).encode(),
}

pytestmark = pytest.mark.django_db


def test_ingest_command_rejects_each_bad_file_and_stores_the_good_ones(tmp_path, capsys):
    for name, data in HOSTILE_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "also-good.txt").write_text(f"---\nurl: https://x.example/a\n---\n{BODY}")
    with pytest.raises(CommandError, match=f"{len(HOSTILE_FILES)} file"):
        call_command("ingest", str(tmp_path), "--no-progress")
    captured = capsys.readouterr()
    assert f"2 new version(s), 0 already stored, {len(HOSTILE_FILES)} rejected" in captured.out
    rejections = [line for line in captured.err.splitlines() if line.startswith("rejected ")]
    assert sorted(line.split(":")[0].rsplit("/", 1)[1] for line in rejections) == sorted(
        HOSTILE_FILES
    )
    assert "Traceback" not in captured.err
    reasons = dict(line.split(": ", 1) for line in rejections)
    reason_of = {Path(path.removeprefix("rejected ")).name: why for path, why in reasons.items()}
    assert "binary data" in reason_of["binary.txt"]
    assert "binary data" in reason_of["nul.txt"]
    assert "'published' is not an ISO 8601" in reason_of["bad-date.txt"]
    assert "aliases" in reason_of["laughs.txt"]
    assert "nested more than" in reason_of["nested.txt"]
    assert "empty" in reason_of["bom-only.txt"]
    assert "too large" in reason_of["huge.txt"]
    assert "attributes" in reason_of["attributes.html"]
    assert ArticleVersion.objects.count() == 2


def test_ingest_command_refuses_a_huge_file_without_reading_it(tmp_path, capsys, settings):
    settings.CLAIMTRACKER_INGEST_MAX_TEXT_CHARS = settings.CLAIMTRACKER_INGEST_MAX_HTML_CHARS = 100
    (tmp_path / "huge.txt").write_bytes(b"x" * 401)
    (tmp_path / "small.txt").write_text("The mayor said 12 homes burned on Monday.\n")
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), "--no-progress")
    captured = capsys.readouterr()
    assert "huge.txt: the file is too large: 401 bytes" in captured.err
    assert "1 new version(s), 0 already stored, 1 rejected" in captured.out


def test_ingest_command_reports_an_unexpected_error_and_goes_on(tmp_path, capsys, monkeypatch):
    from sources.management.commands import ingest

    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(f"{BODY}\nAnother text entirely, 40 people.\n")
    real = ingest.article_version_ingest

    def flaky(*, raw, filename):
        if filename.endswith("a.txt"):
            raise KeyError("boom")
        return real(raw=raw, filename=filename)

    monkeypatch.setattr(ingest, "article_version_ingest", flaky)
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), "--no-progress")
    captured = capsys.readouterr()
    assert "a.txt: KeyError: 'boom'" in captured.err
    assert "1 new version(s), 0 already stored, 1 rejected" in captured.out


def test_long_urls_sharing_a_prefix_are_different_articles():
    prefix = "https://news.example.org/" + "a" * 600
    first = article_version_ingest(raw=BODY, url=prefix + "/one", enqueue=False)
    second = article_version_ingest(raw=BODY, url=prefix + "/two", enqueue=False)
    assert first.version.article_id != second.version.article_id
    assert Article.objects.get(pk=first.version.article_id).key == article_key(prefix + "/one")
    assert len(article_key(prefix + "/one")) == 500


# --- the API -----------------------------------------------------------------------------


@pytest.fixture
def editor(api_client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_articleversion"))
    api_client.force_login(user)
    return api_client


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nul.txt", 400),  # the serializer refuses NUL characters itself
        ("bad-date.txt", 400),
        ("bad-time.txt", 400),
        ("year-one.txt", 400),
        ("laughs.txt", 400),
        ("nested.txt", 400),
        ("bom-only.txt", 400),
        ("zero-width.txt", 400),
        ("huge.txt", 413),
        ("attributes.html", 400),
    ],
)
def test_submit_answers_hostile_text_with_a_json_error(editor, name, expected):
    text = HOSTILE_FILES[name].decode("utf-8")
    content_type = "text/html" if name.endswith(".html") else "text/plain"
    response = editor.post(SUBMIT_URL, {"text": text, "content_type": content_type}, format="json")
    assert response.status_code == expected, response.content[:300]
    assert response.json()  # a JSON body that says why
    assert not ArticleVersion.objects.exists()


def test_submit_of_an_out_of_range_published_at_is_400(editor):
    response = editor.post(
        SUBMIT_URL, {"text": BODY, "published_at": "0001-01-01T00:00:00+14:00"}, format="json"
    )
    assert response.status_code == 400
    assert "published_at" in response.json()["errors"]


def test_submit_of_a_body_over_the_request_limit_is_413(settings, django_user_model):
    from rest_framework.test import APIClient

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = APIClient(enforce_csrf_checks=True)  # as a browser session: CSRF reads the body
    client.force_login(django_user_model.objects.create_user("editor", password="pw"))
    client.get("/admin/login/")  # sets the CSRF cookie
    response = client.post(
        SUBMIT_URL,
        {"text": "word " * 5000},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 413
    assert "Request body exceeded" in response.json()["detail"]


# --- property: random input never raises anything but IngestError --------------------------

front_matter_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
yaml_scalars = st.sampled_from(
    ["2026-02-30", "2026-02-10T25:99", "0001-01-01T00:00:00+14:00", "1e309", "&a x", "*a",
     "[[[[[[[[[[x]]]]]]]]]]", "{a: {b: {c: 1}}}", "'unclosed", "|", "!!python/object:os.system",
     "9" * 5000, "2026-02-10", "https://x.example/a", ""]
)  # fmt: skip


@st.composite
def documents(draw) -> str | bytes:
    kind = draw(st.sampled_from(["bytes", "text", "front-matter", "raw-front-matter"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind == "text":
        return draw(st.text(max_size=400))
    keys = draw(
        st.lists(
            st.sampled_from(["url", "published", "date", "title", "outlet", "story", "extra"])
            | st.text(max_size=10),
            max_size=5,
        )
    )
    if kind == "front-matter":
        import yaml

        block = yaml.safe_dump({k: draw(front_matter_values) for k in keys}, allow_unicode=True)
    else:
        block = "\n".join(f"{k}: {draw(yaml_scalars)}" for k in keys)
    body = draw(st.sampled_from([BODY, "", "\ufeff", draw(st.text(max_size=200))]))
    return f"---\n{block}\n---\n{body}"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=documents(), content_type=st.sampled_from([None, "text/html", "text/plain"]))
def test_random_documents_are_rejected_cleanly_or_stored(raw, content_type):
    try:
        outcome = article_version_ingest(raw=raw, content_type=content_type, enqueue=False)
    except IngestError as exc:
        reason = str(exc)
        assert reason.strip(), "a rejection says why"  # noqa: PT017
        return
    version = ArticleVersion.objects.get(pk=outcome.version.pk)
    assert version.body
    # and extraction of what was stored ends done or failed, never raising
    result = claims_extract_for_version(version_id=version.pk, force=True, enqueue=False)
    assert result.status in {"done", "failed", "skipped"}
    version.refresh_from_db()
    assert version.status in {"done", "failed"}
