"""The watch feature's live state, in the live store (Redis with several workers, else
memory), under the live state's prefix (``st``), spelled only by :class:`WatchKeys`;
shoppers by their ref (visitor hash)::

    st:watch:<site>:<ref>       hash    admin socket id -> until when it watches (Unix s)
    st:watching:<site>          set     refs someone watches (for the tick's sweep)
    st:watchby:<sid>            set     "<site>:<ref>" an admin socket watches
    st:wrl:<site>:<ref>:<n>     hash    frames and characters a shopper sent in window n
    st:lead:<site>:<alert>      string  the ref whose pages were asked for the lead-up

Admin sockets live on one worker each; the hash lets any worker relay a shopper's
frames to them through the emitter (the message queue carries them across).
"""

from __future__ import annotations

from typing import Protocol

from ..store_api import Hashes, KeyValue, Sets

LEAD_ASK_TTL = 600  # a page has ten minutes to send the lead-up it was asked for


class WatchKeys:
    """Where the watch feature keeps what (the layout in the module docstring): the one
    place its keys are spelled."""

    KINDS = frozenset({"watch", "watching", "watchby", "wrl", "lead"})  # this feature's own

    def __init__(self, prefix: str = "st") -> None:
        self.prefix = prefix

    def watchers(self, site: int, ref: str) -> str:
        return f"{self.prefix}:watch:{site}:{ref}"

    def watched(self, site: int) -> str:
        return f"{self.prefix}:watching:{site}"

    def watched_by(self, sid: str) -> str:
        return f"{self.prefix}:watchby:{sid}"

    def budget(self, site: int, ref: str, window: int) -> str:
        return f"{self.prefix}:wrl:{site}:{ref}:{window}"

    def lead(self, site: int, alert: int) -> str:
        return f"{self.prefix}:lead:{site}:{alert}"


class WatchStore(KeyValue, Hashes, Sets, Protocol):
    """The live store's commands this feature uses."""


class WatchState:
    """Who watches which shopper (keys: :class:`WatchKeys`), each shopper's sending
    budget, and the lead-up recordings asked for.

    Shared by every worker on the store, so any worker can relay a shopper's frames to
    the admin sockets watching them; one process's only with the in-memory store, and
    lost on its restart (admins ask to watch again when they reconnect). A watch is
    kept an hour after it was asked for, a budget window twice its length, a lead-up
    ask ``LEAD_ASK_TTL``.
    """

    def __init__(self, store: WatchStore, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix
        self.keys = WatchKeys(prefix)

    # -- who watches whom -------------------------------------------------------------
    def start(self, site: int, ref: str, sid: str, until: float) -> None:
        key = self.keys.watchers(site, ref)
        self.store.hset(key, mapping={sid: str(until)})
        self.store.expire(key, 3600)
        self.store.sadd(self.keys.watched(site), ref)
        self.store.sadd(self.keys.watched_by(sid), f"{site}:{ref}")
        self.store.expire(self.keys.watched_by(sid), 3600)

    def stop(self, site: int, ref: str, sid: str) -> bool:
        """Forget that ``sid`` watches; True when nobody watches the shopper any more."""
        key = self.keys.watchers(site, ref)
        self.store.hdel(key, sid)
        self.store.srem(self.keys.watched_by(sid), f"{site}:{ref}")
        if self.store.hgetall(key):
            return False
        self.store.delete(key)
        self.store.srem(self.keys.watched(site), ref)
        return True

    def watchers(self, site: int, ref: str) -> dict[str, float]:
        """Admin socket id -> until when, for everyone who asked to watch ``ref``."""
        return {sid: float(until) for sid, until in
                self.store.hgetall(self.keys.watchers(site, ref)).items()}

    def watched(self, site: int) -> set[str]:
        return set(self.store.smembers(self.keys.watched(site)))

    def watched_by(self, sid: str) -> list[tuple[int, str]]:
        """What an admin socket watches: ``[(site, ref)]``."""
        found = []
        for member in self.store.smembers(self.keys.watched_by(sid)):
            site, _, ref = str(member).partition(":")
            found.append((int(site), ref))
        return found

    # -- a shopper's sending budget ---------------------------------------------------
    def spend(self, site: int, ref: str, chars: int, now: float, per: float,
              most_frames: int, most_chars: int) -> bool:
        """Count one frame of ``chars`` characters; False when over the budget."""
        key = self.keys.budget(site, ref, int(now // per))
        frames = self.store.hincrby(key, "f", 1)
        total = self.store.hincrby(key, "c", chars)
        self.store.expire(key, int(per) * 2)
        return frames <= most_frames and total <= most_chars

    # -- lead-up recordings asked for -------------------------------------------------
    def ask_lead(self, site: int, alert: int, ref: str) -> None:
        self.store.set(self.keys.lead(site, alert), ref, ex=LEAD_ASK_TTL)

    def lead_asked(self, site: int, alert: int) -> str | None:
        found = self.store.get(self.keys.lead(site, alert))
        return str(found) if found else None

    def lead_done(self, site: int, alert: int) -> None:
        self.store.delete(self.keys.lead(site, alert))
