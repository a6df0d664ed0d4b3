"""Word lists the rules read. General English and newsroom vocabulary, documented, no article text."""

from __future__ import annotations

# Reporting verbs (lemmas) that introduce what a source asserts. Passive uses ("were warned",
# "was told") do not attribute: their subject is the addressee, not the speaker.
SPEECH_VERBS = frozenset(
    """say tell add warn claim pledge threaten announce confirm deny insist stress slam cite
    report state note explain accuse vow indicate acknowledge argue assert estimate predict
    reveal urge describe write tweet post concede admit allege suggest declare reiterate
    emphasise emphasize maintain promise caution complain counter respond reply testify
    disclose recount recall conclude contend observe remark affirm boast charge""".split()
)
# Cognition verbs attribute a belief to their subject ("the ministry believes ...").
COGNITION_VERBS = frozenset("believe think fear expect doubt hope".split())
# Adjectival cognition ("the UK was concerned about ..."): attributes with a passive-looking parse.
COGNITION_ADJECTIVES = frozenset("concerned worried confident sure certain convinced aware".split())
# Cues that lower the standing of their content: the source claims it, others have not confirmed.
HEDGING_CUES = frozenset("claim allege".split())

# Nouns that can head a speaker's name when they are the subject of a reporting verb.
SPEAKER_NOUNS = frozenset(
    """official officials spokesman spokeswoman spokesperson ministry minister military army navy
    government police office statement leader president premier secretary source sources agency
    authority authorities regulator commander expert analyst witness witnesses resident residents
    diplomat diplomats spokesmen department pentagon white house kremlin council committee
    embassy force forces guard guards corps coalition command headquarters service services
    administration cabinet parliament lawmaker lawmakers senator governor mayor chief director
    officer officers prosecutor prosecutors court judge union company firm group organisation
    organization team hospital doctor doctors medic medics rescuer rescuers survivor survivors
    operator carrier airline ministry's report communique media newspaper agency's observers
    monitor monitors negotiator envoy ambassador king queen prince chairman ceo founder
    researcher researchers scientist scientists professor economist economists investigator
    investigators inspector inspectors sheriff coroner worker workers employee employees
    manager owner owners campaigner campaigners activist activists""".split()
)
# Nouns that stand for an earlier document of the same speaker ("the statement said").
DOCUMENT_NOUNS = frozenset("statement communique report letter release filing post".split())

# Hedge words inside a claim's own clause.
HEDGE_WORDS = frozenset(
    """reportedly allegedly purportedly possibly perhaps apparently unconfirmed unverified
    rumoured rumored""".split()
)
HEDGE_NOUNS = frozenset("report reports claim claims rumour rumours rumor rumors allegation allegations".split())
MODAL_HEDGES = frozenset("may might could".split())

PERSON_TITLES = frozenset(
    """president prime minister foreign defence defense interior finance deputy vice secretary
    general gen. gen lieutenant colonel col. major maj. captain capt. sergeant admiral
    ayatollah sheikh imam pope king queen prince princess crown chancellor senator sen. rep.
    representative governor gov. mayor speaker chief commander spokesman spokeswoman
    spokesperson dr dr. mr mr. mrs mrs. ms ms. sir lord lady judge justice ambassador envoy
    paramilitary leader supreme iranian iraqi us u.s. american british french german
    israeli russian chinese ukrainian of parliament the former acting interim opposition
    top senior expert analyst director chairman chairwoman ceo professor prof. minister's
    health economy economic trade justice state labour labor""".split()
)
