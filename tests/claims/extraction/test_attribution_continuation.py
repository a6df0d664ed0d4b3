"""Who speaks when the text only points back: pronouns, descriptions, nested and parenthetical
cues, a credit in the next sentence, a publisher of what an analysis shows.

Every sentence here is invented; names and places are fictional. The two rules written for a
parser's misreadings are tested on hand-built parses, so that they hold whatever the model.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claims.extraction import ExtractedClaim
from claims.extraction.attribution import find_cues
from claims.extraction.sources import fold


def sourced(claims: list[ExtractedClaim], words: str) -> set[str]:
    """The folded sources of the claims whose evidence holds `words`."""
    found = {fold(c.source.name) for c in claims if words in c.evidence}
    assert found, [(c.kind, c.source.name, c.evidence) for c in claims]
    return found


def test_a_participle_inside_reported_words_is_the_reporters(run):
    claims = run(
        "Mayor Petra Lind says 140 households have called the hotline saying their homes are "
        "damaged."
    )
    assert {fold(c.source.name) for c in claims} == {"petra lind"}


def test_he_is_the_speaker_not_a_subject_of_what_the_speaker_said(run):
    claims = run(
        "Mila Horak, head of the vote commission, said Mr. Petrov secured 52% of the vote. "
        "He said the results were based on 90% of polling stations."
    )
    assert sourced(claims, "90% of polling stations") == {"mila horak"}


def test_he_with_no_person_before_is_the_institution_that_spoke(run):
    claims = run(
        "The Vigil group said 12 people died.",
        "He noted that two were children.",
    )
    assert sourced(claims, "two were children") == {"vigil group"}


def test_a_negated_cue_with_nothing_said_is_no_speaker(run):
    claims = run(
        "The rights group Vigil said in its report that 12 people died, a figure that the "
        "government did not confirm.",
        "He noted that the riot police were involved in at least two deaths.",
    )
    assert "government" not in {fold(c.source.name) for c in claims}
    assert sourced(claims, "riot police") == {"vigil"}


def test_a_parenthetical_cue_speaks_for_its_whole_sentence(run):
    claims = run("The number of dead, rescuers said, rose to 30 on Monday.")
    assert {fold(c.source.name) for c in claims if c.kind == "quantity"} == {"rescuers"}


def test_a_parenthetical_he_takes_the_institution_named_before(run):
    claims = run(
        "The National Election Board reported a clear trend late on Sunday.",
        "Petrov, he said, obtained 2 million votes, that is, 52 percent of the total.",
    )
    assert sourced(claims, "2 million votes") == {"national election board"}


def test_the_official_is_the_unnamed_source_named_before(run):
    claims = run(
        "A health ministry source told the Brava news agency that dozens were hurt. "
        '"We expect many more injured people in the coming days," the official said.'
    )
    assert sourced(claims, "We expect many more") == {"health ministry source"}


def test_this_was_reported_by_credits_the_sentence_before(run):
    claims = run(
        "Police in Ostrava have arrested 12 people suspected of looting. This was reported by "
        "the Ostrava Herald."
    )
    assert sourced(claims, "arrested 12 people") == {"ostrava herald"}


def test_a_sentence_of_its_own_is_not_credited_by_an_unrelated_next_one(run):
    claims = run(
        "Police in Ostrava have arrested 12 people suspected of looting. The herald reported "
        "on the trial."
    )
    assert sourced(claims, "arrested 12 people") == {"valley gazette"}


def test_the_publisher_of_an_analysis_says_what_it_shows(run):
    claims = run(
        "The Ostrava Herald released an analysis showing that Horak beat Petrov by more than 20 "
        "points."
    )
    assert sourced(claims, "20 points") == {"ostrava herald"}


def test_a_group_that_verified_a_count_gives_it(run):
    claims = run("The Vigil group, an independent NGO, has been able to verify 640 detainees.")
    assert sourced(claims, "640 detainees") == {"vigil group"}


def test_a_group_that_documented_a_count_gives_it(run):
    claims = run("The Vigil group documented 640 arrests in the first week.")
    assert sourced(claims, "640 arrests") == {"vigil group"}


def test_evidence_the_parser_made_a_subject_of_its_participle_is_the_last_speakers(run):
    claims = run(
        "Ana Ruiz said the lists were incomplete.",
        "Data shared with the news agency showed that 140 of the missing passengers were from "
        "Ostrava.",
    )
    assert sourced(claims, "140 of the missing") == {"ana ruiz"}


def _parsed(nlp, rows: list[tuple[str, str, str, str, int, bool]], ents: list[str]) -> Doc:
    """A Doc from (word, pos, tag, dep, head, space after) rows and IOB entity tags."""
    words, pos, tags, deps, heads, spaces = (list(column) for column in zip(*rows, strict=True))
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        tags=tags,
        deps=deps,
        heads=heads,
        # A verb "said" is "say"; the noun the tagger may make of it keeps its form.
        lemmas=[
            "say" if w == "said" and p == "VERB" else w.lower()
            for w, p in zip(words, pos, strict=True)
        ],
        ents=ents,
    )


def test_a_said_tagged_as_a_noun_after_an_age_description_is_its_cue(nlp):
    # "He had paid $3,000, the 41-year-old said, showing a photo." with "said" read as a noun.
    rows = [
        ("He", "PRON", "PRP", "nsubj", 2, True),
        ("had", "AUX", "VBD", "aux", 2, True),
        ("paid", "VERB", "VBN", "ROOT", 2, True),
        ("$", "SYM", "$", "nmod", 4, False),
        ("3,000", "NUM", "CD", "dobj", 2, False),
        (",", "PUNCT", ",", "punct", 2, True),
        ("the", "DET", "DT", "det", 12, True),
        ("41", "NUM", "CD", "nummod", 9, False),
        ("-", "PUNCT", "HYPH", "punct", 9, False),
        ("year", "NOUN", "NN", "npadvmod", 11, False),
        ("-", "PUNCT", "HYPH", "punct", 11, False),
        ("old", "ADJ", "JJ", "amod", 12, True),
        ("said", "NOUN", "NN", "dep", 2, False),
        (",", "PUNCT", ",", "punct", 12, True),
        ("showing", "VERB", "VBG", "acl", 12, True),
        ("a", "DET", "DT", "det", 16, True),
        ("photo", "NOUN", "NN", "dobj", 14, False),
        (".", "PUNCT", ".", "punct", 2, False),
    ]
    doc = _parsed(nlp, rows, ["O"] * len(rows))
    cues = [c for c in find_cues(doc, []) if c.token.i == 12]
    assert len(cues) == 1
    assert cues[0].speaker.mention == "the 41-year-old"
    assert cues[0].sentence_wide
    assert cues[0].owner.i == 2


def test_a_name_set_off_by_commas_before_a_subjectless_said_is_a_person(nlp):
    # "A nurse with the Red Cross, Marta Oksen, said that the night was calm." with no subject.
    rows = [
        ("A", "DET", "DT", "det", 1, True),
        ("nurse", "NOUN", "NN", "npadvmod", 10, True),
        ("with", "ADP", "IN", "prep", 1, True),
        ("the", "DET", "DT", "det", 5, True),
        ("Red", "PROPN", "NNP", "compound", 5, True),
        ("Cross", "PROPN", "NNP", "pobj", 2, False),
        (",", "PUNCT", ",", "punct", 10, True),
        ("Marta", "PROPN", "NNP", "compound", 8, True),
        ("Oksen", "PROPN", "NNP", "appos", 5, False),
        (",", "PUNCT", ",", "punct", 10, True),
        ("said", "VERB", "VBD", "ROOT", 10, True),
        ("that", "SCONJ", "IN", "mark", 14, True),
        ("the", "DET", "DT", "det", 13, True),
        ("night", "NOUN", "NN", "nsubj", 14, True),
        ("was", "AUX", "VBD", "ccomp", 10, True),
        ("calm", "ADJ", "JJ", "acomp", 14, False),
        (".", "PUNCT", ".", "punct", 10, False),
    ]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG"] + ["O"] * (len(rows) - 6)
    doc = _parsed(nlp, rows, ents)
    (cue,) = find_cues(doc, [])
    assert cue.speaker.mention == "Marta Oksen"
    assert cue.speaker.person_name == "Marta Oksen"
