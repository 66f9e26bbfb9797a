"""Logging a person can read (logs.py): one handler, one line per record, the noisy
libraries kept to warnings."""

from __future__ import annotations

import logging

import pytest

from sitetracker import logs


@pytest.fixture
def root():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    noisy = {name: logging.getLogger(name).level
             for name in ("engineio.server", "socketio.server", "peewee")}
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, was in noisy.items():
        logging.getLogger(name).setLevel(was)


def ours(root):
    return [h for h in root.handlers if getattr(h, "_sitetracker", False)]


def test_configuring_twice_adds_one_handler_and_sets_the_level(root):
    logs.configure("DEBUG")
    logs.configure("INFO")
    [handler] = ours(root)
    assert root.level == logging.INFO
    record = logging.LogRecord("sitetracker.app", logging.WARNING, __file__, 1, "disk %s",
                               ("full",), None)
    line = handler.format(record)
    assert line.endswith(" WARNING sitetracker.app: disk full")
    assert len(line.split(" ")[0]) == len("2026-03-10")


def test_socketio_and_the_orm_log_warnings_only_even_when_debugging(root):
    logs.configure("DEBUG")
    for name in ("engineio.server", "socketio.server", "peewee"):
        assert logging.getLogger(name).level == logging.WARNING
    logs.configure("ERROR")
    assert logging.getLogger("peewee").level == logging.ERROR
