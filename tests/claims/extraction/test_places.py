"""The place a count covers: "the capital" as the article names it, a city's adjective, the
place a "where" clause describes, and bare counts credited by the words right after them.
The sentences are written for these tests."""

from __future__ import annotations

from tests.claims.extraction.test_attribution_evidence import valued


def test_the_capital_is_the_datelines_city(run):
    claims = run("LISBON (AP) \u2014 Police said 41,000 people marched in the capital on Tuesday.")
    assert valued(claims, "41,000").scope == "Lisbon"


def test_the_capital_is_the_city_the_article_calls_the_capital(run):
    claims = run(
        "Crowds gathered in the capital, Quito, on Monday.",
        "Organisers said 30,000 people marched in the capital.",
    )
    assert valued(claims, "30,000").scope == "Quito"


def test_the_capital_stays_the_capital_when_the_article_names_none(run):
    claims = run("Police said 41,000 people marched in the capital on Tuesday.")
    assert valued(claims, "41,000").scope.lower() in ("capital", "the capital")


def test_a_citys_adjective_is_that_city(run):
    claims = run(
        "Marches were held in Lyon and Nantes.",
        "The police counted 22,000 demonstrators in the Lyonnais procession.",
    )
    assert valued(claims, "22,000").scope == "Lyon"


def test_a_national_adjective_is_no_city(run):
    claims = run("The police counted 900,000 demonstrators in the French processions.")
    assert valued(claims, "900,000").scope == ""


def test_a_where_clause_counts_in_its_place(run):
    claims = run(
        "Some cities stood out, notably Toulouse where the prefecture counted 14,000 demonstrators."
    )
    assert valued(claims, "14,000").scope == "Toulouse"


def test_a_bare_count_credited_right_after_it_continues_the_measure(run):
    claims = run(
        "Day of action: 1.2 million marchers nationwide, according to the union, 310,000, "
        "estimates the ministry."
    )
    assert valued(claims, "310,000").family == "participants"


def test_a_pages_address_gives_its_day():
    from datetime import date

    from claims.extraction.moments import url_date

    assert url_date("https://example.org/world/2023/01/19/march-paris") == date(2023, 1, 19)
    assert url_date("afp-wire:paris-2023-01-19-more-than-a-million") == date(2023, 1, 19)
    assert url_date("https://example.org/news/20230119-paris") == date(2023, 1, 19)
    assert url_date("https://example.org/story/12345678901") is None
    assert url_date("https://example.org/2023/13/45/x") is None


def test_people_on_a_boat_are_those_aboard_whoever_they_are(run):
    claims = run(
        "Officials said an estimated 700 migrants were on the boat when it sank.",
        "Survivors said close to 680 people were on board.",
    )
    migrants, people = valued(claims, "an estimated 700"), valued(claims, "close to 680")
    assert migrants.family == people.family == "aboard"
    assert migrants.scope == people.scope == ""


def test_a_nationality_aboard_stays_a_part(run):
    claims = run("Officials said 350 Pakistanis were on the boat.")
    assert valued(claims, "350").scope.lower().startswith("pakistan")


def test_no_new_bodies_is_an_increment_not_the_toll(run):
    claims = run("No new dead bodies were recovered on Thursday.")
    assert valued(claims, "No").scope == "new"


def test_bodies_loaded_onto_trucks_are_not_the_toll(run):
    claims = run("About 30 dead bodies were loaded onto refrigerated trucks.")
    assert valued(claims, "About 30").family != "deaths"


def test_bodies_recovered_are_the_toll(run):
    claims = run("The coast guard said 78 bodies had been recovered.")
    assert valued(claims, "78").family == "deaths"


def test_feared_dead_is_an_estimate(run):
    claims = run("Hundreds are feared dead after the boat capsized.")
    assert valued(claims, "Hundreds").hedged


def test_rescuers_saved_counts_the_rescued(run):
    claims = run("Rescuers saved 104 passengers from the fishing boat.")
    claim = valued(claims, "104")
    assert (claim.family, claim.scope) == ("rescued", "")


def test_a_share_for_a_candidate_is_that_candidates(run):
    claims = run(
        "The board declared Ramos the winner with 52 percent of the votes, against 45 percent "
        "for opposition candidate Lucia Ortega."
    )
    assert valued(claims, "52 percent").family == "share:ramos"
    assert valued(claims, "45 percent").family == "share:ortega"


def test_a_gapped_share_belongs_to_the_name_before_it(run):
    claims = run("Pollsters estimate that Ortega got about 61% of the vote and Ramos about 36%.")
    assert valued(claims, "about 61%").family == "share:ortega"
    assert valued(claims, "about 36%").family == "share:ramos"
    assert valued(claims, "about 36%").source.name.lower() == "pollsters"


def test_the_share_of_votes_counted_is_nobodys_share(run):
    claims = run("With 85 percent of the votes counted, Ramos led with 52 percent.")
    assert valued(claims, "85 percent").family == "percent:counted"


