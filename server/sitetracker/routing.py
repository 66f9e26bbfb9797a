"""URL converters: ``<int:...>`` in any route matches row ids only.

Werkzeug's ``int`` takes any run of digits, and an id past what the database stores
(2^63 - 1) failed inside the query with a 500. Ours matches 0 to 2^63 - 1 in its
pattern, so anything else (too large, negative, not a number) matches no route and is a
404 before any route runs, on every route, including those added later. (Refusing in
``to_python`` instead would make Werkzeug answer 405 when another method's rule has the
same path.)
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

from .validation import MAX_ID


def at_most(limit: int) -> str:
    """A regular expression matching the decimal numbers 0 to ``limit``, and no others."""
    digits = str(limit)
    options = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        if digit != "0":
            low = "1" if i == 0 and len(digits) > 1 else "0"
            if int(digit) - 1 >= int(low):
                rest = len(digits) - i - 1
                tail = rf"\d{{{rest}}}" if rest else ""
                options.append(f"{digits[:i]}[{low}-{int(digit) - 1}]{tail}")
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


class IdConverter(IntegerConverter):
    """``int`` limited to 0..2^63 - 1."""

    regex = at_most(MAX_ID)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
