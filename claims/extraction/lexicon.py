"""Word lists the rules read: general English and newsroom vocabulary, no article text."""

from __future__ import annotations

# Reporting verbs (lemmas) that introduce what a source asserts. Passive uses ("were warned",
# "was told") do not attribute: their subject is the addressee, not the speaker.
SPEECH_VERBS = frozenset(
    """
    accuse acknowledge add admit affirm allege announce argue assert boast caution charge cite
    claim complain concede conclude confirm contend counter declare deny describe disclose
    emphasise emphasize estimate explain indicate insist maintain note observe pledge post
    predict promise recall recount reiterate remark reply report respond reveal say slam state
    stress suggest tell testify threaten tweet urge vow warn write
    agree condemn criticise criticize denounce hail praise welcome
    find show publish
    clarify hint underscore underline specify assure inform detail outline forecast
    """.split()
)
# Reporting verbs that also take things for subjects ("assessments indicated", "figures
# suggest"): their subject must be able to speak. The rest are verbs of speech proper, whose
# subject speaks whatever noun it is ("the utility said").
INFERENCE_CUES = frozenset(
    """
    accuse charge cite conclude contend counter describe disclose emphasise emphasize estimate
    explain indicate maintain note observe post predict remark report reveal slam state suggest
    find show publish forecast detail outline
    """.split()
)
PERSONAL_CUES = SPEECH_VERBS - INFERENCE_CUES
# Verbs that give a figure when their object is a figure or a count ("the CGT counted 400,000
# participants", "the ministry put the toll at 1,000", "officials lowered the toll to 1,000").
FIGURE_VERBS = frozenset(
    """count put tally record register raise lower revise place reduce
    give provide release issue""".split()
)
# Figure verbs that need a figure noun for object ("gave an estimate of 100 killed", "released
# a toll of 79"), not a bare count ("the UN gave 500 tents").
FIGURE_NOUN_VERBS = frozenset("give provide release issue".split())
# Cognition verbs attribute a belief to their subject ("the ministry believes ...").
COGNITION_VERBS = frozenset("believe doubt expect fear hope think".split())
# Adjectival cognition ("the UK was concerned about ..."): attributes with a passive-looking parse.
COGNITION_ADJECTIVES = frozenset("aware certain concerned confident convinced sure worried".split())
# Cues that lower the standing of their content: the source claims it, others have not confirmed.
HEDGING_CUES = frozenset("allege claim".split())

# Nouns that can head a speaker's name when they are the subject of a reporting verb.
SPEAKER_NOUNS = frozenset(
    """
    activist activists administration agency agency's airline ambassador analyst army
    authorities authority cabinet campaigner campaigners carrier ceo chairman chief coalition
    command commander committee communique company coroner corps council court department
    diplomat diplomats director doctor doctors economist economists embassy employee employees
    envoy expert firm force forces founder government governor group guard guards headquarters
    hospital house inspector inspectors investigator investigators judge king kremlin lawmaker
    lawmakers leader manager mayor media medic medics military minister ministry ministry's
    monitor monitors navy negotiator newspaper observers office officer officers official
    officials operator organisation organization organiser organisers organizer organizers owner
    owners parliament pentagon police prefect prefecture premier correspondent journalist
    journalists reporter reporters broadcaster unions poll polls survey surveys study studies
    pollster pollsters
    data record records census
    president prince professor prosecutor prosecutors queen regulator report rescuer rescuers
    researcher researchers resident residents scientist scientists secretary senator service
    services sheriff source sources spokesman spokesmen spokesperson spokeswoman statement
    survivor survivors team union white witness witnesses worker workers
    """.split()
)
# Nouns that stand for an earlier document of the same speaker ("the statement said").
DOCUMENT_NOUNS = frozenset(
    """communique filing letter post release report statement count tally estimate update
    bulletin briefing summary""".split()
)

# Nouns of evidence ("according to figures provided by the Victims Monitor", "Provea records
# show", "according to their projections"): their holder is the source; alone ("according to
# official data") they stand for the speaker named before, never for a source of their own.
EVIDENCE_NOUNS = frozenset(
    """data figure figures number numbers statistic statistics projection projections result
    results record records tallies counts estimates""".split()
)

# Hedge words inside a claim's own clause.
HEDGE_WORDS = frozenset(
    """
    allegedly apparently perhaps possibly purportedly reportedly rumored rumoured unconfirmed
    unverified
    """.split()
)
HEDGE_NOUNS = frozenset(
    """
    allegation allegations claim claims report reports rumor rumors rumour rumours
    """.split()
)
MODAL_HEDGES = frozenset("could may might".split())

# Words that may stand before a person's name and are not part of it.
PERSON_TITLES = frozenset(
    """
    acting admiral ambassador american analyst ayatollah british capt. captain ceo chairman
    chairwoman chancellor chief chinese col. colonel commander crown defence defense deputy
    director dr dr. economic economy envoy expert finance foreign former french gen gen. general
    german gov. governor health imam interim interior iranian iraqi israeli judge justice king
    labor labour lady leader lieutenant lord maj. major mayor minister minister's mr mr. mrs
    mrs. ms ms. of opposition paramilitary parliament pope president prime prince princess prof.
    professor queen rep. representative russian secretary sen. senator senior sergeant sheikh
    sir speaker spokesman spokesperson spokeswoman state supreme the top trade u.s. ukrainian us
    vice
    """.split()
)