def test_a_share_of_something_else_than_the_vote_is_its_own_figure(run):
    claims = run("The opposition had published over 80% of the tally sheets by Tuesday.")
    assert valued(claims, "over 80%").family == "percent:sheet"


def test_a_share_of_the_votes_for_a_candidate(run):
    claims = run(
        "The board declared Luis Ramos the winner of the election with 51 percent of the votes, "
        "against 44 percent of the votes for opposition candidate Lucia Ortega."
    )
    assert valued(claims, "51 percent").family == "share:ramos"
    assert valued(claims, "44 percent").family == "share:ortega"


def test_a_bare_count_continues_the_total_not_the_part_named_last(run):
    claims = run(
        "Some 1.12 million people marched across the country, including 80,000 in Paris, the "
        "ministry said. Union leader Paul Roux claimed two million."
    )
    assert valued(claims, "two million").family == "participants"


def test_a_place_that_opens_a_paragraph_scopes_its_counts(run):
    claims = run(
        "In Lyon, 20,000 people marched, according to the police. The union claimed 95,000 "
        "marchers in the streets."
    )
    assert valued(claims, "95,000").scope == "Lyon"


def test_a_whole_country_count_is_not_the_opening_places(run):
    claims = run(
        "In Lyon, 20,000 people marched. Nationwide, 1.2 million marched, the ministry said."
    )
    assert valued(claims, "1.2 million").scope == ""


def test_a_referenced_figure_after_exceeds_is_a_figure_of_its_own(run):
    claims = run("That turnout exceeds the estimated 1 million who took part on Jan. 19.")
    claim = valued(claims, "estimated 1 million")
    assert (claim.low, claim.high) == (1_000_000, 1_000_000)


def test_a_count_that_topped_a_figure_is_above_it(run):
    claim = valued(run("Deaths topped 100 on Monday, officials said."), "100")
    assert (claim.low, claim.high) == (100, None)


def test_a_preliminary_figure_is_an_earlier_reports(run):
    claims = run("The United Nations gave a preliminary figure of 320 dead on Saturday.")
    assert valued(claims, "320").time_ref == "earlier"


def test_votes_are_keyed_by_whose_votes_they_are(run):
    claims = run(
        "The electoral board said Ramos had won 5.15 million votes, compared to 4.45 million "
        "for Ortega."
    )
    assert valued(claims, "5.15 million").family == "votes:ramos"
    assert valued(claims, "4.45 million").family == "votes:ortega"


def test_a_person_subjects_share_is_a_tally_of_that_person(run):
    claims = run("Officials said Ramon Ortega had secured re-election with 51.2% of the votes.")
    assert valued(claims, "51.2%").family == "share:ortega"


def test_a_paragraph_opening_place_with_its_department_holds_for_the_paragraph(run):
    claims = run(
        "In Lyon (Rhône), 9,000 people marched according to the prefecture. On March 7, the "
        "police had counted 20,000 demonstrators."
    )
    assert valued(claims, "20,000").scope == "Lyon"


def test_a_share_of_nothing_named_is_compared_with_nothing(run):
    claims = run("The president said he was ready to present 100 per cent of the records.")
    assert valued(claims, "100 per cent").family == ""


def test_whoever_was_arrested_is_one_count_of_arrests(run):
    claims = run("Eleven smugglers were arrested on Thursday. Police also detained nine survivors.")
    assert valued(claims, "Eleven").family == "arrests"
    assert valued(claims, "nine").family == "arrests"


def test_votes_a_relative_clause_says_someone_won_are_theirs(run):
    claims = run(
        "The figures differ from the 3.2 million votes the commission said Ramos had won, "
        "compared to 2.9 million for Ortega."
    )
    assert valued(claims, "3.2 million").family == "votes:ramos"
    assert valued(claims, "2.9 million").family == "votes:ortega"


def test_votes_for_a_rival_named_after_a_comma_are_the_rivals(run):
    claims = run(
        "The party's tallies showed 1.5 million votes for Ramos and 4.1 million for his rival, "
        "former judge Lucia Ortega, the party leader said."
    )
    assert valued(claims, "4.1 million").family == "votes:ortega"


def test_the_dateline_after_a_page_date_label_names_the_capital(run):
    claims = run(
        "date 2023-01-31 LISBON (AP) \u2014 Police said 41,000 people marched in the capital "
        "on Tuesday."
    )
    assert valued(claims, "41,000").scope == "Lisbon"


def test_the_capital_is_the_city_the_article_names_most(run):
    claims = run(
        "Some 700,000 people protested across Portugal, including 90,000 in Lisbon, the "
        "ministry said.",
        "Lisbon police reported scuffles near the parliament.",
        "The union counted 2 million across the country, including 500,000 in the capital.",
    )
    capital = next(c for c in claims if c.low == 500_000)
    assert capital.scope == "Lisbon"
