"""Property-based tests: whatever a person (or a script) types, the chain answers with a status and never an
exception; whatever is wrong in a knowledge file, the loader names the file and a field."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cte_bot.chain import Bot
from cte_bot.feedback import FeedbackStore
from cte_bot.knowledge import parse_file
from tests.test_knowledge import GOOD as WELDING

STATUSES = {"answered", "no_answer", "off_topic", "crisis", "refused"}

# Everything a message can hold: any script, emoji, control characters, right-to-left marks, joiners.
ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(["\u200f", "\u202e", "\x00"]),
    max_size=300,
)
QUESTIONS = st.sampled_from(
    ["How many hours a day?", "¿Cuánto cuesta?", "Is there welding?", "i like animals", "what time does it start"]
)
MIXED = st.builds(lambda a, q, b: f"{a}{q}{b}", ANY_TEXT, QUESTIONS, ANY_TEXT)
LONG = st.integers(min_value=1990, max_value=6000).map(lambda n: ("ROC 😀 " * n)[:n])


@pytest.mark.integration
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT | MIXED | LONG)
def test_any_message_gets_a_status_and_never_an_exception(fixture_bot: Bot, text: str) -> None:
    result = fixture_bot.answer(text)
    assert result.status in STATUSES
    assert result.text.strip()
    if result.status != "answered":
        assert not result.sources or result.status == "no_answer"


GOOD = WELDING.format(id="welding")
FRONT_LINES = GOOD.split("---")[1].strip("\n").splitlines()


@settings(max_examples=80, deadline=None)
@given(
    line=st.integers(min_value=0, max_value=len(FRONT_LINES) - 1),
    junk=st.text(alphabet=st.sampled_from(list(":[]{}-#'\"|>&*! \tabc1")), min_size=1, max_size=12),
)
def test_malformed_front_matter_is_a_clear_error_naming_file_and_field(line: int, junk: str) -> None:
    lines = list(FRONT_LINES)
    lines[line] = lines[line] + junk
    text = "---\n" + "\n".join(lines) + "\n---\n# Welding\n\nWelding students learn to join metal safely.\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "welding.md"
        path.write_text(text, encoding="utf-8")
        document, problems = parse_file(path, "program")
        if document is None:  # some edits are still valid YAML and a valid document; the rest are reported
            assert problems and all(p.path == path and p.field for p in problems), problems


@pytest.mark.integration
def test_nothing_personal_reaches_disk(fixture_bot: Bot) -> None:
    """An email address, a phone number and a student ID typed into the chat, or into a feedback comment, are found
    nowhere on disk."""
    # An ID of digits that Chroma's own schema does not hold (it has "123456789ABCDEF").
    secrets = ["maria.lopez.2009@example.com", "661-555-0142", "S9081726", "7730519"]
    said = f"hi my email is {secrets[0]} and my cell is {secrets[1]}, student id {secrets[2]} or {secrets[3]}"
    result = fixture_bot.answer(said)
    fixture_bot.answer(f"can the counselor call {secrets[1]} about welding?")
    FeedbackStore(fixture_bot.settings).record("down", said, result.text, program="welding", comment=said)
    data_dir = fixture_bot.settings.data_dir
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert files  # the index is there, so the search below is real
    for path in files:
        content = path.read_bytes()
        assert not any(s.encode() in content for s in secrets), path
