"""Rows the database refused for their content, set aside (storage/rejects.py)."""

from __future__ import annotations

import json

from sitetracker.storage.rejects import FILE_NAME, Rejects


def test_a_row_set_aside_is_counted_with_its_reason_and_kept_in_the_file(tmp_path):
    rejects = Rejects(tmp_path)
    assert rejects.as_json() == {"count": 0, "last": None}
    rejects.set_aside("count", {"site": 1, "key": "/a"}, ValueError("too long"))
    rejects.set_aside("session", {"site": 2}, TypeError("not a number"))
    assert rejects.as_json() == {"count": 2, "last": "session: TypeError: not a number"}
    lines = [json.loads(line) for line in
             (tmp_path / FILE_NAME).read_text(encoding="ascii").splitlines()]
    assert [(line["what"], line["reason"], line["row"]) for line in lines] == [
        ("count", "ValueError: too long", {"site": 1, "key": "/a"}),
        ("session", "TypeError: not a number", {"site": 2}),
    ]
    assert all(isinstance(line["at"], int) for line in lines)


def test_a_row_any_text_even_a_lone_surrogate_is_written_as_ascii(tmp_path):
    rejects = Rejects(tmp_path)
    rejects.set_aside("event", {"name": "caf\u00e9 \ud800", "at": object()},
                      UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"))
    line = json.loads((tmp_path / FILE_NAME).read_text(encoding="ascii"))
    assert line["row"]["name"] == "caf\u00e9 \ud800"
    assert line["row"]["at"].startswith("<object")


def test_without_a_directory_rejects_are_counted_only(tmp_path):
    rejects = Rejects()
    rejects.set_aside("count", {"site": 1}, ValueError("x" * 1000))
    assert rejects.count == 1
    assert rejects.last_reason == "count: ValueError: " + "x" * 300
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_still_counts_the_row(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    rejects = Rejects(blocker)
    rejects.set_aside("count", {"site": 1}, ValueError("bad"))
    assert rejects.as_json() == {"count": 1, "last": "count: ValueError: bad"}
