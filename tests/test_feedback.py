"""The feedback store, its report for a counselor (`cte-bot feedback --report`) and the thumbs widget.

No model and no index: the store is SQLite in tmp_path, the CLI runs in-process, the widget runs alone."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot import cli
from cte_bot.config import Settings
from cte_bot.errors import FeedbackError
from cte_bot.feedback import FILE_NAME, MAX_COMMENT, MAX_QUESTION, FeedbackStore, format_report, lead_of

SECRETS = ["maria.lopez.2009@example.com", "661-555-0142", "(661) 555-0199", "1234567", "S9081726", "Maria Lopez"]
PERSONAL = (
    f"my email is {SECRETS[0]}, cell {SECRETS[1]}, home {SECRETS[2]}, student id {SECRETS[3]} (or {SECRETS[4]}); "
    f"My name is {SECRETS[5]}"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> FeedbackStore:
    return FeedbackStore(settings)


def _fill(store: FeedbackStore) -> None:
    day = dt.date(2025, 9, 2)
    welding_hours = ("How many hours a day is welding?", "Welding meets 3 hours a day.\n\nSources: ...")
    for _ in range(3):
        store.record("down", *welding_hours, program="welding", status="answered", day=day)
    store.record("up", *welding_hours, program="welding", status="answered", comment="helpful", day=day)
    store.record("down", "Is there a bus?", "I couldn't find that.", status="no_answer", comment="no bus info")
    store.record("up", "I love cooking", "**Culinary Arts** fits students who like cooking.", program="culinary-arts")
    store.record("up", "I love cooking", "**Culinary Arts** fits students who like cooking.", program="culinary-arts")


def test_record_then_report_counts_per_program_and_lowest_rated(store: FeedbackStore) -> None:
    _fill(store)
    report = store.report()
    assert (report.up, report.down) == (3, 4)
    assert report.first_day == "2025-09-02" and report.last_day == dt.date.today().isoformat()
    counts = {p.program: (p.up, p.down) for p in report.programs}
    assert counts == {"welding": (1, 3), "": (0, 1), "culinary-arts": (2, 0)}
    assert [p.program for p in report.programs] == ["welding", "", "culinary-arts"]  # most thumbs down first
    first, second = report.lowest  # an answer with no thumbs down is not "low rated"
    assert (first.question, first.lead, first.down, first.up) == (
        "How many hours a day is welding?",
        "Welding meets 3 hours a day.",  # the lead: the answer's first paragraph
        3,
        1,
    )
    assert first.program == "welding" and first.comments == ("helpful",)
    assert (second.question, second.status, second.comments) == ("Is there a bus?", "no_answer", ("no bus info",))
    assert [low.question for low in store.report(limit=1).lowest] == ["How many hours a day is welding?"]


def test_report_reads_as_text_for_a_counselor(store: FeedbackStore) -> None:
    assert format_report(store.report()) == "No feedback yet."
    _fill(store)
    shown = format_report(store.report())
    assert "3 thumbs up, 4 thumbs down" in shown
    assert "welding" in shown and "(no one program)" in shown
    assert "1. 3 down, 1 up [welding]" in shown and "Question: How many hours a day is welding?" in shown
    assert "Comment:  no bus info" in shown


def test_personal_details_never_reach_the_file(store: FeedbackStore, settings: Settings) -> None:
    row = store.record("down", f"can you call me? {PERSONAL}", f"Sure.\n\n{PERSONAL}", comment=PERSONAL)
    store.amend(row, comment=f"again: {PERSONAL}")
    store.record("up", PERSONAL, PERSONAL, program=PERSONAL, status=PERSONAL, comment=PERSONAL)
    files = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [FILE_NAME]  # no journal or side file left behind either
    content = files[0].read_bytes()
    for secret in SECRETS:
        assert secret.encode() not in content, secret
    assert b"[email]" in content and b"[phone]" in content and b"[name]" in content  # scrubbed, not dropped
    with sqlite3.connect(files[0]) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(feedback)")]
    assert columns == ["id", "day", "rating", "program", "status", "question", "lead", "comment"]  # no IP, no time


def test_text_is_one_line_and_length_limited_and_ids_are_never_free_text(store: FeedbackStore) -> None:
    store.record("down", "why\n\n" + "long " * 400, "x", program="Welding!", status="whatever", comment="c " * 900)
    (low,) = store.report().lowest
    assert "\n" not in low.question and len(low.question) == MAX_QUESTION
    assert len(low.comments[0]) <= MAX_COMMENT
    assert (low.program, low.status) == ("", "")


def test_lead_is_the_first_paragraph_without_markup() -> None:
    assert lead_of("\n\n**Welding** meets 3 hours a day.\n\nMore.") == "Welding meets 3 hours a day."
    assert lead_of("") == ""


def test_amend_changes_a_rating_and_withdraw_removes_it(store: FeedbackStore) -> None:
    row = store.record("down", "q", "a")
    store.amend(row, rating="up", comment="actually fine")
    report = store.report()
    assert (report.up, report.down, report.lowest) == (1, 0, [])
    store.withdraw(row)
    assert (store.report().up, store.report().down) == (0, 0)


def test_concurrent_writes_from_threads_all_land(store: FeedbackStore) -> None:
    def write(number: int) -> int:
        return store.record("down" if number % 3 else "up", f"question {number % 5}", "answer", program="welding")

    with ThreadPoolExecutor(max_workers=8) as pool:
        rows = list(pool.map(write, range(100)))
    assert len(set(rows)) == 100
    report = store.report(limit=50)
    assert report.up + report.down == 100 and report.down == sum(1 for n in range(100) if n % 3)
    assert sum(low.down for low in report.lowest) == report.down


def test_report_of_nothing_creates_no_file(store: FeedbackStore, settings: Settings) -> None:
    report = store.report()
    assert (report.up, report.down, report.programs, report.lowest) == (0, 0, [], [])
    assert not settings.data_dir.exists()


def test_an_unusable_store_is_a_feedback_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(FeedbackError) as raised:
        FeedbackStore(Settings(data_dir=blocker)).record("up", "q", "a")
    assert raised.value.exit_code == 8 and str(blocker) in raised.value.message
    with pytest.raises(FeedbackError):
        FeedbackStore(Settings(data_dir=tmp_path)).record("sideways", "q", "a")  # type: ignore[arg-type]


# -- the CLI, in-process (it needs no model) ---------------------------------------------------------------
@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(settings.data_dir))
    return settings


def test_cli_report_text_and_json(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["feedback", "--report"]) == 0
    assert capsys.readouterr().out.strip() == "No feedback yet."
    _fill(FeedbackStore(cli_env))
    assert cli.main(["feedback", "--report"]) == 0
    assert "Answers with the most thumbs down:" in capsys.readouterr().out
    assert cli.main(["feedback", "--report", "--json", "--limit", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["up"], out["down"]) == (3, 4)
    assert {"program": "welding", "up": 1, "down": 3} in out["programs"]
    assert [low["question"] for low in out["lowest"]] == ["How many hours a day is welding?"]


def test_cli_report_on_a_damaged_store_exits_with_the_feedback_code(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_env.data_dir.mkdir(parents=True)
    (cli_env.data_dir / FILE_NAME).write_bytes(b"not a database" * 100)
    assert cli.main(["feedback", "--report"]) == FeedbackError.exit_code
    assert "Feedback could not be saved or read" in capsys.readouterr().err


def test_cli_feedback_needs_an_action(cli_env: Settings) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["feedback"])
    assert raised.value.code == 2


# -- the widget ----------------------------------------------------------------------------------------------
def _one_answer(data_dir: str) -> None:
    from pathlib import Path

    from cte_bot.config import Settings
    from cte_bot.ui.feedback import thumbs

    question = "How many hours a day is welding? text me at 661-555-0142"
    thumbs(Settings(data_dir=Path(data_dir)), question, "Welding meets 3 hours a day.", "welding", "m1", "es")


def test_widget_records_changes_comments_and_withdraws(settings: Settings) -> None:
    store = FeedbackStore(settings)
    app = AppTest.from_function(_one_answer, args=(str(settings.data_dir),), default_timeout=30).run()
    assert not app.exception and len(app.feedback) == 1 and not app.text_input  # no comment box before a rating
    app.feedback[0].set_value(0).run()  # thumbs down
    assert any("Gracias" in c.value for c in app.caption)  # in the reader's language
    (low,) = store.report().lowest
    assert (low.program, low.down) == ("welding", 1)
    assert low.question == "How many hours a day is welding? text me at [phone]"
    app.run()  # a rerun writes nothing more
    assert store.report().down == 1
    app.text_input[0].input("la respuesta no dice el horario, mi correo es ana@example.com")
    app.button[0].click().run()
    assert store.report().lowest[0].comments == ("la respuesta no dice el horario, mi correo es [email]",)
    app.run()
    assert not app.text_input  # one comment per rating
    app.feedback[0].set_value(1).run()  # changed to thumbs up: the same rating, changed
    report = store.report()
    assert (report.up, report.down) == (1, 0)
    app.feedback[0].set_value(None).run()  # cleared: withdrawn
    assert (store.report().up, store.report().down) == (0, 0)
