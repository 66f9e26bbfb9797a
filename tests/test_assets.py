from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitetracker import assets


@pytest.fixture
def build_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty build directory in place of static/build."""
    directory = tmp_path / "build"
    directory.mkdir()
    monkeypatch.setattr(assets, "BUILD_DIR", directory)
    return directory


def test_widget_served_as_cacheable_cross_origin_javascript(client, build_dir):
    (build_dir / "widget.js").write_text("(()=>{})();\n")
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.data == b"(()=>{})();\n"
    assert response.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" not in response.headers.get("Vary", "")
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith('W/')


def test_widget_unchanged_answers_304_to_its_etag(client, build_dir):
    (build_dir / "widget.js").write_text("one")
    etag = client.get("/widget.js").headers["ETag"]
    response = client.get("/widget.js", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_widget_rebuilt_gets_a_new_etag(client, build_dir):
    script = build_dir / "widget.js"
    script.write_text("one")
    first = client.get("/widget.js").headers["ETag"]
    script.write_text("two, longer")
    os.utime(script, ns=(1, 1))
    response = client.get("/widget.js", headers={"If-None-Match": first})
    assert response.status_code == 200
    assert response.data == b"two, longer"
    assert response.headers["ETag"] != first


def test_other_built_entries_are_served_too(client, build_dir):
    (build_dir / "overlay.js").write_text("overlay")
    assert client.get("/overlay.js").data == b"overlay"


def test_widget_not_built_answers_404_saying_how_to_build(client, build_dir):
    response = client.get("/widget.js")
    assert response.status_code == 404
    assert response.json == {
        "error": {"status": 404, "message": "widget.js is not built: run npm run build"}
    }


def test_names_outside_the_build_naming_are_404(client, build_dir):
    (build_dir / "widget.js.map").write_text("{}")
    assert client.get("/Widget.js").status_code == 404
    assert client.get("/widget.js.map").status_code == 404
    assert client.get("/..%2Fapp.js").status_code == 404
