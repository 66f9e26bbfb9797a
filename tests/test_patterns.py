"""The path pattern rule, the same on the server and in the browser."""

from __future__ import annotations

import json
import subprocess

import pytest

from sitetracker.patterns import path_matches

from .paths import ROOT

CASES = json.loads((ROOT / "tests" / "fixtures" / "path_patterns.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['pattern']!r} {c['path']!r}")
def test_the_server_matches_paths_as_the_table_says(case):
    assert path_matches(case["pattern"], case["path"]) is case["matches"]


def test_the_widget_matches_paths_as_the_table_says():
    script = (
        "import { pathMatches } from './widget/src/paths.js';\n"
        "import { readFileSync } from 'node:fs';\n"
        "const { cases } = JSON.parse(readFileSync('tests/fixtures/path_patterns.json'));\n"
        "console.log(JSON.stringify(cases.map((c) => pathMatches(c.pattern, c.path))));\n"
    )
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    answers = json.loads(done.stdout)
    wrong = [(c["pattern"], c["path"], got) for c, got in zip(CASES, answers, strict=True)
             if got is not c["matches"]]
    assert not wrong
