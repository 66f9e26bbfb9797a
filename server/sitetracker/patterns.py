"""Path patterns, the one rule behind custom url events, page types and broadcast filters.

``*`` stands for any run of characters (``/`` included), everything else is literal, and
the pattern covers the whole path. An empty pattern is no filter: it matches every path.
The browser applies the same rule (``widget/src/paths.js``); both are tested against one
table of cases, ``tests/fixtures/path_patterns.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


def path_matches(pattern: str, path: str) -> bool:
    """Whether ``path`` is one of the paths ``pattern`` stands for."""
    return not pattern or _compiled(pattern).fullmatch(path) is not None
