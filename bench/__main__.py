"""``python -m bench``: run every benchmark section and rewrite BENCHMARKS.md.

A section is a module with ``TITLE`` and ``measure(runs, quick)`` returning its rows
(:class:`bench.ratio.Ratio` beside a bare baseline from the same run, or
:class:`bench.ratio.Figure`), and optionally ``NOTES``: Markdown shown under its table
(what a missed target's profile says). ``--only NAME`` runs the sections whose module name or title
contains NAME; ``--quick`` is a smoke test (small loads, two runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from . import flood, http, ingest, latency, load, reports, sockets, tick, widget_size, workers
from .ratio import Figure, Ratio, table

ROOT = Path(__file__).resolve().parent.parent
# A section's title, rows, seconds taken and notes.
Result = tuple[str, Sequence[Ratio | Figure], float, str]

# Every section, in the order BENCHMARKS.md shows them: add a module here.
SECTIONS: list[ModuleType] = [
    http,
    sockets,
    latency,
    flood,
    tick,
    workers,
    ingest,
    reports,
    widget_size,
]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True,
                              cwd=ROOT).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" with uncommitted changes" if git("status", "--porcelain") else "")


def load_generator() -> str:
    if load.tool() == "wrk":
        return ("wrk, one thread (the Debian package `wrk` is needed for these figures; "
                "without it a Python generator in a process of its own stands in)")
    return ("a Python generator in a process of its own (wrk is not installed: "
            "`apt-get install wrk` for the figures this file reports)")


def selected(only: str | None) -> list[ModuleType]:
    if not only:
        return SECTIONS
    name = only.lower()
    return [s for s in SECTIONS if name in s.__name__.rsplit(".", 1)[-1]
            or name in s.TITLE.lower()]


def report(command: str, started: str, runs: int,
           results: Sequence[Result]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Run with `./run bench` (or `python -m bench` in the project's virtualenv); "
        "`--runs N`, `--quick`, `--only NAME`.",
        "",
        f"- Command: `{command}`",
        f"- When: {started}, commit {commit()}",
        f"- Machine: {machine()}",
        f"- Load generator: {load_generator()}",
        f"- Runs: {runs}, interleaved: each run measures the bare stack and SiteTracker in turn; "
        "a ratio is ours / bare per run, shown as min / median / max over the runs.",
        "- Shared machines are noisy: compare figures taken in one run, not across runs.",
        "",
    ]
    for title, rows, seconds, notes in results:
        lines += [f"## {title}", "", *table(rows), "", f"({seconds:,.0f} s)", ""]
        if notes:
            lines += [notes.strip(), ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: small loads, two runs")
    parser.add_argument("--only", metavar="NAME", help="only the sections matching NAME")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md",
                        help="where to write the report (default BENCHMARKS.md)")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else max(1, args.runs)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results: list[Result] = []
    for section in selected(args.only):
        print(f"==> {section.TITLE}", file=sys.stderr, flush=True)
        began = time.perf_counter()
        rows = section.measure(runs, args.quick)
        results.append((section.TITLE, rows, time.perf_counter() - began,
                        getattr(section, "NOTES", "")))
        print("\n".join(table(rows)), file=sys.stderr, flush=True)
    command = " ".join(["./run bench", *(argv if argv is not None else sys.argv[1:])])
    text = report(command, started, runs, results)
    args.output.write_text(text)
    print(text)
    return results


if __name__ == "__main__":
    main()
