"""``./run bench`` end to end in quick mode (tiny loads, two runs): the report names the
command, the machine and the commit, and holds every section's every row.

No figure is checked: the machine running the tests is not quiet.
"""

from __future__ import annotations

import bench.__main__ as harness
from bench import http, latency, load
from bench.ratio import Figure, Ratio


def test_the_report_holds_every_section_and_row(tmp_path, monkeypatch):
    # The pipeline's Redis row must not empty a database someone else uses.
    monkeypatch.setenv("SITETRACKER_BENCH_REDIS_URL", "redis://127.0.0.1:1/0")
    output = tmp_path / "BENCHMARKS.md"
    results = harness.main(["--quick", "--output", str(output)])
    text = output.read_text()
    assert [title for title, *_ in results] == [s.TITLE for s in harness.SECTIONS]
    assert "- Command: `./run bench --quick" in text
    assert "- Machine: " in text and "- When: " in text and ", commit " in text
    lines = text.splitlines()
    for title, rows, *_ in results:
        assert f"## {title}" in lines
        for row in rows:
            assert any(line.startswith(f"| {row.what} |") for line in lines), row.what
    # The HTTP rows measured both stacks in each of the two runs.
    for row in dict((title, rows) for title, rows, *_ in results)[http.TITLE]:
        assert isinstance(row, Ratio)
        assert len(row.bare) == len(row.ours) == 2
        assert all(rate > 0 for rate in row.bare + row.ours), row.what
    # The probes heard alerts and live deltas, in both runs.
    latencies = dict((title, rows) for title, rows, *_ in results)[latency.TITLE]
    for row in latencies:
        assert isinstance(row, Figure)
        assert len(row.values) == 2 and all(value > 0 for value in row.values), row.what


def test_only_picks_sections_by_module_or_title():
    assert harness.selected("http") == [http]
    assert harness.selected("script sizes") == [harness.widget_size]
    assert harness.selected(None) == harness.SECTIONS


def test_the_python_load_generator_counts_every_answer(tmp_path):
    with http.bare_server(tmp_path) as port:
        got = load.run_python(port, "/api/collect", http.bodies("abc", http.page_view, 5),
                              connections=2, seconds=0.5)
    assert got.requests > 0
    assert got.ok == got.requests
