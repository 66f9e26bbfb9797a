"""``python -m bench``: run every benchmark and rewrite BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import ingest, widget_size

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> None:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sections = [("Ingestion", ingest.run()), ("Script sizes", widget_size.run())]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip() or "unknown"
    lines = [
        "# Benchmarks",
        "",
        "Run with `./run bench` (or `python -m bench` in the project's virtualenv).",
        "",
        f"- When: {started}, commit {commit}",
        f"- Machine: {machine()}",
        "- Shared machines are noisy: compare figures taken in one run, not across runs.",
        "",
    ]
    for title, rows in sections:
        lines += [f"## {title}", "", "| what | result |", "| --- | --- |"]
        lines += [f"| {what} | {result} |" for what, result in rows]
        lines.append("")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