# Country (folded) -> its capital: "the capital" in a story told from one country, when the
# article neither names its capital beside the word nor carries a dateline (pipeline._places).
CAPITALS = dict(
    item.strip().split("=")
    for item in """
    afghanistan=Kabul; albania=Tirana; algeria=Algiers; andorra=Andorra la Vella;
    angola=Luanda; argentina=Buenos Aires; armenia=Yerevan; australia=Canberra; austria=Vienna;
    azerbaijan=Baku; bahamas=Nassau; bahrain=Manama; bangladesh=Dhaka; barbados=Bridgetown;
    belarus=Minsk; belgium=Brussels; belize=Belmopan; benin=Porto-Novo; bhutan=Thimphu;
    bolivia=La Paz; bosnia=Sarajevo; botswana=Gaborone; brazil=Brasilia;
    brunei=Bandar Seri Begawan; bulgaria=Sofia; burkina faso=Ouagadougou; burundi=Gitega;
    cambodia=Phnom Penh; cameroon=Yaounde; canada=Ottawa; cape verde=Praia; chad=N'Djamena;
    chile=Santiago; china=Beijing; colombia=Bogota; comoros=Moroni; congo=Brazzaville;
    costa rica=San Jose; croatia=Zagreb; cuba=Havana; cyprus=Nicosia; czech republic=Prague;
    czechia=Prague; denmark=Copenhagen; djibouti=Djibouti; dominican republic=Santo Domingo;
    ecuador=Quito; egypt=Cairo; el salvador=San Salvador; eritrea=Asmara; estonia=Tallinn;
    eswatini=Mbabane; ethiopia=Addis Ababa; fiji=Suva; finland=Helsinki; france=Paris;
    gabon=Libreville; gambia=Banjul; georgia=Tbilisi; germany=Berlin; ghana=Accra;
    greece=Athens; guatemala=Guatemala City; guinea=Conakry; guyana=Georgetown;
    haiti=Port-au-Prince; honduras=Tegucigalpa; hungary=Budapest; iceland=Reykjavik;
    india=New Delhi; indonesia=Jakarta; iran=Tehran; iraq=Baghdad; ireland=Dublin;
    israel=Jerusalem; italy=Rome; ivory coast=Yamoussoukro; jamaica=Kingston; japan=Tokyo;
    jordan=Amman; kazakhstan=Astana; kenya=Nairobi; kosovo=Pristina; kuwait=Kuwait City;
    kyrgyzstan=Bishkek la; os=Vientiane; latvia=Riga; lebanon=Beirut; lesotho=Maseru;
    liberia=Monrovia; libya=Tripoli; liechtenstein=Vaduz; lithuania=Vilnius;
    luxembourg=Luxembourg; madagascar=Antananarivo; malawi=Lilongwe; malaysia=Kuala Lumpur;
    maldives=Male; mali=Bamako; malta=Valletta; mauritania=Nouakchott; mauritius=Port Louis;
    mexico=Mexico City; moldova=Chisinau; monaco=Monaco; mongolia=Ulaanbaatar;
    montenegro=Podgorica; morocco=Rabat; mozambique=Maputo; myanmar=Naypyidaw;
    namibia=Windhoek; nepal=Kathmandu; netherlands=Amsterdam; new zealand=Wellington;
    nicaragua=Managua; niger=Niamey; nigeria=Abuja; north korea=Pyongyang;
    north macedonia=Skopje; norway=Oslo; oman=Muscat; pakistan=Islamabad; panama=Panama City;
    papua new guinea=Port Moresby; paraguay=Asuncion; peru=Lima; philippines=Manila;
    poland=Warsaw; portugal=Lisbon; qatar=Doha; romania=Bucharest; russia=Moscow;
    rwanda=Kigali; saudi arabia=Riyadh; senegal=Dakar; serbia=Belgrade; sierra leone=Freetown;
    singapore=Singapore; slovakia=Bratislava; slovenia=Ljubljana; somalia=Mogadishu;
    south africa=Pretoria; south korea=Seoul; south sudan=Juba; spain=Madrid;
    sri lanka=Colombo; sudan=Khartoum; suriname=Paramaribo; sweden=Stockholm; switzerland=Bern;
    syria=Damascus; taiwan=Taipei; tajikistan=Dushanbe; tanzania=Dodoma; thailand=Bangkok;
    togo=Lome; tunisia=Tunis; turkey=Ankara; turkmenistan=Ashgabat; uganda=Kampala;
    ukraine=Kyiv; united arab emirates=Abu Dhabi; uae=Abu Dhabi; united kingdom=London;
    uk=London; britain=London; england=London; united states=Washington; us=Washington;
    usa=Washington; uruguay=Montevideo; uzbekistan=Tashkent; venezuela=Caracas; vietnam=Hanoi;
    yemen=Sanaa; zambia=Lusaka; zimbabwe=Harare;
    """.split(";")
    if item.strip()
)
