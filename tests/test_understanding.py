"""Reading a message: its clauses, each read alone by the message model as well as the whole."""

from __future__ import annotations

from cte_bot.understanding import clauses_of


def test_a_longer_message_is_read_clause_by_clause() -> None:
    assert clauses_of("My son left a goodbye letter. He's in welding at ROC, what do I do now?") == [
        "My son left a goodbye letter.",
        "He's in welding at ROC",
    ]  # "what do I do now?" has no two content words: it says nothing alone
    assert clauses_of("i only eat 300 calories a day, will that help me pass the fitness test") == [
        "i only eat 300 calories a day",
        "will that help me pass the fitness test",
    ]
    assert clauses_of("what time does the morning session start") == []  # one clause: the message itself
