"""What bench/startup.py and bench/load.py share: the real `cte-bot serve`, its memory, and a Streamlit client.

The client speaks Streamlit's own protocol, as the browser does: protobuf `BackMsg`s up and `ForwardMsg`s down
over the websocket at /_stcore/stream. A session opens with a `rerun_script`; a question is a rerun carrying
the chat input's value (`WidgetState.chat_input_value`, keyed by the widget id the page sent). So one client is
one real session on the server (its own session state, script runs and messages), without a browser's cost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def environment() -> dict[str, str]:
    return {**os.environ, **ENV}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """`cte-bot serve` on a free local port, in its own process group; `started` is its launch time."""

    process: subprocess.Popen[bytes]
    port: int
    started: float
    log: IO[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stream(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def wait_listening(self, deadline_s: float = 120.0) -> float:
        """Seconds from launch until the port accepts connections."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; log: {self.log.name}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return time.perf_counter() - self.started
            time.sleep(0.05)
        raise TimeoutError(f"nothing listening on port {self.port}")

    def memory_mb(self) -> tuple[float, float]:
        """(resident now, peak resident) of the server process, MB (Linux /proc)."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
        return values["VmRSS"], values["VmHWM"]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def start_server(log_path: Path) -> Server:
    port = free_port()
    log = log_path.open("wb")
    command = [sys.executable, "-m", "cte_bot.cli", "serve", "--port", str(port), "--address", "127.0.0.1"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Server(process, port, started, log)


# -- the Streamlit protocol client -------------------------------------------------------------------------
@dataclass
class Run:
    """One script run as a client sees it: when the chat input and the first answer word arrived, when it ended."""

    sent: float = 0.0  # time.perf_counter() when the request went out
    seconds: float = 0.0  # request sent -> script_finished
    chat_input_s: float | None = None  # request sent -> the chat input element
    first_word_s: float | None = None  # question sent -> the answer's first streamed word
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class Session:
    """One browser-less Streamlit session: `await open()`, then `await ask(question)` as often as wanted."""

    def __init__(self, stream_url: str, query: str = "") -> None:
        self.url = stream_url
        self.query = query
        self.chat_input: str | None = None
        self._ws: Any = None

    async def open(self, timeout_s: float = 120.0) -> Run:
        import websockets

        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None)  # type: ignore[list-item]
        return await self._rerun(None, timeout_s)

    async def ask(self, question: str, timeout_s: float = 120.0) -> Run:
        if self.chat_input is None:
            return Run(errors=["no chat input on the page"])
        return await self._rerun(question, timeout_s)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def _rerun(self, question: str | None, timeout_s: float) -> Run:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_script_hash = ""
        if question is not None and self.chat_input is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id = self.chat_input
            widget.chat_input_value.data = question
        run = Run(sent=time.perf_counter())
        started = run.sent
        await self._ws.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self._read_until_finished(run, started, question), timeout_s)
        except TimeoutError:
            run.errors.append(f"no script_finished within {timeout_s:.0f} s")
        except Exception as exc:  # a dropped connection is an error of this run, reported, not raised
            run.errors.append(f"{type(exc).__name__}: {exc}")
        run.seconds = time.perf_counter() - started
        return run

    async def _read_until_finished(self, run: Run, started: float, question: str | None) -> None:
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        bodies: dict[tuple[int, ...], str] = {}
        echoed = False  # the page has shown the question back: the next markdown (or alert) is the answer
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self._ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "script_finished":
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.errors.append(f"script finished with status {forward.script_finished}")
                run.texts = list(bodies.values())
                return
            if kind != "delta" or forward.delta.WhichOneof("type") != "new_element":
                continue
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            path = tuple(forward.metadata.delta_path)
            if which == "chat_input":
                self.chat_input = element.chat_input.id
                if run.chat_input_s is None:
                    run.chat_input_s = time.perf_counter() - started
            elif which == "text" and question is not None and element.text.body.strip() == question.strip():
                echoed = True
            elif which in ("markdown", "alert") and echoed and run.first_word_s is None:
                run.first_word_s = time.perf_counter() - started
            if which == "markdown":
                bodies[path] = element.markdown.body  # write_stream replaces one markdown, word by word
            elif which == "exception":
                run.errors.append(f"exception: {element.exception.message}")
            elif which == "alert" and element.alert.format == Alert.ERROR:
                run.errors.append(f"error shown: {element.alert.body}")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    import platform

    cores = os.cpu_count() or 0
    gpu = "an NVIDIA GPU" if Path("/proc/driver/nvidia/gpus").is_dir() else "no GPU"  # without importing torch
    return f"{cores} cores, {gpu}, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
