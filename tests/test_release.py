"""The release: ``python -m build`` makes a wheel holding the built front end, and
tools/check_wheel.py refuses a wheel that lacks a file its pages load."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .paths import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import check_wheel  # noqa: E402


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``python -m build`` makes from this checkout, through its sdist, as
    ``./run release`` does."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [built] = out.glob("sitetracker-*.whl")
    return built


def test_the_wheel_holds_every_file_the_pages_load(wheel):
    wanted, lacking = check_wheel.missing(str(wheel))

    assert lacking == []
    for name in ("board.js", "board.css", "world.json", "widget.js", "widget-live.js",
                 "widget-chat.js", "overlay.js", "messages.js", "overview.js"):
        assert f"sitetracker/static/build/{name}" in wanted
    names = zipfile.ZipFile(wheel).namelist()
    assert "sitetracker/templates/board.html" in names
    assert "sitetracker/migrations/m0001_initial.py" in names
    assert not [name for name in names if name.endswith(".map")]  # for us, not shipped


def test_a_wheel_lacking_an_asset_is_refused_naming_it(wheel, tmp_path, capsys):
    broken = tmp_path / wheel.name
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            if item.filename != "sitetracker/static/build/widget-chat.js":
                target.writestr(item, source.read(item))

    assert check_wheel.main([str(broken)]) == 1
    error = capsys.readouterr().err
    assert ("missing from the wheel: sitetracker/static/build/widget-chat.js "
            "(referenced by sitetracker/static/build/widget-live.js)") in error
    assert check_wheel.main([str(wheel)]) == 0
