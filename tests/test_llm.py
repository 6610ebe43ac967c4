"""The optional LLM backend: it may only reword; anything ungrounded, failing or slow falls back."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from cte_bot.answer import Answer, ProgramRef, Quote, SourceRef
from cte_bot.config import Settings
from cte_bot.errors import ConfigError
from cte_bot.llm import Rephraser, make_rephraser

SESSIONS = SourceRef(
    "sessions-and-hours", "Sessions", "https://example.org", "faq", "knowledge/faq/sessions-and-hours.md"
)
NEWSLETTER = SourceRef(
    "sessions-and-hours", "Sessions", "newsletter.txt", "faq", "knowledge/faq/sessions-and-hours.md", "The newsletter"
)
WELDING = SourceRef("welding", "Welding", "https://example.org/welding", "program", "knowledge/programs/welding.md")
LEAD = "ROC's morning session runs 7:30–10:30 am and the afternoon session runs 11:45 am–2:45 pm."
FACT = "Welding meets 3 hours a day."
CONTEXT = (
    f"Sessions — Times\n{LEAD}\nSessions — Hours\nStudents attend class 3 hours a day.\nWelding — Schedule\n{FACT}"
)
DRAFT = Answer(
    "answered",
    LEAD,
    facts=(Quote(FACT, WELDING),),
    programs=(ProgramRef("welding", "Welding", "ROC"),),
    note="Times can change: please confirm with your counselor.",
    quotes=(Quote(LEAD, SESSIONS), Quote("Students attend class 3 hours a day.", NEWSLETTER)),
    context=CONTEXT,
    ranking=("sessions-and-hours", "welding"),
)


def _rephrase(reply: str, timeout_s: float = 5.0) -> Answer:
    return Rephraser(FakeListChatModel(responses=[reply]), timeout_s).rephrase("When are classes?", "en", DRAFT)


def test_the_draft_has_every_part() -> None:
    """The fixture itself: the rephraser's fallbacks are compared against all of it."""
    assert DRAFT.text.startswith(LEAD) and f"- {FACT}" in DRAFT.text and DRAFT.note in DRAFT.text
    assert DRAFT.sources == [SESSIONS, NEWSLETTER, WELDING]


def test_grounded_rewording_is_used() -> None:
    reply = "Yes! Mornings run 7:30–10:30 am, and afternoons run 11:45 am–2:45 pm at ROC. Welding is 3 hours a day."
    result = _rephrase(reply)
    assert result.text == reply and result.lead == reply
    assert not result.facts and not result.note  # the reworded text replaces lead, facts and note
    # every quoted fact keeps its source, the facts' included; nothing else changes
    assert result.sources == DRAFT.sources
    assert result.status == "answered"
    assert result.programs == DRAFT.programs and result.ranking == DRAFT.ranking and result.context == CONTEXT
    assert result.as_dict()["lead"] == reply and result.as_dict()["facts"] == []


def test_the_backend_sees_the_question_sources_draft_and_language() -> None:
    seen: list[str] = []

    class _Recording(FakeListChatModel):
        def _call(self, messages: Any, *args: Any, **kwargs: Any) -> str:
            seen.append("\n".join(str(m.content) for m in messages))
            return super()._call(messages, *args, **kwargs)

    Rephraser(_Recording(responses=["Sí."]), 5.0).rephrase("¿Cuándo son las clases?", "es", DRAFT)
    assert seen, "the backend was never called"
    prompt = seen[-1]
    assert "¿Cuándo son las clases?" in prompt and "Spanish" in prompt
    assert CONTEXT in prompt and DRAFT.text in prompt  # the sources, and the draft with its facts and note


@pytest.mark.parametrize(
    "reply",
    [
        "Mornings run 7:00–10:30 am.",  # a changed time
        "Classes cost $200 a semester.",  # an invented price
        "Ms. Maria Lopez teaches the morning session.",  # an invented person
        "Applications close in February.",  # an invented month
        "",  # nothing
        "   ",  # only whitespace
        "x" * 3000,  # a runaway reply
    ],
)
def test_ungrounded_or_empty_rewording_falls_back_to_the_composer(reply: str) -> None:
    assert _rephrase(reply) == DRAFT  # lead, facts, note and quotes, all unchanged


class _Broken(GenericFakeChatModel):
    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("server down")


class _Stuck(GenericFakeChatModel):
    release: Any = None

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        self.release.wait(10)  # waits until the test releases it: longer than the backend's timeout
        return super()._generate(*args, **kwargs)


def test_a_failing_backend_falls_back() -> None:
    model = _Broken(messages=iter([AIMessage(content="never")]))
    assert Rephraser(model, 5.0).rephrase("q", "en", DRAFT) == DRAFT


def test_a_slow_backend_times_out_and_falls_back() -> None:
    release = threading.Event()
    model = _Stuck(messages=iter([AIMessage(content="too late")]), release=release)
    try:
        assert Rephraser(model, 0.2).rephrase("q", "en", DRAFT) == DRAFT
    finally:
        release.set()


def test_off_by_default_and_configuration_errors() -> None:
    assert make_rephraser(Settings()) is None
    with pytest.raises(ConfigError, match="CTE_BOT_LLM_MODEL"):
        make_rephraser(Settings(llm="openai"))


class _OpenAICompatible(BaseHTTPRequestHandler):
    """Just enough of /v1/chat/completions for langchain-openai, recording what it was sent."""

    reply = ""
    status = 200
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": type(self).reply}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload if self.status == 200 else {"error": {"message": "boom"}}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OpenAICompatible)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _OpenAICompatible.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_openai_compatible_server_on_loopback(local_server: str) -> None:
    settings = Settings(llm="openai", llm_base_url=local_server, llm_model="local-model", llm_timeout_s=10)
    rephraser = make_rephraser(settings)
    assert rephraser is not None

    _OpenAICompatible.status, _OpenAICompatible.reply = 200, "At ROC, mornings are 7:30–10:30 am."
    reworded = rephraser.rephrase("When are classes?", "en", DRAFT)
    assert reworded.text == "At ROC, mornings are 7:30–10:30 am." and reworded.sources == DRAFT.sources
    request = _OpenAICompatible.seen[-1]
    assert request["model"] == "local-model"
    assert "7:30–10:30" in json.dumps(request["messages"], ensure_ascii=False)  # the sources travel with it

    _OpenAICompatible.status = 500
    assert rephraser.rephrase("When are classes?", "en", DRAFT) == DRAFT
