"""Commerce's live state, kept beside :mod:`sitetracker.live.state` in the same store
(Redis when several workers run, else memory) under the same prefix (``st``), spelled
only by :class:`CommerceKeys`::

    st:fun:<site>:<day>:<stage>        set     hashed visitors who reached the stage
                                               (cart, checkout, purchase) that day
    st:cart:<site>:<visitor>           hash    q:<product>, v:<product>: the open cart
    st:carts:<site>                    hash    visitor -> their open cart's value, kept
                                               on every cart change, so the snapshot
                                               reads the carts there are, not one
                                               lookup per live shopper
    st:seen:<site>:<visitor>           list    the shopper's last 10 pages, newest first
    st:errs:<site>:<visitor>           list    their last 10 payment errors
    st:times:<site>:<visitor>:<event>  zset    the latest times of an event rules count
    st:fired:<site>:<rule>:<who>       string  until when the rule stays quiet for them
    st:sales:<site>:<day>              hash    n:<currency> orders, v:<currency> value
    st:evd:<site>:<day>                hash    event name -> times today

Order ids already counted are kept in the database (:mod:`sitetracker.ingest.received`).
Nothing here holds a shopper's contact. Like all live state it knows nothing of the
database; :mod:`.funnel` seeds it from storage after a restart.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ..store_api import Hashes, KeyValue, Lists, Pipeline, Pipelines, Sets, SortedSets

DAY_TTL = 3 * 24 * 3600
CART_TTL = 3 * 24 * 3600
SHOPPER_TTL = 24 * 3600
KEEP_PAGES = 10
KEEP_ERRORS = 10
MAX_COUNTED = 1000  # the most times of one event kept per shopper (rules' N is at most this)


class CommerceKeys:
    """Where commerce keeps what (the layout in the module docstring): the one place its
    keys are spelled, and the patterns that find a shopper's (for erasure)."""

    KINDS = frozenset({"fun", "cart", "carts", "seen", "errs", "times", "fired", "sales",
                       "evd", "cver"})  # the first part after the prefix: this feature's own

    def __init__(self, prefix: str = "st") -> None:
        self.prefix = prefix

    def funnel(self, site: int, day: date, stage: str) -> str:
        return f"{self.prefix}:fun:{site}:{day.isoformat()}:{stage}"

    def funnels(self, site: int) -> str:
        """The pattern of every day's funnel stages of the site."""
        return f"{self.prefix}:fun:{site}:*"

    def cart(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:cart:{site}:{visitor}"

    def carts(self, site: int) -> str:
        return f"{self.prefix}:carts:{site}"

    def changed(self, site: int) -> str:
        """The version of the site's funnel stages and open carts, bumped on each write."""
        return f"{self.prefix}:cver:{site}"

    def pages(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:seen:{site}:{visitor}"

    def errors(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:errs:{site}:{visitor}"

    def times(self, site: int, visitor: str, event: str) -> str:
        return f"{self.prefix}:times:{site}:{visitor}:{event}"

    def times_of(self, site: int, visitor: str) -> str:
        """The pattern of every event's times of the shopper."""
        return f"{self.prefix}:times:{site}:{visitor}:*"

    def fired(self, site: int, rule: int | str, who: str) -> str:
        return f"{self.prefix}:fired:{site}:{rule}:{who}"

    def fired_for(self, site: int, who: str) -> str:
        """The pattern of every rule's quiet period for ``who``."""
        return self.fired(site, "*", who)

    def sales(self, site: int, day: date) -> str:
        return f"{self.prefix}:sales:{site}:{day.isoformat()}"

    def events(self, site: int, day: date) -> str:
        return f"{self.prefix}:evd:{site}:{day.isoformat()}"


@dataclass
class Cart:
    """A shopper's open cart: ``lines`` are ``{product, quantity, value}``."""

    lines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def value(self) -> float:
        return round(sum(line["value"] for line in self.lines), 2)

    @property
    def items(self) -> int:
        return sum(line["quantity"] for line in self.lines)

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "items": self.items, "lines": self.lines}

    @classmethod
    def from_hash(cls, data: dict[str, str]) -> Cart:
        lines = []
        for key, quantity in sorted(data.items()):
            if not key.startswith("q:"):
                continue
            product = key[2:]
            value = max(round(float(data.get("v:" + product) or 0), 2), 0.0)
            if int(quantity) > 0:
                lines.append({"product": product, "quantity": int(quantity), "value": value})
        return cls(lines)


class CommerceStore(KeyValue, Hashes, Sets, SortedSets, Lists, Pipelines, Protocol):
    """The live store's commands commerce uses."""


class CommerceState:
    """Commerce's live state (keys: :class:`CommerceKeys`): today's funnel, sales and
    event counts per site, each shopper's open cart, last pages and payment errors, and
    the rules' counted times and quiet periods.

    Shared by every worker on the store (one process's only with the in-memory store,
    and lost on its restart: :mod:`.funnel` seeds the day again from storage; carts,
    pages and errors are not seeded). Days are kept ``DAY_TTL``, carts ``CART_TTL``
    after their last change, what a shopper did ``SHOPPER_TTL``; at most
    ``KEEP_PAGES`` pages, ``KEEP_ERRORS`` errors and ``MAX_COUNTED`` times of one event
    per shopper.
    """

    def __init__(self, store: CommerceStore, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix
        self.keys = CommerceKeys(prefix)

    # -- the funnel -------------------------------------------------------------------
    def reach(self, site: int, day: date, visitor_hash: str, stages: tuple[str, ...]
              ) -> list[str]:
        """Note that the shopper reached ``stages`` today; return those new today."""
        pipe = self.store.pipeline(transaction=False)
        for stage in stages:
            key = self.keys.funnel(site, day, stage)
            pipe.sadd(key, visitor_hash)
            pipe.expire(key, DAY_TTL)
        self._bump(pipe, site)
        answers = pipe.execute()[:-2]
        return [stage for stage, added in zip(stages, answers[::2], strict=True) if added]

    def unreach(self, site: int, day: date, visitor_hash: str, stages: list[str]) -> None:
        """Stages noted by :meth:`reach` whose rows could not be stored: new again."""
        pipe = self.store.pipeline(transaction=False)
        for stage in stages:
            pipe.srem(self.keys.funnel(site, day, stage), visitor_hash)
        self._bump(pipe, site)
        pipe.execute()

    def seed_stage(self, site: int, day: date, stage: str, hashes: list[str]) -> None:
        if hashes:
            key = self.keys.funnel(site, day, stage)
            pipe = self.store.pipeline(transaction=False)
            pipe.sadd(key, *hashes)
            pipe.expire(key, DAY_TTL)
            self._bump(pipe, site)
            pipe.execute()

    def funnel(self, site: int, day: date, stages: tuple[str, ...]) -> dict[str, set[str]]:
        pipe = self.store.pipeline(transaction=False)
        for stage in stages:
            pipe.smembers(self.keys.funnel(site, day, stage))
        return {stage: set(members) for stage, members in zip(stages, pipe.execute(),
                                                                strict=True)}

    # -- carts ------------------------------------------------------------------------
    def add_to_cart(self, site: int, visitor: str, product: str, quantity: int,
                    value: float) -> Cart:
        key = self.keys.cart(site, visitor)
        pipe = self.store.pipeline(transaction=False)
        pipe.hincrby(key, "q:" + product, quantity)
        pipe.hincrbyfloat(key, "v:" + product, value)
        pipe.expire(key, CART_TTL)
        pipe.hgetall(key)
        cart = Cart.from_hash(pipe.execute()[-1])
        self._index(site, visitor, cart)
        return cart

    def _index(self, site: int, visitor: str, cart: Cart) -> None:
        """Note the cart's value in the site's index of open carts."""
        key = self.keys.carts(site)
        pipe = self.store.pipeline(transaction=False)
        if cart.value > 0:
            pipe.hset(key, mapping={visitor: repr(cart.value)})
            pipe.expire(key, CART_TTL)
        else:
            pipe.hdel(key, visitor)
        self._bump(pipe, site)
        pipe.execute()

    def remove_from_cart(self, site: int, visitor: str, product: str,
                         quantity: int | None, value: float | None) -> Cart:
        """Take ``quantity`` (all when None) of ``product`` out; ``value`` defaults to
        the line's value per item."""
        key = self.keys.cart(site, visitor)
        line = next((x for x in self.cart(site, visitor).lines if x["product"] == product),
                    None)
        if line is not None:
            if quantity is None or quantity >= line["quantity"]:
                self.store.hdel(key, "q:" + product, "v:" + product)
            else:
                each = line["value"] / line["quantity"]
                taken = value if value is not None else each * quantity
                self.store.hset(key, mapping={
                    "q:" + product: line["quantity"] - quantity,
                    "v:" + product: repr(max(line["value"] - taken, 0.0)),
                })
        cart = self.cart(site, visitor)
        self._index(site, visitor, cart)
        return cart

    def cart(self, site: int, visitor: str) -> Cart:
        return Cart.from_hash(self.store.hgetall(self.keys.cart(site, visitor)))

    def carts(self, site: int, visitors: list[str]) -> dict[str, Cart]:
        pipe = self.store.pipeline(transaction=False)
        for visitor in visitors:
            pipe.hgetall(self.keys.cart(site, visitor))
        return {v: Cart.from_hash(data) for v, data in zip(visitors, pipe.execute(),
                                                             strict=True)}

    def open_carts(self, site: int, among: set[str]) -> dict[str, Cart]:
        """The open carts of the visitors ``among``: those the index names, each read
        (a cart expired or emptied since leaves the index here)."""
        indexed = [v for v in self.store.hgetall(self.keys.carts(site)) if v in among]
        carts = self.carts(site, indexed)
        gone = [v for v, cart in carts.items() if not cart.lines]
        if gone:
            self.store.hdel(self.keys.carts(site), *gone)
        return {v: cart for v, cart in carts.items() if cart.value > 0}

    def clear_cart(self, site: int, visitor: str) -> None:
        pipe = self.store.pipeline(transaction=False)
        pipe.delete(self.keys.cart(site, visitor))
        pipe.hdel(self.keys.carts(site), visitor)
        self._bump(pipe, site)
        pipe.execute()

    def _bump(self, pipe: Pipeline, site: int) -> None:
        """Note a write to the site's funnel stages or open carts (two commands)."""
        pipe.hincrby(self.keys.changed(site), "v", 1)
        pipe.expire(self.keys.changed(site), CART_TTL)

    def version(self, site: int) -> str:
        """The version :meth:`_bump` moves: gauges counted at one version hold while it
        stays the same (and the live shoppers too)."""
        return str(self.store.hget(self.keys.changed(site), "v") or "0")

    def settle_cart(self, site: int, visitor: str, seconds: int) -> None:
        """Keep the cart only ``seconds`` more (the order is done; its purchase event,
        if the store sends one, may still want to read it)."""
        self.store.expire(self.keys.cart(site, visitor), seconds)

    # -- what a shopper did -----------------------------------------------------------
    def _push(self, key: str, item: str, keep: int) -> None:
        pipe = self.store.pipeline(transaction=False)
        pipe.lpush(key, item)
        pipe.ltrim(key, 0, keep - 1)
        pipe.expire(key, SHOPPER_TTL)
        pipe.execute()

    def add_page(self, site: int, visitor: str, path: str) -> None:
        self._push(self.keys.pages(site, visitor), path, KEEP_PAGES)

    def add_error(self, site: int, visitor: str, error: dict[str, Any]) -> None:
        self._push(self.keys.errors(site, visitor), json.dumps(error), KEEP_ERRORS)

    def shopper(self, site: int, visitor: str) -> tuple[list[str], Cart, list[dict[str, Any]]]:
        """The shopper's last pages (newest first), cart and payment errors seen."""
        pipe = self.store.pipeline(transaction=False)
        pipe.lrange(self.keys.pages(site, visitor), 0, KEEP_PAGES - 1)
        pipe.hgetall(self.keys.cart(site, visitor))
        pipe.lrange(self.keys.errors(site, visitor), 0, KEEP_ERRORS - 1)
        pages, cart, errors = pipe.execute()
        return list(pages), Cart.from_hash(cart), [json.loads(e) for e in errors]

    # -- rules ------------------------------------------------------------------------
    def note_time(self, site: int, visitor: str, event: str, now: float, keep: int,
                  member: str | None = None) -> list[float]:
        """Remember that the shopper sent ``event`` now (as ``member``, unique per
        event); return the latest ``keep`` times they sent it, newest first."""
        key = self.keys.times(site, visitor, event)
        keep = max(1, min(keep, MAX_COUNTED))
        pipe = self.store.pipeline(transaction=False)
        pipe.zadd(key, {member or f"{now!r}:{uuid.uuid4().hex[:8]}": now})
        pipe.zremrangebyrank(key, 0, -(keep + 1))
        pipe.expire(key, SHOPPER_TTL)
        pipe.zrevrange(key, 0, keep - 1, withscores=True)
        return [float(score) for _, score in pipe.execute()[-1]]

    def seed_times(self, site: int, visitor: str, event: str, times: dict[str, float]
                   ) -> None:
        """After a restart: the stored times of an event a rule counts (members as
        :meth:`note_time` wrote them, so seeding twice adds nothing)."""
        if times:
            key = self.keys.times(site, visitor, event)
            pipe = self.store.pipeline(transaction=False)
            pipe.zadd(key, times)
            pipe.zremrangebyrank(key, 0, -(MAX_COUNTED + 1))
            pipe.expire(key, SHOPPER_TTL)
            pipe.execute()

    def seed_fired(self, site: int, rule: int, who: str, until: float, now: float) -> None:
        """After a restart: a rule that fired stays quiet until ``until``."""
        if until > now:
            self.store.set(self.keys.fired(site, rule, who), repr(until), nx=True,
                           ex=max(1, int(until - now)))

    def claim(self, site: int, rule: int, who: str, now: float, window: int) -> bool:
        """True for exactly one caller (across workers) per ``window`` seconds of the
        app's clock: the rule may fire for ``who`` now."""
        key = self.keys.fired(site, rule, who)
        until = repr(now + window)
        if self.store.set(key, until, nx=True, ex=window):
            return True
        seen = self.store.get(key)
        if seen is None:  # expired in between
            return bool(self.store.set(key, until, nx=True, ex=window))
        if float(seen) > now:
            return False
        # The app's clock is past the quiet time though the store's is not: take the key
        # over, unless another worker just did (it would have changed the value).
        return bool(self.store.set(key, until, ex=window, get=True) == seen)

    def release(self, site: int, rule: int, who: str) -> None:
        """Give back a claim whose alert could not be stored, so the next event may
        fire the rule again."""
        self.store.delete(self.keys.fired(site, rule, who))

    # -- today's numbers --------------------------------------------------------------
    def count_event(self, site: int, day: date, name: str) -> None:
        key = self.keys.events(site, day)
        pipe = self.store.pipeline(transaction=False)
        pipe.hincrby(key, name, 1)
        pipe.expire(key, DAY_TTL)
        pipe.execute()

    def add_sale(self, site: int, day: date, currency: str, value: float) -> None:
        key = self.keys.sales(site, day)
        pipe = self.store.pipeline(transaction=False)
        pipe.hincrby(key, "n:" + currency, 1)
        pipe.hincrbyfloat(key, "v:" + currency, value)
        pipe.expire(key, DAY_TTL)
        pipe.execute()

    def seed_sales(self, site: int, day: date, sales: dict[str, tuple[int, float]]) -> None:
        """After a restart: the day's stored sales, unless some are already known."""
        key = self.keys.sales(site, day)
        if not sales or self.store.hgetall(key):
            return
        pipe = self.store.pipeline(transaction=False)
        for currency, (orders, value) in sales.items():
            pipe.hsetnx(key, "n:" + currency, orders)
            pipe.hsetnx(key, "v:" + currency, repr(value))
        pipe.expire(key, DAY_TTL)
        pipe.execute()

    def seed_events(self, site: int, day: date, counts: dict[str, int]) -> None:
        """After a restart: the day's events per type, unless some are already known."""
        key = self.keys.events(site, day)
        if not counts or self.store.hgetall(key):
            return
        pipe = self.store.pipeline(transaction=False)
        for name, count in counts.items():
            pipe.hsetnx(key, name, count)
        pipe.expire(key, DAY_TTL)
        pipe.execute()

    def today(self, site: int, day: date) -> tuple[dict[str, tuple[int, float]], dict[str, int]]:
        """Sales by currency ``{cur: (orders, value)}`` and event counts, today."""
        pipe = self.store.pipeline(transaction=False)
        pipe.hgetall(self.keys.sales(site, day))
        pipe.hgetall(self.keys.events(site, day))
        sales_hash, events = pipe.execute()
        sales = {k[2:]: (int(n), round(float(sales_hash.get("v:" + k[2:]) or 0), 2))
                 for k, n in sales_hash.items() if k.startswith("n:")}
        return sales, {k: int(v) for k, v in events.items()}
