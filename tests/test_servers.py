"""The test servers' launcher waits for readiness, not for a fixed time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from . import servers


def test_wait_ready_returns_once_the_process_is_ready(tmp_path: Path) -> None:
    flag = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", (
        "import pathlib, time; time.sleep(0.5); "
        f"pathlib.Path({str(flag)!r}).write_text('yes'); time.sleep(60)")])
    try:
        servers.wait_ready(process, flag.exists)
        assert process.poll() is None
    finally:
        process.kill()
        process.wait()


def test_wait_ready_reports_a_process_that_exits(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(RuntimeError, match="exited with code 3"):
        servers.wait_ready(process, lambda: False)
