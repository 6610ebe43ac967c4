"""Interests -> programs on the real knowledge base and the real model: a student's (or parent's) own words,
slang, typos and Spanish included, should put the program whose interests they describe among the top three,
clear cases first. Whether a question asks for a fit at all is learned (the facet model, in the chain): the
last tests ask the whole bot."""

from __future__ import annotations

import pytest

from cte_bot.chain import Bot
from cte_bot.matching import ProgramMatch, match_programs
from cte_bot.replies import say

# (statement, expected program, must it be first?). Written from each program's `interests` and aliases in
# knowledge/programs/; "first" only where no other program's interests describe the statement as well.
INTERESTS: list[tuple[str, str, bool]] = [
    ("I like animals and science", "veterinary-technology", True),
    ("I want to work with animals", "veterinary-technology", True),
    ("is there a class where u work w/ dogs n cats fr", "veterinary-technology", True),
    ("ngl i love dogs fr", "veterinary-technology", True),
    ("i want 2 be a vet", "veterinary-technology", True),
    ("me gustan los animales", "veterinary-technology", True),
    ("I love cooking and baking", "culinary-arts", True),
    ("i luv cookin", "culinary-arts", True),
    ("i realy like cookng", "culinary-arts", True),
    ("lowkey i wanna be a chef", "culinary-arts", True),
    ("a mi hija le gusta cocinar", "culinary-arts", True),
    ("I like drawing and making characters move", "3d-animation", False),
    ("I like cartoons and special effects", "3d-animation", True),
    ("i like drawin anime", "3d-animation", True),
    ("a mi hijo le gusta dibujar", "3d-animation", False),
    ("I'm always fixing cars with my dad", "automotive-technology", True),
    ("bruh i just wanna fix cars", "automotive-technology", True),
    ("me gusta arreglar carros", "automotive-technology", True),
    ("my kid is always taking apart engines", "automotive-technology", False),
    ("I want to become a nurse someday", "nursing-assistant", True),
    ("I like helping old people", "nursing-assistant", False),
    ("something for future firefighters", "fire-technology", True),
    ("i wanna be a fire fighter", "fire-technology", True),
    ("i wanna be a firefigher", "fire-technology", True),
    ("quiero ser bombero", "fire-technology", True),
    ("I want to help people in emergencies", "fire-technology", True),
    ("I want to be a cop", "law-enforcement", True),
    ("quiero ser policia", "law-enforcement", True),
    ("I like detective shows and solving crimes", "law-enforcement", True),
    ("I like doing hair and makeup", "cosmetology", True),
    ("im into makup and hair", "cosmetology", True),
    ("I want to do nails and skincare", "cosmetology", True),
    ("I play video games all day", "video-game-design", True),
    ("i like videogames", "video-game-design", True),
    ("I like making games", "video-game-design", True),
    ("I like flying drones", "drone-operator", True),
    ("i liek drones", "drone-operator", True),
    ("i like takin pics w my drone", "drone-operator", True),
    ("I like the outdoors and flying RC planes", "drone-operator", True),
    ("which program u learn bout money n taxes", "banking-finance", True),
    ("I like math and numbers and saving money", "banking-finance", True),
    ("I'm good at math", "banking-finance", True),
    ("I play soccer and want to help injured teammates", "sports-medicine", False),
    ("my son is into fitness and wants to be an athletic trainer", "sports-medicine", True),
    ("I like working out and sports", "sports-medicine", False),
    ("i wanna make my own apps for my phone", "mobile-app-development", True),
    ("i be on my phone codin apps all day", "mobile-app-development", True),
    ("I like writing code", "mobile-app-development", False),
    ("I love babysitting my little cousins", "early-childhood-education", True),
    ("my daughter loves arts and crafts and little kids", "early-childhood-education", True),
    ("quiero trabajar con niños", "early-childhood-education", True),
    ("idk i like kids i guess", "early-childhood-education", False),
    ("I want to teach kids when I grow up", "careers-in-education", False),
    ("I want to start my own business and be my own boss", "small-business-entrepreneurship", True),
    ("my side hustle is selling sneakers", "small-business-entrepreneurship", True),
    ("I like selling stuff", "small-business-entrepreneurship", False),
    ("I love clothes and keeping up with trends", "fashion-merchandising", True),
    ("I make TikToks and edit videos", "video-production", True),
    ("I want to make movies", "video-production", False),
    ("I like taking photos and making videos for YouTube", "video-production", True),
    ("I like building things with wood and power tools", "construction-trades", True),
    ("I want to be an electrician", "construction-trades", True),
    ("I like metal and sparks", "welding", True),
    ("i wanna be a welder", "welding", True),
    ("I like working on tractors and big rigs", "ag-diesel-mechanics", True),
    ("my family farms and I fix the tractors", "ag-diesel-mechanics", True),
    ("I want to be a pilot and fly planes", "aviation", False),
    ("I like airplanes", "aviation", True),
    ("me gustan los aviones", "aviation", True),
    ("I want to work in a hospital helping doctors", "medical-assistant", False),
    ("I'm interested in teeth and smiles", "dental-assistant", True),
    ("I want to work at a dentist office", "dental-assistant", True),
    ("I like chemistry and medicine", "pharmacy-technician", False),
    ("I want to work in a pharmacy", "pharmacy-technician", True),
    ("I like building robots", "robotics-engineering", True),
    ("how machines and robots work", "robotics-engineering", True),
    ("i like robts", "robotics-engineering", True),
    ("I like fixing computers and building gaming PCs", "computer-technologies", False),
    ("computr stuff is my thing", "computer-technologies", False),
    ("me gustan las computadoras", "computer-technologies", False),
    ("I want to learn about networks and wifi and cybersecurity", "cisco-networking", False),
    ("I like organizing things and answering phones", "administrative-office-assistant", True),
    ("I want to work at a front desk", "administrative-office-assistant", True),
    ("I like packages and shipping and driving forklifts", "logistics-distribution", True),
    ("I want to work at an Amazon warehouse", "logistics-distribution", True),
    ("I like graphic design and Instagram", "digital-marketing-media-design", True),
    ("I want to do advertising and social media marketing", "digital-marketing-media-design", False),
    ("I want to design websites", "digital-marketing-media-design", False),
    ("I like biology and the human body but not sure which medical job", "intro-health-careers", True),
    # a parent asking
    ("my daughter loves animals", "veterinary-technology", True),
    ("my son loves cooking", "culinary-arts", True),
    ("my kid likes fixing cars", "automotive-technology", True),
    ("my son likes video games", "video-game-design", True),
    ("my daughter wants to be a nurse", "nursing-assistant", False),
]


