"""`cte-bot ingest | train | ask | eval | feedback | serve`.

Errors from cte_bot.errors become a message and an exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cte_bot.config import REPO_ROOT, Settings
from cte_bot.errors import CteBotError

if TYPE_CHECKING:
    from cte_bot.chain import Bot


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from cte_bot import classifier
    from ingest import run_ingest

    report = run_ingest(settings, force=args.force, progress=not args.quiet)
    print(report.summary())
    path = settings.classifier_path
    if not path.is_file() or not classifier.is_current(classifier.load(path), settings.knowledge_dir):
        print(f"Note: {path.name} was trained on other examples than knowledge/ has now: run `cte-bot train`.")
    return 0


def _train(settings: Settings, args: argparse.Namespace) -> int:
    from cte_bot import classifier
    from cte_bot.embeddings import PackagedEmbeddings

    trained = classifier.train(settings.knowledge_dir, PackagedEmbeddings(settings.model_path))
    classifier.save(trained, settings.classifier_path)
    print(
        f"Trained the message model ({len(trained.message.labels)} kinds) and the facet model "
        f"({len(trained.facet.labels)} facets) into {settings.classifier_path}."
    )
    return 0


def _bot(settings: Settings) -> Bot:
    from cte_bot.chain import Bot  # loads LangChain and Chroma: only for the commands that answer

    return Bot(settings)


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    bot = _bot(settings)
    if args.question:
        result = bot.answer(" ".join(args.question), focus=args.program)
        if args.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            print(result.text.replace("**", ""))
            if result.sources:
                print("\nSources:")
                for ref in result.sources:
                    print(f"  - {ref.title} ({ref.path}; {ref.readable})")
        return 0
    # JSON Lines: exactly one output line per input line, in order, blank lines included.
    for line in sys.stdin:
        result = bot.answer(line.rstrip("\n"), focus=args.program)
        print(json.dumps(result.as_dict(), ensure_ascii=False), flush=True)
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from cte_bot.evaluation import Outcome, format_table, load_items, problems, summarize

    items = load_items(Path(args.file))
    bot = _bot(settings)
    bot.answer("warm-up: what programs are there?")  # latency is reported warm
    outcomes = []
    for item in items:
        result = bot.answer(item.text, item.history)  # type: ignore[arg-type]
        found = problems(item, result.text, result.status, result.sources)
        outcomes.append(Outcome(item, result.status, result.text, result.ranking, result.latency_ms, found))
    failures = [o for o in outcomes if o.problems]
    passed = len(outcomes) - len(failures)
    table = summarize(outcomes)
    if args.json:
        failed = [{"id": o.item.id, "problems": o.problems, "answer": o.answer} for o in failures]
        print(json.dumps({"metrics": table, "failures": failed, "passed": passed, "failed": len(failures)}))
    else:
        for o in failures:
            print(f"FAIL {o.item.id}: {'; '.join(o.problems)} | {o.answer[:160]!r}")
        print(format_table(table))
        print(f"{passed} passed, {len(failures)} failed")
    return 0 if not failures else 1


def _feedback(settings: Settings, args: argparse.Namespace) -> int:
    from cte_bot.feedback import FeedbackStore, format_report

    report = FeedbackStore(settings).report(limit=args.limit)
    print(json.dumps(report.as_dict(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    address = ["--server.address", args.address] if args.address else []
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_ROOT / "app.py"),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No reloading on source edits: the watcher re-walks every imported module's path after each script run
        # (2-3 s of CPU with torch loaded, on the server's event loop). `streamlit run app.py` still reloads.
        "--server.fileWatcherType",
        "none",
        # No full garbage collection after every script run: with torch loaded it takes about half a second,
        # holding the GIL, so every session waited on every other session's runs. Python's own GC still runs.
        "--runner.postScriptGC",
        "false",
        *address,
    ]
    # Become Streamlit (exec): a signal to `cte-bot serve` reaches the server itself, so stopping one stops both.
    os.execv(sys.executable, command)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="cte-bot", description="Career Technical Education pathways assistant")
    sub = root.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="build or refresh the index from knowledge/")
    ingest.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(run=_ingest)
    train = sub.add_parser("train", help="retrain the message and facet models from knowledge/ (offline)")
    train.set_defaults(run=_train)
    ask = sub.add_parser("ask", help="answer a question (or JSON Lines questions from stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit to read one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print a JSON object")
    ask.add_argument("--program", help="a program id to focus follow-ups on, as a counselor's link does")
    ask.set_defaults(run=_ask)
    evaluate = sub.add_parser("eval", help="run a question set and report failures")
    evaluate.add_argument("file", help="JSON Lines question set")
    evaluate.add_argument("--json", action="store_true", help="metrics and failures as one JSON object")
    evaluate.set_defaults(run=_eval)
    feedback = sub.add_parser("feedback", help="what students and parents thought of the answers")
    action = feedback.add_mutually_exclusive_group(required=True)
    action.add_argument("--report", action="store_true", help="thumbs per program and the lowest-rated answers")
    feedback.add_argument("--limit", type=int, default=10, help="how many lowest-rated answers to list")
    feedback.add_argument("--json", action="store_true", help="print one JSON object")
    feedback.set_defaults(run=_feedback)
    serve = sub.add_parser("serve", help="start the Streamlit chat")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", help="interface to listen on (default: all)")
    serve.set_defaults(run=_serve)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(settings, args))
    except CteBotError as exc:
        print(f"cte-bot: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
