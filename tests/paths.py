"""Where things are, for tests anywhere under tests/: the checkout and the fixtures."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the checkout
FIXTURES = TESTS / "fixtures"
