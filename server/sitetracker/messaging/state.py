"""Messaging's live state, in the live store (Redis when several workers run, else
memory) under the live state's prefix (``st``)::

    st:ref:<site>:<ref>          string  the visitor id behind a shopper's ref (their
                                         visitor hash), kept a day after they connect
    st:conv:<site>:<visitor>     string  "1": the shopper has a conversation, "0": none
                                         (a cache of the database, for connects)
    st:convs:<site>              set     visitors with a conversation, and "*" once
                                         seeded from the database (so a connect of a
                                         shopper without one asks the database nothing)
    st:rl:<scope>:<who>:<n>      hash    messages sent in rate-limit window n
    st:bcv:<site>                string  changes whenever the site's broadcasts change
    st:bcsent:<broadcast>        string  the worker that announced a scheduled broadcast
    st:bcd:<site>:<visitor>      set     broadcasts the shopper dismissed
    st:chatlive:<conversation>   string  "1"/"0": whether the shopper was live at the last
                                         look (so "left" is announced once)

Like all live state it knows nothing of the database.
"""

from __future__ import annotations

import uuid
from typing import Any

REF_TTL = 24 * 3600
CONV_TTL = 24 * 3600
DISMISSED_TTL = 7 * 24 * 3600
SEEDED = "*"  # the member that says a site's set of conversations is complete


class MessagingState:
    def __init__(self, store: Any, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix

    def _key(self, *parts: object) -> str:
        return ":".join((self.prefix, *map(str, parts)))

    # -- shoppers' refs ---------------------------------------------------------------
    def arrived(self, site: int, ref: str, visitor: str) -> bool | None:
        """A page of the shopper connected: remember who ``ref`` is, and answer whether
        they have a conversation (None: not known here, ask the database)."""
        pipe = self.store.pipeline(transaction=False)
        pipe.set(self._key("ref", site, ref), visitor, ex=REF_TTL)
        pipe.get(self._key("conv", site, visitor))
        pipe.sismember(self._key("convs", site), visitor)
        pipe.sismember(self._key("convs", site), SEEDED)
        _, found, member, seeded = pipe.execute()
        if found is not None:
            return bool(found == "1")
        return bool(member) if seeded else None

    def seed_conversations(self, site: int, visitors: list[str]) -> None:
        """Every visitor of the site with a conversation (read from the database): from
        now on a shopper outside the set has none. Creations since the read were added
        to the same set, so none is lost."""
        key = self._key("convs", site)
        pipe = self.store.pipeline(transaction=False)
        for start in range(0, len(visitors), 1000):
            pipe.sadd(key, *visitors[start:start + 1000])
        pipe.sadd(key, SEEDED)
        pipe.expire(key, CONV_TTL)
        pipe.execute()

    def visitor_of(self, site: int, ref: str) -> str | None:
        found = self.store.get(self._key("ref", site, ref))
        return str(found) if found else None

    # -- conversations ----------------------------------------------------------------
    def note_conversation(self, site: int, visitor: str, exists: bool) -> None:
        pipe = self.store.pipeline(transaction=False)
        pipe.set(self._key("conv", site, visitor), "1" if exists else "0", ex=CONV_TTL)
        if exists:
            pipe.sadd(self._key("convs", site), visitor)
        pipe.execute()

    def was_live(self, conversation: int, live: bool) -> bool | None:
        """Record whether the shopper is live; return what was recorded before (None the
        first time). Atomic, so only one worker sees each change."""
        before = self.store.set(self._key("chatlive", conversation), "1" if live else "0",
                                ex=CONV_TTL, get=True)
        return None if before is None else before == "1"

    # -- rate limits ------------------------------------------------------------------
    def allow(self, scope: str, who: str, limit: int, per: float, now: float) -> float:
        """Count one send by ``who``; 0 when within ``limit`` per ``per`` seconds, else
        the seconds until they may send again."""
        window = int(now // per)
        key = self._key("rl", scope, who, window)
        pipe = self.store.pipeline(transaction=False)
        pipe.hincrby(key, "n", 1)
        pipe.expire(key, int(per) * 2)
        count = int(pipe.execute()[0])
        if count <= limit:
            return 0.0
        return max((window + 1) * per - now, 1.0)

    # -- broadcasts -------------------------------------------------------------------
    def broadcasts_version(self, site: int) -> str:
        return str(self.store.get(self._key("bcv", site)) or "")

    def broadcasts_changed(self, site: int) -> None:
        self.store.set(self._key("bcv", site), uuid.uuid4().hex)

    def claim_announcement(self, broadcast: int, worker: str, ttl: float) -> bool:
        """True for exactly one caller per broadcast, whichever worker asks first."""
        return bool(self.store.set(self._key("bcsent", broadcast), worker, nx=True,
                                   ex=max(int(ttl), 60)))

    def dismiss(self, site: int, visitor: str, broadcast: int) -> None:
        key = self._key("bcd", site, visitor)
        pipe = self.store.pipeline(transaction=False)
        pipe.sadd(key, broadcast)
        pipe.expire(key, DISMISSED_TTL)
        pipe.execute()

    def dismissed(self, site: int, visitor: str) -> set[int]:
        return {int(b) for b in self.store.smembers(self._key("bcd", site, visitor))}
