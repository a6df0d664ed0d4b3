"""The desk in a real browser: headless Chromium from Debian's `chromium` package, driven by
Playwright's Python package (no browser download). A fact-checker confirms a flag and drafts a
verdict from it, an editor publishes the verdict, a viewer finds nothing to change. Screenshots
of the queue, a flag, a story page with its timelines and a version diff go to test-artifacts/
(git-ignored) for a person to look at."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import PROJECT, need_service

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still plain synchronous ones (Django's guard would refuse them).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        need_service(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_service("the playwright package (requirements/dev.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
        # The ORM calls made while Playwright's loop ran used connections of their own
        # context: close them, or the test database cannot be dropped.
        connections.close_all()


def desk(db_ready):
    """A story of two articles: one updated and corrected (lineage between its versions), the
    other disagreeing with it; returns the flag to triage."""
    from claims.models import Claim
    from tests.factories import (
        ArticleFactory,
        ArticleVersionFactory,
        ClaimFactory,
        ContradictionFactory,
        SourceFactory,
        StoryArticleFactory,
        StoryFactory,
    )
    from verification.models import ClaimLineage, Contradiction

    story = StoryFactory(title="Ferry capsizes on Lake Tessin")
    agency, navy, herald = (
        SourceFactory(name="provincial disaster agency"),
        SourceFactory(name="navy"),
        SourceFactory(name="Lakeside Herald"),
    )
    wire, local = (
        ArticleFactory(title="Death toll climbs to 41"),
        ArticleFactory(title="Selka mourns"),
    )
    StoryArticleFactory(story=story, article=wire)
    StoryArticleFactory(story=story, article=local)
    start = datetime(2026, 3, 14, 6, 40, tzinfo=UTC)
    texts = [
        "A ferry capsized at dawn, killing at least 7 people, the agency said. "
        "The navy said it deployed 21 boats.",
        "The death toll rose to 19, the agency said. The navy said it deployed 21 boats.",
        "The death toll rose to 41, the agency said. The navy said it deployed 21 boats.",
        "The death toll rose to 41, the agency said. The navy said it deployed 12 boats.",
    ]
    labels = ["", "UPDATE 1", "2nd UPDATE", "CORRECTED-2nd UPDATE"]
    deaths, boats = [], []
    for number, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
        version = ArticleVersionFactory(
            article=wire,
            number=number,
            body=text,
            update_label=label,
            corrected=label.startswith("CORRECTED"),
            published_at=start + timedelta(hours=2 * number),
        )
        toll = text.index("7 people") if number == 1 else text.index("rose to") + 8
        value = 7.0 if number == 1 else float(text[toll : toll + 2])
        deaths.append(
            ClaimFactory(
                version=version,
                source=agency,
                family="deaths",
                text=f"{value:g} dead",
                start=toll,
                end=toll + 2,
                low=value,
                high=None if number == 1 else value,
            )
        )
        at = text.index("deployed") + 9
        boats.append(
            ClaimFactory(
                version=version,
                source=navy,
                family="boats",
                text=text[at : at + 8],
                start=at,
                end=at + 8,
                low=float(text[at : at + 2]),
                high=float(text[at : at + 2]),
            )
        )
    herald_version = ArticleVersionFactory(
        article=local,
        number=1,
        published_at=start + timedelta(hours=10),
        body="Selka mourns. At least 36 people died, the Lakeside Herald counted.",
    )
    herald_deaths = ClaimFactory(
        version=herald_version,
        source=herald,
        family="deaths",
        low=36,
        high=None,
        text="At least 36 people died",
        start=14,
        end=37,
    )
    for before, after in zip(deaths, deaths[1:], strict=False):
        ContradictionFactory(
            claim_a=before,
            claim_b=after,
            story=story,
            relation="update",
            confidence=0.9,
            kind=Contradiction.Kind.ACROSS_VERSIONS,
            reason="The toll rose: an update.",
        )
    ContradictionFactory(
        claim_a=deaths[-1],
        claim_b=herald_deaths,
        story=story,
        confidence=0.6,
        kind=Contradiction.Kind.ACROSS_ARTICLES,
        reason="The agency says 41 dead, the Lakeside Herald at least 36: compatible only if...",
    )
    flag = ContradictionFactory(
        claim_a=boats[2],
        claim_b=boats[3],
        story=story,
        confidence=0.9,
        relation=Contradiction.Relation.CORRECTION,
        kind=Contradiction.Kind.ACROSS_VERSIONS,
        reason="In version 4, labelled as corrected, the navy says 12 boats deployed, where in "
        "version 3 it said 21: a published correction.",
    )
    ClaimLineage.objects.create(
        version=boats[3].version,
        previous_claim=boats[2],
        current_claim=boats[3],
        label=ClaimLineage.Label.VALUE_CHANGED,
        detail="21 -> 12 boats",
        detector_version="t",
    )
    ClaimLineage.objects.create(
        version=deaths[3].version,
        previous_claim=deaths[2],
        current_claim=deaths[3],
        label=ClaimLineage.Label.UNCHANGED,
        detail="",
        detector_version="t",
    )
    assert Claim.objects.count() == 9
    return flag, story, wire


def disagreement_of(story):
    """The story's across-articles flag as a disagreement, as detection files it."""
    from verification.models import (
        Contradiction,
        Disagreement,
        DisagreementClaim,
        DisagreementEvidence,
        Figure,
    )

    flag = Contradiction.objects.get(story=story, relation=Contradiction.Relation.CONTRADICTION)
    figure = Figure.objects.create(story=story, family="deaths", name="death toll")
    row = Disagreement.objects.create(
        figure=figure,
        story=story,
        kind=flag.kind,
        reason="Death toll: provincial disaster agency 41, Lakeside Herald at least 36",
        confidence=flag.confidence,
        source_count=2,
        claim_count=2,
    )
    DisagreementClaim.objects.bulk_create(
        [
            DisagreementClaim(disagreement=row, claim_id=c)
            for c in (flag.claim_a_id, flag.claim_b_id)
        ]
    )
    DisagreementEvidence.objects.create(disagreement=row, contradiction=flag)
    return row


