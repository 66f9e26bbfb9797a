"""The write buffer's journal: an append-only file of batches the database did not take.

While the database is away (or the buffer outgrows its bound), each batch the buffer
could not write is appended here as one JSON line and synced to disk before the buffer
lets go of it, so a crash, even ``kill -9`` in the middle of an outage, loses at most
what was gathered since the last flush. Every flush replays the entries first, oldest
first, each in one transaction that also records its id in ``journal_entry``: an entry
replayed before a crash is recognised and skipped, so nothing is counted twice. Once
all entries are stored the file is emptied. A torn last line (a crash in mid-write) is
ignored.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from threading import Lock
from typing import Any

log = logging.getLogger(__name__)
FILE_NAME = "write-journal.jsonl"


class Journal:
    def __init__(self, directory: Path | None) -> None:
        self.path = directory / FILE_NAME if directory is not None else None
        self._lock = Lock()
        self._count = 0
        self._oldest: float | None = None
        for entry in self.entries():
            self._count += 1
            self._oldest = entry["at"] if self._oldest is None else self._oldest

    def append(self, entry: dict[str, Any]) -> bool:
        """Append and sync one entry (``{"id", "at", "rows"}``); False if the disk
        refused it too."""
        if self.path is None:
            return False
        line = json.dumps(entry, separators=(",", ":"), default=str) + "\n"
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="ascii") as out:
                    out.write(line)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError:
                log.exception("could not append to the write journal %s", self.path)
                return False
            self._count += 1
            if self._oldest is None:
                self._oldest = float(entry["at"])
        return True

    def entries(self) -> list[dict[str, Any]]:
        """Every complete entry, oldest first."""
        if self.path is None or not self.path.exists():
            return []
        found = []
        with self._lock:
            text = self.path.read_text(encoding="ascii", errors="replace")
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                log.warning("ignoring a torn line of the write journal")
                continue
            if isinstance(entry, dict) and "id" in entry and "rows" in entry:
                found.append(entry)
        return found

    def drop(self, ids: set[str]) -> None:
        """Forget the entries ``ids`` (stored), keeping any appended meanwhile."""
        if self.path is None or not ids:
            return
        with self._lock:
            if not self.path.exists():
                return
            kept = []
            for line in self.path.read_text(encoding="ascii", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("id") not in ids:
                    kept.append(line)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text("".join(line + "\n" for line in kept), encoding="ascii")
            os.replace(temporary, self.path)
            self._count = len(kept)
            self._oldest = json.loads(kept[0])["at"] if kept else None

    def backlog(self) -> dict[str, Any]:
        """``{"entries": 3, "oldest_age": 12.5}`` (seconds; None when empty)."""
        oldest = self._oldest
        age = round(time.time() - oldest, 1) if oldest is not None else None
        return {"entries": self._count, "oldest_age": age}
