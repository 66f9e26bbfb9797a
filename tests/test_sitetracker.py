"""The package itself (sitetracker/__init__.py): importing it loads nothing else, so the
command can patch the standard library first; ``create_app`` comes on first use."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import sitetracker


def test_importing_the_package_loads_neither_flask_nor_the_database_driver():
    code = ("import sys, sitetracker\n"
            "print(sorted(m for m in ('flask', 'peewee', 'socketio', 'eventlet')"
            " if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_create_app_is_the_factory_and_nothing_else_is_there():
    from sitetracker.app import create_app

    assert sitetracker.create_app is create_app
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        sitetracker.nothing  # noqa: B018