def log_in(browser, base: str, username: str):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fact_checker_confirms_and_drafts_editor_publishes_viewer_only_reads(
    browser, live_server, django_user_model, settings
):
    from django.contrib.auth.models import Group, Permission

    from verification.models import Contradiction, Verdict
    from verification.roles import EDITOR, FACT_CHECKER, VIEWER, roles_sync

    # A transactional test starts from flushed tables: put the migration's groups back.
    roles_sync(group_model=Group, permission_model=Permission)
    for role in (FACT_CHECKER, EDITOR, VIEWER):
        user = django_user_model.objects.create_user(role, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
    flag, story, article = desk(True)
    disagreement = disagreement_of(story)
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    # The fact-checker: the queue, a flag, a decision with a note, a verdict drafted from it.
    page = log_in(browser, base, FACT_CHECKER)
    page.goto(f"{base}/admin/verification/contradiction/")
    first_row = page.locator("#result_list tbody tr").first
    assert "CORRECTED" in first_row.inner_text()  # the correction heads the queue
    page.screenshot(path=ARTIFACTS / "queue.png", full_page=True)
    first_row.locator("td.field-reason a, th.field-reason a").first.click()
    page.wait_for_selector("select[name=status]")
    assert page.locator("mark").count() == 2  # both claims marked in their text
    page.screenshot(path=ARTIFACTS / "contradiction.png", full_page=True)
    page.select_option("select[name=status]", "confirmed")
    page.fill("textarea[name=note]", "The wire corrected the boat count.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    flag.refresh_from_db()
    assert flag.status == Contradiction.Status.CONFIRMED
    assert flag.reviewed_by.username == FACT_CHECKER

    page.click("text=Write a verdict on claim B")
    page.wait_for_selector("textarea[name=rationale]")
    assert page.input_value("input[name=claim]") == str(flag.claim_b_id)
    assert page.input_value("select[name=rating]") == "disputed"
    page.select_option("select[name=rating]", "mostly_true")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    verdict = Verdict.objects.get(claim=flag.claim_b)
    assert verdict.published_at is None
    assert verdict.reviewer.username == FACT_CHECKER
    assert page.locator("#publish-verdict").count() == 0  # publishing is the editor's

    # The disagreements queue: open the one about the death toll, confirm it with a note.
    page.goto(f"{base}/admin/verification/disagreement/")
    page.screenshot(path=ARTIFACTS / "disagreements.png", full_page=True)
    page.locator("#result_list tbody tr").first.locator("th.field-reason a").click()
    page.wait_for_selector("#disagreement-members")
    assert page.locator("#disagreement-members tbody tr").count() == 2
    assert page.locator("text=Write a verdict").count() == 2
    page.screenshot(path=ARTIFACTS / "disagreement.png", full_page=True)
    page.select_option("select[name=status]", "confirmed")
    page.fill("textarea[name=note]", "Two counts of the same toll.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    disagreement.refresh_from_db()
    assert (disagreement.status, disagreement.reviewed_by.username) == ("confirmed", FACT_CHECKER)
    page.close()

    # The editor publishes it; the story page and a version diff are looked at.
    page = log_in(browser, base, EDITOR)
    page.goto(f"{base}/admin/verification/verdict/{verdict.pk}/change/")
    page.click("#publish-verdict")
    page.wait_for_selector(".messagelist .success")
    verdict.refresh_from_db()
    assert verdict.published_at is not None
    page.goto(f"{base}/admin/verification/story/{story.pk}/change/")
    assert page.locator("svg.ct-timeline").count() >= 2
    page.screenshot(path=ARTIFACTS / "story.png", full_page=True)
    page.goto(f"{base}/admin/sources/article/{article.pk}/diff/")
    assert page.locator("#version-diff ins").count() >= 1
    assert "value changed" in page.locator("#version-diff").inner_text()
    page.screenshot(path=ARTIFACTS / "diff.png", full_page=True)
    page.close()

    # The viewer reads everything and can change nothing.
    page = log_in(browser, base, VIEWER)
    page.goto(f"{base}/admin/verification/contradiction/?triage=all")
    assert page.locator("select[name=action]").count() == 0
    page.goto(f"{base}/admin/verification/contradiction/{flag.pk}/change/")
    assert page.locator("input[type=submit]").count() == 0
    assert page.locator("text=Write a verdict").count() == 0
    page.goto(f"{base}/admin/verification/disagreement/{disagreement.pk}/change/")
    assert page.locator("input[type=submit]").count() == 0
    assert page.locator("text=Write a verdict").count() == 0
    page.goto(f"{base}/admin/verification/verdict/{verdict.pk}/change/")
    assert page.locator("input[type=submit], #publish-verdict").count() == 0
    page.goto(f"{base}/admin/sources/article/")
    assert page.locator("text=Submit an article").count() == 0
    response = page.goto(f"{base}/admin/sources/article/submit/")
    assert response.status == 403
    page.close()
