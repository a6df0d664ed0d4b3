"""Story identity by the days an article names: a follow-up weeks or a year later joins the story
whose days it names; the same kind of event in another year names none of them."""

from datetime import UTC, datetime

from verification import stories

STORY = stories.Profile(
    entities={"pylos": 3.0, "coast guard": 2.0, "greece": 2.0},
    terms={"shipwreck": 3.0, "migrant": 2.0, "boat": 2.0},
    first_published_at=datetime(2023, 6, 14, tzinfo=UTC),
    last_published_at=datetime(2023, 6, 23, tzinfo=UTC),
)


def _article(published, days=()):
    return stories.Profile(
        entities={"pylos": 1.0, "greece": 1.0},
        terms={"shipwreck": 1.0, "boat": 1.0},
        first_published_at=published,
        last_published_at=published,
        days=tuple(days),
    )


def test_an_anniversary_article_that_names_the_event_day_joins():
    match = stories.match(_article(datetime(2024, 6, 14, tzinfo=UTC), ["2023-06-13"]), STORY)
    assert match.score >= stories.JOIN_THRESHOLD
    assert "names 2023-06-13" in match.reason


def test_a_year_later_article_naming_no_day_of_the_story_stays_apart():
    later = _article(datetime(2024, 6, 14, tzinfo=UTC), ["2024-06-14", "2023-05-01"])
    assert stories.match(later, STORY).score == 0.0


def test_the_window_still_holds_for_articles_that_name_no_day():
    assert stories.match(_article(datetime(2023, 8, 1, tzinfo=UTC)), STORY).score == 0.0


def test_a_follow_up_weeks_later_moves_a_running_storys_window():
    # The next protest day of a movement, three weeks after the story's last article.
    match = stories.match(_article(datetime(2023, 7, 14, tzinfo=UTC), ["2023-06-14"]), STORY)
    assert match.score >= stories.JOIN_THRESHOLD
    assert match.extends


def test_an_anniversary_does_not_move_the_storys_window():
    match = stories.match(_article(datetime(2024, 6, 14, tzinfo=UTC), ["2023-06-13"]), STORY)
    assert match.named_day
    assert not match.extends


def test_an_article_inside_the_window_moves_it():
    assert stories.match(_article(datetime(2023, 6, 20, tzinfo=UTC)), STORY).extends


RUNNING = stories.Profile(
    entities={"paris": 3.0, "cgt": 2.0, "france": 2.0},
    terms={"pension": 3.0, "strike": 2.0, "protest": 2.0},
    first_published_at=datetime(2023, 1, 19, tzinfo=UTC),
    last_published_at=datetime(2023, 3, 7, tzinfo=UTC),
)


def _protest(published):
    return stories.Profile(
        entities={"paris": 1.0, "cgt": 1.0},
        terms={"pension": 1.0, "protest": 1.0},
        first_published_at=published,
        last_published_at=published,
    )


def test_the_next_protest_day_of_a_running_story_joins_it_weeks_later():
    match = stories.match(_protest(datetime(2023, 3, 23, tzinfo=UTC)), RUNNING)
    assert match.score >= stories.JOIN_THRESHOLD


def test_a_short_story_keeps_the_plain_window():
    short = stories.Profile(
        entities=RUNNING.entities,
        terms=RUNNING.terms,
        first_published_at=datetime(2023, 3, 3, tzinfo=UTC),
        last_published_at=datetime(2023, 3, 7, tzinfo=UTC),
    )
    assert stories.match(_protest(datetime(2023, 3, 23, tzinfo=UTC)), short).score == 0.0


def test_the_running_window_opens_forward_only():
    assert stories.match(_protest(datetime(2023, 1, 3, tzinfo=UTC)), RUNNING).score == 0.0
