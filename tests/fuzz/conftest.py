"""Fuzzing's shared counters: what was tried, and how many 5xx answers were seen, printed
at the end of the run (the numbers the issue asks for)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

TRIED: Counter[str] = Counter()


@pytest.fixture(scope="session", autouse=True)
def fuzz_report() -> Iterator[Counter[str]]:
    yield TRIED
    if TRIED:
        print("\nfuzz: " + ", ".join(f"{k}={v}" for k, v in sorted(TRIED.items())))
