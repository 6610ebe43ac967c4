"""Cold start next to its floor. Prints numbers; asserts nothing.

    .venv/bin/python bench/startup.py            # 3 rounds
    .venv/bin/python bench/startup.py --quick    # 1 round, the server up to a usable page (no answer)

The floor is a fresh `python -c "import sentence_transformers"`: every way of answering loads the model through
it, so no cold start can beat it. Against it:

- the CLI: a fresh `cte-bot ask "<question>"`, process start to exit with its answer printed, and its peak
  resident memory (wait4's ru_maxrss);
- the server: `cte-bot serve` launched -> the port open -> the first page usable in headless Chromium (the chat
  input visible and taking typing) -> the first answer on that page (asked as soon as the page was usable).
  Without Chromium the page is read through Streamlit's own protocol instead (bench/served.py) and the table
  says so.

Each round runs the floor, the CLI and the server one after another, so a busy machine slows them alike; the
table shows medians. Uses the live index (read only). Writes bench/results/startup.json (not with --quick).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from served import ROOT, Session, environment, machine, median, start_server

from tests.chromium import CHROMIUM, CHROMIUM_FLAGS  # the browser tests' launch, so both measure the same browser

QUESTION = "Are there morning and afternoon classes?"
EXPECT = "afternoon"  # a word of the answer
RESULTS = ROOT / "bench" / "results" / "startup.json"


def timed_process(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, stdout) of a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        err = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{command} exited {process.returncode}: {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "cte-bot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cte_bot.cli"]


def server_in_browser(browser: Any, log: Path, answer: bool) -> dict[str, float]:
    from playwright.sync_api import expect

    server = start_server(log)
    page = None
    try:
        listening = server.wait_listening()
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(server.url)
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=180_000)
        box.fill("hello")  # waits until the box is enabled and editable
        if box.input_value() != "hello":
            raise RuntimeError("the chat input did not take typing")
        usable = time.perf_counter() - server.started
        answered = float("nan")
        if answer:
            box.fill(QUESTION)
            box.press("Enter")
            expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text(EXPECT, timeout=180_000)
            answered = time.perf_counter() - server.started
        rss, peak = server.memory_mb()
        return {"listening_s": listening, "usable_s": usable, "answered_s": answered, "rss_mb": rss, "peak_mb": peak}
    finally:
        if page is not None:
            page.close()
        server.stop()


def server_in_protocol(log: Path, answer: bool) -> dict[str, float]:
    """The same path without a browser: the chat input element arriving stands for the page being usable."""
    server = start_server(log)
    try:
        listening = server.wait_listening()

        async def visit() -> tuple[float, float]:
            session = Session(server.stream)
            opened = await session.open(timeout_s=180)
            if opened.errors or opened.chat_input_s is None:
                raise RuntimeError(f"the page did not open: {opened.errors}")
            usable = opened.sent + opened.chat_input_s - server.started
            if not answer:
                await session.close()
                return usable, float("nan")
            asked = await session.ask(QUESTION, timeout_s=180)
            await session.close()
            if asked.errors or asked.first_word_s is None:
                raise RuntimeError(f"the page did not answer: {asked.errors}")
            return usable, asked.sent + asked.first_word_s - server.started

        usable, answered = asyncio.run(visit())
        rss, peak = server.memory_mb()
        return {"listening_s": listening, "usable_s": usable, "answered_s": answered, "rss_mb": rss, "peak_mb": peak}
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="read the page through the protocol client")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    use_browser = not args.no_browser and Path(CHROMIUM).exists()
    if use_browser:
        try:
            import playwright  # noqa: F401
        except ImportError:
            use_browser = False
    floor: list[tuple[float, float]] = []
    cli: list[tuple[float, float]] = []
    served: list[dict[str, float]] = []
    logs = Path(tempfile.mkdtemp(prefix="cte-bench-startup-"))
    driver: Any = None
    browser: Any = None
    if use_browser:
        from playwright.sync_api import sync_playwright

        driver = sync_playwright().start()
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    try:
        for number in range(rounds):
            wall, peak, _ = timed_process([sys.executable, "-c", "import sentence_transformers"])
            floor.append((wall, peak))
            wall, peak, out = timed_process([*cli_command(), "ask", QUESTION])
            if EXPECT not in out:
                raise RuntimeError(f"unexpected CLI answer: {out[:300]}")
            cli.append((wall, peak))
            log = logs / f"server-{number}.log"
            answer = not args.quick
            served.append(server_in_browser(browser, log, answer) if use_browser else server_in_protocol(log, answer))
            line = f"round {number + 1}/{rounds}: floor {floor[-1][0]:.1f} s, ask {cli[-1][0]:.1f} s, "
            line += f"page usable {served[-1]['usable_s']:.1f} s"
            print(line + (f", first answer {served[-1]['answered_s']:.1f} s" if answer else ""), file=sys.stderr)
    finally:
        if browser is not None:
            browser.close()
            driver.stop()
    base = median([w for w, _ in floor])
    how = "headless Chromium" if use_browser else "protocol client, no browser"
    rows = [
        ("import sentence_transformers (the floor)", base, median([p for _, p in floor])),
        (f'cte-bot ask "{QUESTION}"', median([w for w, _ in cli]), median([p for _, p in cli])),
        ("cte-bot serve: port open", median([s["listening_s"] for s in served]), None),
        (f"cte-bot serve: page usable ({how})", median([s["usable_s"] for s in served]), None),
    ]
    if not args.quick:
        rows.append(("cte-bot serve: first answer on that page", median([s["answered_s"] for s in served]), None))
        rows.append(("cte-bot serve: by that answer", None, median([s["peak_mb"] for s in served])))
    print(f"Cold start, median of {rounds} round(s); {machine()}")
    print()
    print("| step | wall | vs floor | peak resident |")
    print("|---|---:|---:|---:|")
    for label, wall, mb in rows:
        shown_wall = f"{wall:.1f} s" if wall is not None else ""
        ratio = f"{wall / base:.2f}x" if wall is not None else ""
        print(f"| {label} | {shown_wall} | {ratio} | {f'{mb:.0f} MB' if mb is not None else ''} |")
    if args.quick:  # a smoke run: its numbers are not the recorded ones
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"machine": machine(), "rounds": rounds, "page_read_by": how, "floor": floor, "cli": cli, "server": served},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
