"""Thumbs up or down on an answer, kept so a counselor can see which answers need work.

What is kept is the least that makes a rating useful: the day (no time of day), the rating, the program, the
answer's status, and the question, the answer's lead and an optional comment, each scrubbed of personal details
(`safety.scrub`) and cut to length. Never an IP address, a name, a session id or a browser.

SQLite at `<data_dir>/feedback.sqlite3`. Several Streamlit sessions write at once: each call opens its own
connection, waits for a lock up to `LOCK_TIMEOUT_S`, and commits one short transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from cte_bot.answer import Status
from cte_bot.config import Settings
from cte_bot.errors import FeedbackError
from cte_bot.safety import scrub

Rating = Literal["up", "down"]
RATINGS: tuple[Rating, ...] = get_args(Rating)
FILE_NAME = "feedback.sqlite3"
LOCK_TIMEOUT_S = 10.0  # a busy moment with many sessions, not a stuck writer
MAX_QUESTION = 300  # a question, a lead and a comment are sentences; the rest tells a counselor nothing more
MAX_LEAD = 300
MAX_COMMENT = 500
MAX_COMMENTS_SHOWN = 3  # per answer in the report
_PROGRAM = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")  # a program id, never free text
_STATUSES: frozenset[str] = frozenset(get_args(Status))
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    program TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT ''
)
"""


def clean(text: str, limit: int) -> str:
    """Scrubbed, one line, cut to `limit`. Scrubbed before it is cut: a cut could split an email address into a
    piece the scrubber no longer recognizes."""
    return " ".join(scrub(text).split())[:limit]


def lead_of(answer: str) -> str:
    """An answer's first paragraph: what the student read first, and what a counselor needs to judge it."""
    first = next((p for p in answer.strip().split("\n\n") if p.strip()), "")
    return clean(first.replace("**", ""), MAX_LEAD)


@dataclass(frozen=True)
class ProgramCounts:
    program: str  # "" for answers about no one program
    up: int
    down: int


@dataclass(frozen=True)
class LowRated:
    """One answer (a question and the lead it got) and how it was rated."""

    question: str
    lead: str
    program: str
    status: str
    down: int
    up: int
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedbackReport:
    up: int = 0
    down: int = 0
    first_day: str = ""
    last_day: str = ""
    programs: list[ProgramCounts] = field(default_factory=list)  # most thumbs down first
    lowest: list[LowRated] = field(default_factory=list)  # the answers with the most thumbs down, net

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FeedbackStore:
    """`record` a rating, `amend` it (a comment, a changed thumb), `withdraw` it, `report` for a counselor."""

    def __init__(self, settings: Settings) -> None:
        self.path: Path = settings.data_dir / FILE_NAME

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per call, one transaction, closed after: safe from any number of sessions and threads."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)
            with closing(connection), connection:  # closed after; committed, or rolled back on an error
                if connection.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:  # a new file
                    connection.execute(_SCHEMA)
                    connection.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                yield connection
        except (sqlite3.Error, OSError) as exc:
            raise FeedbackError(f"Feedback could not be saved or read at {self.path}: {exc}") from exc

    def record(
        self,
        rating: Rating,
        question: str,
        answer: str,
        *,
        program: str = "",
        status: str = "",
        comment: str = "",
        day: dt.date | None = None,
    ) -> int:
        """Keep one rating; returns its row id (for `amend` and `withdraw`)."""
        if rating not in RATINGS:
            raise FeedbackError(f"A rating is 'up' or 'down', not {rating!r}.")
        row = (
            (day or dt.date.today()).isoformat(),
            rating,
            program if _PROGRAM.fullmatch(program) else "",
            status if status in _STATUSES else "",
            clean(question, MAX_QUESTION),
            lead_of(answer),
            clean(comment, MAX_COMMENT),
        )
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT INTO feedback (day, rating, program, status, question, lead, comment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def amend(self, row_id: int, *, rating: Rating | None = None, comment: str | None = None) -> None:
        """A changed thumb or a comment added after the rating."""
        if rating is not None and rating not in RATINGS:
            raise FeedbackError(f"A rating is 'up' or 'down', not {rating!r}.")
        with self._connect() as connection:
            if rating is not None:
                connection.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, row_id))
            if comment is not None:
                kept = clean(comment, MAX_COMMENT)
                connection.execute("UPDATE feedback SET comment = ? WHERE id = ?", (kept, row_id))

    def withdraw(self, row_id: int) -> None:
        """The thumb was cleared: the rating no longer counts."""
        with self._connect() as connection:
            connection.execute("DELETE FROM feedback WHERE id = ?", (row_id,))

    def report(self, limit: int = 10) -> FeedbackReport:
        """Counts per program and the `limit` answers with the most thumbs down (net of thumbs up)."""
        if not self.path.is_file():
            return FeedbackReport()  # nothing recorded yet; reading creates no file
        with self._connect() as connection:
            up, down, first, last = connection.execute(
                "SELECT COALESCE(SUM(rating = 'up'), 0), COALESCE(SUM(rating = 'down'), 0), "
                "COALESCE(MIN(day), ''), COALESCE(MAX(day), '') FROM feedback"
            ).fetchone()
            programs = [
                ProgramCounts(str(program), int(ups), int(downs))
                for program, ups, downs in connection.execute(
                    "SELECT program, SUM(rating = 'up') AS ups, SUM(rating = 'down') AS downs FROM feedback "
                    "GROUP BY program ORDER BY downs DESC, ups ASC, program"
                )
            ]
            # Comments joined with a unit separator, which `clean` never leaves in a comment (it is whitespace).
            rows = connection.execute(
                "SELECT question, lead, MAX(program), MAX(status), SUM(rating = 'down') AS downs, "
                "SUM(rating = 'up') AS ups, GROUP_CONCAT(NULLIF(comment, ''), char(31)) FROM feedback "
                "GROUP BY question, lead HAVING downs > 0 ORDER BY downs - ups DESC, downs DESC, question LIMIT ?",
                (max(limit, 0),),
            ).fetchall()
        lowest = [
            LowRated(
                question=str(question),
                lead=str(lead),
                program=str(program),
                status=str(status),
                down=int(downs),
                up=int(ups),
                comments=tuple(str(comments).split("\x1f")[:MAX_COMMENTS_SHOWN]) if comments else (),
            )
            for question, lead, program, status, downs, ups, comments in rows
        ]
        return FeedbackReport(int(up), int(down), str(first), str(last), programs, lowest)


def format_report(report: FeedbackReport) -> str:
    """The report as plain text a counselor reads in a terminal."""
    if not report.up and not report.down:
        return "No feedback yet."
    lines = [
        f"Feedback from {report.first_day} to {report.last_day}: {report.up} thumbs up, {report.down} thumbs down.",
        "",
        "By program (most thumbs down first):",
    ]
    width = max(len(p.program or "(no one program)") for p in report.programs)
    for counts in report.programs:
        name = counts.program or "(no one program)"
        lines.append(f"  {name:<{width}}  up {counts.up:>4}  down {counts.down:>4}")
    lines += ["", "Answers with the most thumbs down:" if report.lowest else "No answer has a thumbs down."]
    for number, low in enumerate(report.lowest, start=1):
        where = f" [{low.program}]" if low.program else ""
        lines.append(f"  {number}. {low.down} down, {low.up} up{where}")
        lines.append(f"     Question: {low.question or '(empty)'}")
        lines.append(f"     Answer:   {low.lead or '(empty)'}")
        lines += [f"     Comment:  {comment}" for comment in low.comments]
    return "\n".join(lines)
