"""Many people at once: the chain under concurrent conversations, then the real server with many sessions.
Prints numbers; asserts nothing.

    .venv/bin/python bench/load.py            # 50 conversations, 50 sessions
    .venv/bin/python bench/load.py --quick    # 10 and 10

1. The chain, in this process: one Bot, as the server shares one. A single user asks questions one after
   another (the baseline); then `--users` threads each hold a conversation of `--turns` questions from
   eval/questions.jsonl (with its history, as the page keeps it), all released at once with no pause between
   questions (a burst: every answer queues behind the others on the machine's cores), and again with people's
   pauses between questions (`--pause`, seconds, uniform). Latency per answer, p50 and p95, errors, and answers
   per second next to the single user's.
2. The server: the real `cte-bot serve`, and `--users` Streamlit sessions through Streamlit's own protocol
   (bench/served.py: one websocket per session, as a browser tab holds one). Its resident memory after the
   first session and as sessions open (one model and one index per process: a session should add little);
   then one session asking alone (the baseline), then every session asking at once, `--server-turns` times,
   and again with each person pausing before each question (`--pause`), each part within `--budget` seconds.
   Latency is question sent -> the answer's first word on the page (the answer is then streamed in, at most
   1 s by design), p50 and p95, and errors (exceptions, error boxes, dropped runs).

Uses the live index (read only). Writes bench/results/load.json (not with --quick).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from served import ENV, ROOT, Run, Session, machine, median, percentile, start_server

for _name, _value in ENV.items():
    os.environ.setdefault(_name, _value)

RESULTS = ROOT / "bench" / "results" / "load.json"


def questions() -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def summary(latencies_s: list[float], errors: int, wall_s: float) -> dict[str, float]:
    return {
        "answers": len(latencies_s),
        "errors": errors,
        "p50_ms": median(latencies_s) * 1000 if latencies_s else float("nan"),
        "p95_ms": percentile(latencies_s, 0.95) * 1000 if latencies_s else float("nan"),
        "per_s": len(latencies_s) / wall_s if wall_s else float("nan"),
        "wall_s": wall_s,
    }


# -- 1. the chain in one process ----------------------------------------------------------------------------
def forget(bot: Any) -> None:
    """Empty the query caches (embeddings, spelling), so no phase answers from what an earlier one asked."""
    bot.search.embeddings._embed_query.cache_clear()
    bot.corpus._correct.cache_clear()


def chain_load(
    users: int, turns: int, pause: tuple[float, float] | None, asked: list[str], threads: int
) -> dict[str, Any]:
    import torch

    from cte_bot.chain import Bot
    from cte_bot.config import Settings
    from cte_bot.conversation import Turn

    torch.set_num_threads(threads)
    started = time.perf_counter()
    bot = Bot(Settings.from_env())
    loaded_s = time.perf_counter() - started
    for question in ["warm up: what programs are there?", *asked[-5:]]:
        bot.answer(question)
    forget(bot)

    single: list[float] = []
    begin = time.perf_counter()
    for question in asked[: max(20, users)]:
        t0 = time.perf_counter()
        bot.answer(question)
        single.append(time.perf_counter() - t0)
    results = {"bot_load_s": loaded_s, "single": summary(single, 0, time.perf_counter() - begin)}

    def run(paused: bool) -> dict[str, float]:
        forget(bot)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        gate = threading.Barrier(users + 1)

        def conversation(number: int) -> None:
            rng = random.Random(number)
            history: list[Turn] = []
            gate.wait()
            for turn in range(turns):
                question = asked[(number * turns + turn) % len(asked)]
                if paused and pause is not None:
                    time.sleep(rng.uniform(*pause))
                t0 = time.perf_counter()
                try:
                    result = bot.answer(question, history)
                except Exception as exc:  # every failure is counted, none stops the run
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                took = time.perf_counter() - t0
                with lock:
                    latencies.append(took)
                history.append({"role": "user", "content": question})
                history.append({"role": "assistant", "content": result.text, "sources": [s.id for s in result.sources]})

        threads = [threading.Thread(target=conversation, args=(n,)) for n in range(users)]
        for thread in threads:
            thread.start()
        gate.wait()
        begin = time.perf_counter()
        for thread in threads:
            thread.join()
        out = summary(latencies, len(errors), time.perf_counter() - begin)
        if errors:
            print(f"chain errors ({len(errors)}), first: {errors[0]}", file=sys.stderr)
        return out

    results["burst"] = run(paused=False)
    if pause is not None:
        results["paced"] = run(paused=True)
    return results


# -- 2. the server and its sessions -------------------------------------------------------------------------
async def server_load(
    url: str,
    users: int,
    turns: int,
    budget_s: float,
    asked: list[str],
    memory: Any,
    pause: tuple[float, float] | None,
) -> dict[str, Any]:
    results: dict[str, Any] = {"memory_mb": []}
    first = Session(url)
    opened = await first.open(timeout_s=240)  # the first page loads the model
    if opened.errors or first.chat_input is None:
        raise RuntimeError(f"the first page failed: {opened.errors}")
    alone: list[Run] = []
    for question in asked[: 5 if users <= 10 else 10]:
        alone.append(await first.ask(question))
    results["memory_mb"].append((1, *memory()))
    sessions = [first]
    opening: list[float] = []
    for number in range(2, users + 1):
        session = Session(url)
        run = await session.open(timeout_s=60)
        opening.append(run.seconds)
        if run.errors:
            print(f"session {number} failed to open: {run.errors}", file=sys.stderr)
        sessions.append(session)
        if number % 10 == 0 or number == users:
            results["memory_mb"].append((number, *memory()))

    def words(runs: list[Run]) -> list[float]:
        return [r.first_word_s for r in runs if r.first_word_s is not None and not r.errors]

    results["single"] = summary(words(alone), sum(1 for r in alone if r.errors or r.first_word_s is None), 0)
    results["single"]["run_p50_ms"] = median([r.seconds for r in alone]) * 1000
    results["open_page_p50_ms"] = median(opening) * 1000 if opening else float("nan")

    def summarize(runs: list[Run], wall: float) -> dict[str, float]:
        failed = [r for r in runs if r.errors or r.first_word_s is None]
        if failed:
            print(f"server errors ({len(failed)}), first: {failed[0].errors or 'no answer'}", file=sys.stderr)
        out = summary(words(runs), len(failed), wall)
        out["run_p50_ms"] = median([r.seconds for r in runs]) * 1000 if runs else float("nan")
        return out

    together: list[Run] = []
    begin = time.perf_counter()
    deadline = begin + budget_s
    for turn in range(turns):
        left = deadline - time.perf_counter()
        if left <= 5:
            break
        batch = [
            s.ask(asked[(10 + number * turns + turn) % len(asked)], timeout_s=left) for number, s in enumerate(sessions)
        ]
        together.extend(await asyncio.gather(*batch))
    results["together"] = summarize(together, time.perf_counter() - begin)

    if pause is not None:  # the same sessions, each person pausing before each question
        paced: list[Run] = []
        begin = time.perf_counter()
        deadline = begin + budget_s

        async def person(number: int, session: Session) -> None:
            rng = random.Random(number)
            for turn in range(turns):
                await asyncio.sleep(rng.uniform(*pause))
                left = deadline - time.perf_counter()
                if left <= 5:
                    return
                paced.append(await session.ask(asked[(120 + number * turns + turn) % len(asked)], timeout_s=left))

        await asyncio.gather(*(person(n, s) for n, s in enumerate(sessions)))
        results["paced"] = summarize(paced, time.perf_counter() - begin)
    results["memory_mb"].append(("after", *memory()))
    await asyncio.gather(*(s.close() for s in sessions))
    return results


def latency_table(
    rows: list[tuple[str, dict[str, Any]]], single: dict[str, Any], last: str, cell: Callable[[dict[str, Any]], str]
) -> None:
    """One Markdown table of latencies, each p95 next to one user's p50; `last` names the final column."""
    print(f"| who asks | answers | errors | p50 | p95 | p95 / single p50 | {last} |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, row in rows:
        print(
            f"| {label} | {row['answers']} | {row['errors']} | {row['p50_ms']:.0f} ms | {row['p95_ms']:.0f} ms "
            f"| {row['p95_ms'] / single['p50_ms']:.1f}x | {cell(row)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10 users, 2 turns, no paced run")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns", type=int, default=4, help="questions per conversation (chain)")
    parser.add_argument("--server-turns", type=int, default=2, help="questions per session, all at once (server)")
    parser.add_argument("--pause", default="5,15", help="seconds between a person's questions: MIN,MAX")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for the server's concurrent part")
    parser.add_argument(
        "--torch-threads", type=int, default=1, help="torch threads for the chain part (the server sets 1)"
    )
    parser.add_argument("--skip-chain", action="store_true")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    users, turns, server_turns = (10, 2, 1) if args.quick else (args.users, args.turns, args.server_turns)
    low, high = (float(x) for x in args.pause.split(","))
    pause = None if args.quick else (low, high)
    asked = questions()
    random.Random(7).shuffle(asked)
    report: dict[str, Any] = {"machine": machine(), "users": users}

    if not args.skip_chain:
        chain = chain_load(users, turns, pause, asked, args.torch_threads)
        report["chain"] = chain
        single = chain["single"]
        print(
            f"\nThe chain in one process ({users} conversations of {turns} questions, torch threads "
            f"{args.torch_threads}; {machine()}); bot loaded in {chain['bot_load_s']:.1f} s\n"
        )
        rows = [("one user, one question after another", single)]
        rows.append((f"{users} users at once, no pauses", chain["burst"]))
        if "paced" in chain:
            rows.append((f"{users} users, {low:g}-{high:g} s between questions", chain["paced"]))
        latency_table(rows, single, "answers/s", lambda row: f"{row['per_s']:.1f}")
        del chain

    if not args.skip_server:
        server = start_server(Path(tempfile.mkdtemp(prefix="cte-bench-load-")) / "server.log")
        try:
            server.wait_listening()
            served = asyncio.run(
                server_load(server.stream, users, server_turns, args.budget, asked, server.memory_mb, pause)
            )
        finally:
            server.stop()
        report["server"] = served
        single = served["single"]
        together = served["together"]
        print(f"\nThe server ({users} Streamlit sessions over websockets; latency to the answer's first word)\n")
        rows = [
            ("one session, one question after another", single),
            (f"{users} sessions asking at once, {server_turns} round(s)", together),
        ]
        if "paced" in served:
            rows.append((f"{users} sessions, {low:g}-{high:g} s before each question", served["paced"]))
        latency_table(rows, single, "whole run p50", lambda row: f"{row['run_p50_ms']:.0f} ms")
        print(f"\nA new session's first page: p50 {served['open_page_p50_ms']:.0f} ms (model already loaded)\n")
        print("| sessions open | resident | peak resident |")
        print("|---|---:|---:|")
        for count, rss, peak in served["memory_mb"]:
            print(f"| {count} | {rss:.0f} MB | {peak:.0f} MB |")
        counted = [(c, r) for c, r, _ in served["memory_mb"] if isinstance(c, int)]
        if len(counted) > 1:
            (n0, r0), (n1, r1) = counted[0], counted[-1]
            print(f"\nPer extra session: {(r1 - r0) / (n1 - n0):.2f} MB (one model and one index per process)")
    if args.quick:  # a smoke run: its numbers are not the recorded ones
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
