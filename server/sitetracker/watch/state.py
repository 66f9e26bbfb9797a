"""The watch feature's live state, in the live store (Redis with several workers, else
memory), under the live state's prefix (``st``); shoppers by their ref (visitor hash)::

    st:watch:<site>:<ref>       hash    admin socket id -> until when it watches (Unix s)
    st:watching:<site>          set     refs someone watches (for the tick's sweep)
    st:watchby:<sid>            set     "<site>:<ref>" an admin socket watches
    st:wrl:<site>:<ref>:<n>     hash    frames and characters a shopper sent in window n
    st:lead:<site>:<alert>      string  the ref whose pages were asked for the lead-up

Admin sockets live on one worker each; the hash lets any worker relay a shopper's
frames to them through the emitter (the message queue carries them across).
"""

from __future__ import annotations

from typing import Any, Protocol

LEAD_ASK_TTL = 600  # a page has ten minutes to send the lead-up it was asked for


class WatchStore(Protocol):
    """The live store's commands this feature uses."""

    def hset(self, key: str, mapping: dict[str, Any]) -> int: ...
    def hgetall(self, key: str) -> dict[str, str]: ...
    def hdel(self, key: str, *fields: str) -> int: ...
    def hincrby(self, key: str, field: str, amount: int = 1) -> int: ...
    def expire(self, key: str, seconds: float) -> bool: ...
    def sadd(self, key: str, *members: Any) -> int: ...
    def srem(self, key: str, *members: Any) -> int: ...
    def smembers(self, key: str) -> set[str]: ...
    def delete(self, *keys: str) -> int: ...
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> Any: ...


class WatchState:
    def __init__(self, store: WatchStore, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix

    def _key(self, *parts: object) -> str:
        return ":".join((self.prefix, *map(str, parts)))

    # -- who watches whom -------------------------------------------------------------
    def start(self, site: int, ref: str, sid: str, until: float) -> None:
        key = self._key("watch", site, ref)
        self.store.hset(key, {sid: str(until)})
        self.store.expire(key, 3600)
        self.store.sadd(self._key("watching", site), ref)
        self.store.sadd(self._key("watchby", sid), f"{site}:{ref}")
        self.store.expire(self._key("watchby", sid), 3600)

    def stop(self, site: int, ref: str, sid: str) -> bool:
        """Forget that ``sid`` watches; True when nobody watches the shopper any more."""
        key = self._key("watch", site, ref)
        self.store.hdel(key, sid)
        self.store.srem(self._key("watchby", sid), f"{site}:{ref}")
        if self.store.hgetall(key):
            return False
        self.store.delete(key)
        self.store.srem(self._key("watching", site), ref)
        return True

    def watchers(self, site: int, ref: str) -> dict[str, float]:
        """Admin socket id -> until when, for everyone who asked to watch ``ref``."""
        return {sid: float(until) for sid, until in
                self.store.hgetall(self._key("watch", site, ref)).items()}

    def watched(self, site: int) -> set[str]:
        return set(self.store.smembers(self._key("watching", site)))

    def watched_by(self, sid: str) -> list[tuple[int, str]]:
        """What an admin socket watches: ``[(site, ref)]``."""
        found = []
        for member in self.store.smembers(self._key("watchby", sid)):
            site, _, ref = str(member).partition(":")
            found.append((int(site), ref))
        return found

    # -- a shopper's sending budget ---------------------------------------------------
    def spend(self, site: int, ref: str, chars: int, now: float, per: float,
              most_frames: int, most_chars: int) -> bool:
        """Count one frame of ``chars`` characters; False when over the budget."""
        key = self._key("wrl", site, ref, int(now // per))
        frames = self.store.hincrby(key, "f", 1)
        total = self.store.hincrby(key, "c", chars)
        self.store.expire(key, int(per) * 2)
        return frames <= most_frames and total <= most_chars

    # -- lead-up recordings asked for -------------------------------------------------
    def ask_lead(self, site: int, alert: int, ref: str) -> None:
        self.store.set(self._key("lead", site, alert), ref, ex=LEAD_ASK_TTL)

    def lead_asked(self, site: int, alert: int) -> str | None:
        found = self.store.get(self._key("lead", site, alert))
        return str(found) if found else None

    def lead_done(self, site: int, alert: int) -> None:
        self.store.delete(self._key("lead", site, alert))
