"""Rows the database refused for their content, set aside with the reason.

Such a row would fail again however often it is retried, and it must not take the rows
written with it down too: the write path and the buffer's flush write it alone, and
when it still fails it lands here. Each one is logged, counted (``/healthz`` reports the
count and the latest reason) and appended to ``rejected-rows.jsonl`` in the data
directory, so an operator can see what was refused and repair it by hand.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from threading import Lock
from typing import Any

log = logging.getLogger(__name__)
FILE_NAME = "rejected-rows.jsonl"


class Rejects:
    def __init__(self, directory: Path | None = None) -> None:
        self.path = directory / FILE_NAME if directory is not None else None
        self.count = 0
        self.last_reason = ""
        self._lock = Lock()

    def set_aside(self, what: str, row: Any, exc: BaseException) -> None:
        reason = f"{type(exc).__name__}: {str(exc)[:300]}"
        log.error("the database refused a %s row, set aside: %s", what, reason)
        line = json.dumps({"at": int(time.time()), "what": what, "reason": reason,
                           "row": row}, default=str)  # ASCII: even lone surrogates fit
        with self._lock:
            self.count += 1
            self.last_reason = f"{what}: {reason}"
            if self.path is None:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="ascii") as out:
                    out.write(line + "\n")
            except OSError:
                log.exception("could not write %s", self.path)

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "last": self.last_reason or None}
