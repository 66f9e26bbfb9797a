"""One shopper's visit, planned as a list of steps: what they send, and when.

Each step waits some seconds (before the run's speed factor), then does one thing:

* ``OPEN`` a page: its live connection comes up (unless the shopper has none), then
  the pageview is sent;
* ``SEND`` events from the open page (engaged time, cart and checkout events): on the
  live connection, or by beacon when it is down;
* ``CLOSE`` the page: its ``leave`` goes by beacon, as a closing page's does, and its
  live connection goes down. Moving to another page is a ``CLOSE`` then an ``OPEN``.

Engaged time is reported as the widget does: ``engage`` every 5 seconds with the seconds
engaged since the last report (at most 5), the rest with ``leave``; a page without a
live connection sends ``engage`` with ``e: 0`` every 15 seconds while the shopper is
idle, so they stay live. Planning does no I/O: plans can be checked against the
server's own schemas without a server.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .profiles import COLLECTIONS, Product, Profile, pick_product

OPEN, SEND, CLOSE = "open", "send", "close"
TICK = 5.0
HEARTBEAT = 15.0
BROWSE_FOR = 240.0  # no new pages after this; checkout may run a little longer
CURRENCY = "USD"
DECLINED = {"code": "card_declined", "message": "Your card was declined."}


@dataclass(frozen=True)
class Step:
    wait: float
    action: str  # OPEN, SEND or CLOSE
    events: tuple[dict[str, Any], ...]


@dataclass
class _Line:
    product: Product
    quantity: int

    @property
    def value(self) -> float:
        return round(self.product.price * self.quantity, 2)


@dataclass
class Journey:
    """Builds a plan step by step, keeping the clock, the open page and the cart."""

    rng: random.Random
    profile: Profile
    origin: str
    steps: list[Step] = field(default_factory=list)
    url: str = ""
    elapsed: float = 0.0
    cart: list[_Line] = field(default_factory=list)
    _wait: float = 0.0  # seconds since the last step
    _quiet: float = 0.0  # seconds since the page last sent anything
    _unreported: float = 0.0  # engaged seconds not yet reported
    _since_tick: float = 0.0  # seconds on the page since the last 5-second report
    _sent: int = 0  # events planned so far (their ids count them)

    @property
    def total(self) -> float:
        return round(sum(line.value for line in self.cart), 2)

    def _step(self, action: str, *events: dict[str, Any]) -> None:
        for event in events:  # each event's own id, as the widget gives it (``i``)
            self._sent += 1
            event["i"] = f"{self.profile.visitor[:40]}.{self._sent}"
        self.steps.append(Step(round(self._wait, 2), action, events))
        self._wait = self._quiet = 0.0

    def open(self, path: str, referrer: str = "") -> None:
        """Go to ``path`` on the store (closing the page before), after it loads."""
        if self.url:
            self.close()
        self.pause(self.rng.uniform(0.3, 1.5))
        self.url = self.origin + path
        self._since_tick = 0.0
        pageview: dict[str, Any] = {"n": "pageview", "u": self.url}
        if referrer:
            pageview["r"] = referrer
        events = [pageview]
        slug = path.split("?")[0].removeprefix("/products/")
        if slug != path.split("?")[0] and not self.profile.is_bot:
            # A product page tells which product it shows, as the store's snippet does.
            events.append({"n": "view_item", "p": {"product": slug}})
        self._step(OPEN, *events)

    def pause(self, seconds: float) -> None:
        self._wait += seconds
        self._quiet += seconds
        self.elapsed += seconds

    def read(self, seconds: float, attention: float = 0.8) -> None:
        """Stay on the page ``seconds``, engaged in about ``attention`` of the time."""
        left = seconds
        while left > 0:
            chunk = min(TICK - self._since_tick, left)
            left -= chunk
            self.pause(chunk)
            self._since_tick += chunk
            if self.rng.random() < attention:
                self._unreported += chunk * self.rng.uniform(0.4, 1.0)
            if self._since_tick >= TICK - 1e-9:
                self._since_tick = 0.0
                if round(self._unreported, 1) > 0:
                    engaged = min(self._unreported, TICK)
                    self._unreported -= engaged
                    self._step(SEND, {"n": "engage", "e": round(engaged, 1)})
                    continue
            if not self.profile.live_connection and self._quiet >= HEARTBEAT:
                self._step(SEND, {"n": "engage", "e": 0})

    def send(self, name: str, props: dict[str, Any]) -> None:
        self._step(SEND, {"n": name, "p": props})

    def close(self) -> None:
        """The page closes: what is left of its engaged time goes with ``leave``."""
        leave: dict[str, Any] = {"n": "leave"}
        if round(self._unreported, 1) > 0:
            leave["e"] = round(self._unreported, 1)
        self._unreported = 0.0
        self._step(CLOSE, leave)
        self.url = ""


def plan(rng: random.Random, profile: Profile, origin: str) -> list[Step]:
    """The steps of one visit by ``profile`` to the store at ``origin``."""
    journey = Journey(rng, profile, origin.rstrip("/"))
    if profile.is_bot:
        _crawl(journey)
    else:
        _land(journey)
        intent = rng.choices(("bounce", "browse", "buy"), (30, 35, 35))[0]
        if intent == "browse":
            _browse(journey, rng.randint(1, 5))
        elif intent == "buy":
            _browse(journey, rng.randint(0, 2))
            _shop(journey)
    if journey.url:
        journey.close()
    return journey.steps


def _land(journey: Journey) -> None:
    rng, source = journey.rng, journey.profile.source
    if source.landing == "product" or (source.landing == "home" and rng.random() < 0.2):
        path = f"/products/{pick_product(rng).slug}"
    elif source.landing == "collection":
        path = f"/collections/{rng.choice(COLLECTIONS)}"
    else:
        path = "/"
    journey.open(f"{path}?{source.query}" if source.query else path, source.referrer)
    journey.read(rng.uniform(5, 40))


def _browse(journey: Journey, pages: int) -> None:
    rng = journey.rng
    for _ in range(pages):
        if journey.elapsed > BROWSE_FOR:
            return
        if rng.random() < 0.3:
            journey.open(f"/collections/{rng.choice(COLLECTIONS)}")
            journey.read(rng.uniform(5, 25))
        else:
            journey.open(f"/products/{pick_product(rng).slug}")
            journey.read(rng.uniform(8, 50))


def _shop(journey: Journey) -> None:
    """Fill the cart, maybe change it, then maybe check out and pay."""
    rng = journey.rng
    for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
        if journey.elapsed > BROWSE_FOR:
            break
        product = pick_product(rng)
        journey.open(f"/products/{product.slug}")
        journey.read(rng.uniform(8, 40))
        line = _Line(product, 2 if rng.random() < 0.15 else 1)
        journey.cart.append(line)
        journey.send("add_to_cart", {"product": product.slug, "quantity": line.quantity,
                                     "value": line.value})
        journey.read(rng.uniform(2, 8))
    journey.open("/cart")
    journey.read(rng.uniform(5, 20))
    if rng.random() < 0.2:
        line = journey.cart.pop(rng.randrange(len(journey.cart)))
        journey.send("remove_from_cart", {"product": line.product.slug,
                                          "quantity": line.quantity, "value": line.value})
        journey.read(rng.uniform(3, 10))
    if not journey.cart or rng.random() < 0.4:
        return  # an abandoned cart
    journey.send("checkout", {"value": journey.total})
    journey.open("/checkout")
    journey.read(rng.uniform(20, 60))  # address and card details
    if rng.random() < 0.15:
        return  # abandoned at the payment form
    _pay(journey)


def _pay(journey: Journey) -> None:
    """Press pay: most cards go through; some are declined, and the shopper tries again
    (2 to 4 presses within about two minutes) before paying or giving up."""
    rng = journey.rng
    presses = 1 if rng.random() < 0.75 else rng.randint(2, 4)
    for press in range(1, presses + 1):
        journey.send("pay_now", {"value": journey.total})
        journey.read(rng.uniform(2, 5), attention=1.0)
        declined = press < presses or (presses > 1 and rng.random() < 0.5)
        if not declined:
            journey.open("/checkout/thank-you")
            journey.send("purchase", {
                "order_id": str(rng.randint(100000, 999999)),
                "value": journey.total,
                "currency": CURRENCY,
                "items": sum(line.quantity for line in journey.cart),
            })
            journey.read(rng.uniform(5, 20))
            return
        journey.send("payment_error", dict(DECLINED))
        journey.read(rng.uniform(10, 35), attention=1.0)  # another card, or giving up


def _crawl(journey: Journey) -> None:
    """A bot: a few pages, quickly, nothing engaged."""
    rng = journey.rng
    journey.open("/")
    for _ in range(rng.randint(1, 5)):
        journey.pause(rng.uniform(0.5, 3))
        if rng.random() < 0.5:
            journey.open(f"/collections/{rng.choice(COLLECTIONS)}")
        else:
            journey.open(f"/products/{pick_product(rng).slug}")
    journey.pause(rng.uniform(0.5, 3))