def _match(bot: Bot, statement: str) -> list[ProgramMatch]:
    return match_programs(bot.reader.read(statement), bot.corpus)


@pytest.mark.integration
@pytest.mark.slow
def test_the_table_covers_the_programs(bot: Bot) -> None:
    """At least 40 statements, and every program in knowledge/programs/ is expected for at least one."""
    programs = {d for d, p in bot.corpus.documents().items() if p.metadata.get("kind") == "program"}
    assert len(INTERESTS) >= 40
    assert {program for _, program, _ in INTERESTS} == programs


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(("statement", "program", "first"), INTERESTS, ids=[s for s, _, _ in INTERESTS])
def test_interests_rank_the_expected_program_in_the_top_three(
    bot: Bot, statement: str, program: str, first: bool
) -> None:
    ranked = [m.doc_id for m in _match(bot, statement)]
    assert len(ranked) <= 3
    if first:
        assert ranked[:1] == [program], ranked
    else:
        assert program in ranked, ranked


@pytest.mark.integration
@pytest.mark.slow
def test_the_matched_interests_are_the_reasons(bot: Bot) -> None:
    best = _match(bot, "I like animals and science")[0]
    assert best.doc_id == "veterinary-technology"
    assert {"animals", "science"} <= set(best.why)
    interests = str(bot.corpus.documents()[best.doc_id].metadata["keywords"]).split(" | ")
    assert set(best.why) <= set(interests)  # every reason is one of the program's own interests


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(
    "statement",
    [
        "the and of",
        "Who can I talk to if I can't decide which program to pick?",
        "Do you have a class at ROC?",
        "How many hours a day are classes?",
        "Do students get internships?",
        "what's the weather like",
    ],
)
def test_weak_or_generic_words_match_nothing(bot: Bot, statement: str) -> None:
    assert _match(bot, statement) == []


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(
    ("statement", "letter"),
    [
        ("My quiz says I'm Enterprising", "E"),
        ("soy artística", "A"),
        ("my interest profiler result is Realistic", "R"),
        ("I got Conventional on the career quiz", "C"),
        ("my results were Artistic and Social", "A"),
        ("salí Realista en el test", "R"),
    ],
)
def test_riasec_quiz_results_match_programs_by_their_codes(bot: Bot, statement: str, letter: str) -> None:
    question = bot.reader.read(statement)
    assert question.riasec.startswith(letter)
    matches = match_programs(question, bot.corpus)
    assert matches
    profile = bot.corpus.documents()[matches[0].doc_id]
    assert str(profile.metadata["riasec"]).startswith(letter), [m.doc_id for m in matches]


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("I love cooking and baking. What program fits me?", "culinary-arts"),
        ("I like animals and science", "veterinary-technology"),
        ("I want to become a nurse someday", "nursing-assistant"),
        ("Which program is best for someone who likes drawing?", "3d-animation"),
        ("me gustan los animales, ¿qué programa me recomiendan?", "veterinary-technology"),
        ("my daughter loves animals, which program should she take?", "veterinary-technology"),  # a parent
        ("my son wants to be a mechanic, what class do you recommend?", "automotive-technology"),  # a goal
        ("mi hijo quiere ser mecánico, ¿qué clase le recomiendan?", "automotive-technology"),  # its Spanish
    ],
)
def test_fit_questions_are_answered_with_matched_programs(bot: Bot, question: str, program: str) -> None:
    result = bot.answer(question)
    assert result.status == "answered"
    offered = [p.id for p in result.answer.programs]
    assert offered[:1] == [program] and result.ranking == offered
    first, audience = result.answer.programs[0], bot.reader.read(question).audience
    assert say("fit_lead", result.lang, audience, name=first.title, center=first.center) in result.text


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "document"),
    [
        ("How many hours a day are classes?", "sessions-and-hours"),
        ("Do students get internships?", "internships"),
        ("Is there a free interest quiz?", "choosing-a-program"),  # a fit question its own section answers
        ("What does Culinary Arts teach?", "culinary-arts"),  # a named program is described, not matched
    ],
)
def test_other_questions_are_not_answered_with_a_fit(bot: Bot, question: str, document: str) -> None:
    result = bot.answer(question)
    assert result.status == "answered" and result.ranking[0] == document
    assert "could be a good fit" not in result.text


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("certified", "certification", "certifications"), True),
        (("trained", "training", "train"), True),
        (("freshmen", "freshman"), True),
        (("colleges", "college"), True),
        (("need", "ne"), False),
    ],
)
def test_stemming_meets_word_forms(words: tuple[str, ...], same: bool) -> None:
    from cte_bot.lexicon import stem

    assert (len({stem(w) for w in words}) == 1) is same


def test_a_fit_question_naming_another_district_is_not_matched_to_the_default_districts_programs(bot: Bot) -> None:
    """Kern's programs are not an answer for a Pasadena student: the files hold no Pasadena programs to match."""
    result = bot.answer("my son goes to pasadena high and he loves building robots, which one is for him")
    assert "Robotics Engineering" not in result.text and "Pasadena" in result.text, result.text
