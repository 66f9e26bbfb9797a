"""Messaging's live state, in the live store (Redis when several workers run, else
memory) under the live state's prefix (``st``), spelled only by :class:`MessagingKeys`::

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
from typing import Protocol

from ..store_api import Hashes, KeyValue, Pipelines, Sets

REF_TTL = 24 * 3600
CONV_TTL = 24 * 3600
DISMISSED_TTL = 7 * 24 * 3600
SEEDED = "*"  # the member that says a site's set of conversations is complete


class MessagingKeys:
    """Where messaging keeps what (the layout in the module docstring): the one place
    its keys are spelled."""

    KINDS = frozenset({"ref", "conv", "convs", "rl", "bcv", "bcsent", "bcd",
                       "chatlive"})  # the first part after the prefix: this feature's own

    def __init__(self, prefix: str = "st") -> None:
        self.prefix = prefix

    def ref(self, site: int, ref: str) -> str:
        return f"{self.prefix}:ref:{site}:{ref}"

    def conversation(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:conv:{site}:{visitor}"

    def conversations(self, site: int) -> str:
        return f"{self.prefix}:convs:{site}"

    def rate(self, scope: str, who: str, window: int) -> str:
        return f"{self.prefix}:rl:{scope}:{who}:{window}"

    def broadcasts_version(self, site: int) -> str:
        return f"{self.prefix}:bcv:{site}"

    def announced(self, broadcast: int) -> str:
        return f"{self.prefix}:bcsent:{broadcast}"

    def dismissed(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:bcd:{site}:{visitor}"

    def chat_live(self, conversation: int) -> str:
        return f"{self.prefix}:chatlive:{conversation}"


class MessagingStore(KeyValue, Hashes, Sets, Pipelines, Protocol):
    """The live store's commands messaging uses."""


class MessagingState:
    """Messaging's live state (keys: :class:`MessagingKeys`): who a shopper's ref is,
    whether they have a conversation (a cache of the database), send counts for the
    rate limits, broadcasts' version, announcements and dismissals, and whether a
    chatting shopper was live.

    Shared by every worker on the store (one process's only with the in-memory store,
    and lost on its restart: the conversations are read again from the database, and a
    shopper's ref comes back with their next connect). Refs and conversations are kept
    ``REF_TTL`` / ``CONV_TTL``, dismissals ``DISMISSED_TTL``, a rate window twice its
    length.
    """

    def __init__(self, store: MessagingStore, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix
        self.keys = MessagingKeys(prefix)

    # -- shoppers' refs ---------------------------------------------------------------
    def arrived(self, site: int, ref: str, visitor: str) -> bool | None:
        """A page of the shopper connected: remember who ``ref`` is, and answer whether
        they have a conversation (None: not known here, ask the database)."""
        pipe = self.store.pipeline(transaction=False)
        pipe.set(self.keys.ref(site, ref), visitor, ex=REF_TTL)
        pipe.get(self.keys.conversation(site, visitor))
        pipe.sismember(self.keys.conversations(site), visitor)
        pipe.sismember(self.keys.conversations(site), SEEDED)
        _, found, member, seeded = pipe.execute()
        if found is not None:
            return bool(found == "1")
        return bool(member) if seeded else None

    def seed_conversations(self, site: int, visitors: list[str]) -> None:
        """Every visitor of the site with a conversation (read from the database): from
        now on a shopper outside the set has none. Creations since the read were added
        to the same set, so none is lost."""
        key = self.keys.conversations(site)
        pipe = self.store.pipeline(transaction=False)
        for start in range(0, len(visitors), 1000):
            pipe.sadd(key, *visitors[start:start + 1000])
        pipe.sadd(key, SEEDED)
        pipe.expire(key, CONV_TTL)
        pipe.execute()

    def visitor_of(self, site: int, ref: str) -> str | None:
        found = self.store.get(self.keys.ref(site, ref))
        return str(found) if found else None

    # -- conversations ----------------------------------------------------------------
    def note_conversation(self, site: int, visitor: str, exists: bool) -> None:
        pipe = self.store.pipeline(transaction=False)
        pipe.set(self.keys.conversation(site, visitor), "1" if exists else "0", ex=CONV_TTL)
        if exists:
            pipe.sadd(self.keys.conversations(site), visitor)
        pipe.execute()

    def was_live(self, conversation: int, live: bool) -> bool | None:
        """Record whether the shopper is live; return what was recorded before (None the
        first time). Atomic, so only one worker sees each change."""
        before = self.store.set(self.keys.chat_live(conversation), "1" if live else "0",
                                ex=CONV_TTL, get=True)
        return None if before is None else before == "1"

    # -- rate limits ------------------------------------------------------------------
    def allow(self, scope: str, who: str, limit: int, per: float, now: float) -> float:
        """Count one send by ``who``; 0 when within ``limit`` per ``per`` seconds, else
        the seconds until they may send again."""
        window = int(now // per)
        key = self.keys.rate(scope, who, window)
        pipe = self.store.pipeline(transaction=False)
        pipe.hincrby(key, "n", 1)
        pipe.expire(key, int(per) * 2)
        count = int(pipe.execute()[0])
        if count <= limit:
            return 0.0
        return max((window + 1) * per - now, 1.0)

    # -- broadcasts -------------------------------------------------------------------
    def broadcasts_version(self, site: int) -> str:
        return str(self.store.get(self.keys.broadcasts_version(site)) or "")

    def broadcasts_changed(self, site: int) -> None:
        self.store.set(self.keys.broadcasts_version(site), uuid.uuid4().hex)

    def claim_announcement(self, broadcast: int, worker: str, ttl: float) -> bool:
        """True for exactly one caller per broadcast, whichever worker asks first."""
        return bool(self.store.set(self.keys.announced(broadcast), worker, nx=True,
                                   ex=max(int(ttl), 60)))

    def dismiss(self, site: int, visitor: str, broadcast: int) -> None:
        key = self.keys.dismissed(site, visitor)
        pipe = self.store.pipeline(transaction=False)
        pipe.sadd(key, broadcast)
        pipe.expire(key, DISMISSED_TTL)
        pipe.execute()

    def dismissed(self, site: int, visitor: str) -> set[int]:
        return {int(b) for b in self.store.smembers(self.keys.dismissed(site, visitor))}
