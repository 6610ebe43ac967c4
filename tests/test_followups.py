"""Suggested follow-up questions: the knowledge files' example questions on topics an answer did not cover.

Runs the whole bot on the fixture corpus (Welding has Overview / Schedule / College credit sections, each with
English and Spanish example questions; the FAQ pages fill in)."""

from __future__ import annotations

import pytest

from cte_bot.answer import Answer
from cte_bot.chain import Bot, BotAnswer
from cte_bot.followups import answered_facets, follow_ups

pytestmark = pytest.mark.integration


def test_after_a_schedule_answer_the_programs_other_topics_come_first(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("How many hours a day is welding?")
    assert "Welding meets 3 hours a day" in answer.text
    assert answered_facets(fixture_bot.corpus, answer.answer, ["welding"]) == {"daily_hours"}
    offered = fixture_bot.follow_ups(answer)
    assert offered[:2] == ["What is the welding program", "Can I get certified in welding?"]
    assert len(offered) == 3 and not any("hours a day" in q for q in offered)  # never the topic just answered


def test_follow_ups_are_in_the_language_of_the_answer(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("¿Cuántas horas al día es soldadura?")
    assert answer.lang == "es"
    offered = fixture_bot.follow_ups(answer)
    assert offered[:2] == ["¿Qué es el programa de soldadura?", "¿Soldadura da certificaciones?"]
    assert all(q.startswith("¿") for q in offered)


def test_a_general_answer_offers_general_questions_on_other_topics(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("Are there morning and afternoon classes?")
    offered = fixture_bot.follow_ups(answer)
    assert offered == [
        "How long is class each day?",
        "How long is the program, a whole year?",
        "Is there a bus from my high school to ROC?",
    ]


def test_questions_already_asked_and_k_are_respected(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("Tell me about Welding")
    offered = fixture_bot.follow_ups(answer, 2, asked=["how many hours a day is welding"])
    # That example question's topic (hours a day) is done: not Welding's other wording, nor the FAQ's.
    assert offered == ["Can I get certified in welding?", "What time does the morning session start?"]
    assert fixture_bot.follow_ups(answer, 0) == []


def test_a_program_page_keeps_its_program_in_the_follow_ups(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("Is there a bus from my high school to ROC?")
    plain = fixture_bot.follow_ups(answer)
    focused = fixture_bot.follow_ups(answer, focus="welding")
    assert not any("welding" in q.lower() for q in plain)
    assert any("welding" in q.lower() for q in focused)


def test_same_answer_same_follow_ups(fixture_bot: Bot) -> None:
    first = fixture_bot.follow_ups(fixture_bot.answer("Tell me about Welding"))
    again = fixture_bot.follow_ups(fixture_bot.answer("Tell me about Welding"))
    assert first == again and len(first) == 3


@pytest.mark.parametrize("status", ["crisis", "refused", "off_topic"])
def test_no_follow_ups_under_a_crisis_refusal_or_off_topic_reply(fixture_bot: Bot, status: str) -> None:
    reply = Answer(status, "A reply.")  # type: ignore[arg-type]  # each status in turn
    assert follow_ups(fixture_bot.corpus, reply, "en") == []
    assert fixture_bot.follow_ups(BotAnswer("anything", reply)) == []


def test_a_crisis_message_gets_no_follow_ups(fixture_bot: Bot) -> None:
    answer = fixture_bot.answer("I don't want to be alive anymore")
    assert answer.status == "crisis"
    assert fixture_bot.follow_ups(answer) == []
