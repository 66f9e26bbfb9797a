"""The ``sitetracker`` command's entry point (entry.py), each case in a fresh Python:
the async mode from ``SITETRACKER_ASYNC_MODE``, patched before anything else loads."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

PROBE = """
import sys
import sitetracker.entry as entry
print(entry.ASYNC_MODE)
if "eventlet" in sys.modules:
    import eventlet.patcher
    print("patched" if eventlet.patcher.is_monkey_patched("socket") else "not patched")
else:
    print("no eventlet")
"""


def python(code: str, mode: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    if mode is not None:
        env["SITETRACKER_ASYNC_MODE"] = mode
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120)


def test_eventlet_is_patched_in_unless_told_otherwise():
    done = python(PROBE, None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["eventlet", "patched"]
    assert "deprecated" not in done.stderr  # eventlet's notice is silenced


@pytest.mark.parametrize(("mode", "read"), [(" Threading ", "threading"),
                                            ("asyncio", "asyncio")])
def test_another_mode_patches_nothing(mode, read):
    done = python(PROBE, mode)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [read, "no", "eventlet"]


@pytest.mark.skipif(importlib.util.find_spec("gevent") is not None,
                    reason="gevent is installed here")
def test_gevent_when_it_is_not_installed_stops_with_what_to_do():
    done = python(PROBE, "gevent")
    assert done.returncode == 2
    assert "SITETRACKER_ASYNC_MODE: gevent is not installed" in done.stderr


def test_main_runs_the_command_line():
    done = python("import sys; sys.argv = ['sitetracker', '--help']\n"
                  "from sitetracker.entry import main\nmain()", "threading")
    assert done.returncode == 0, done.stderr
    assert "Usage: sitetracker" in done.stdout
