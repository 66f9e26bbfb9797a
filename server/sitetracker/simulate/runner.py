"""Runs a number of shoppers at once against a running server, until told to stop.

Each of the ``shoppers`` slots has its own thread (a green thread when the process was
started by the ``sitetracker`` command, which monkey-patches for eventlet) and runs one
visit after another: when a shopper leaves, the next one arrives, so the live board
stays at a steady state. Every wait is a wait on the stop event, so a stop (``duration``
elapsed, ``stop_event`` set, :meth:`Simulation.stop`) ends every visit at once: each
shopper sends its final ``leave`` by beacon and closes its connection, then its thread
ends. A summary line is logged every 10 seconds.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from dataclasses import dataclass

import requests

from .client import Refused, ShopperClient
from .profiles import BOT_SHARE, Profile, VisitorPool, draw
from .shopper import CLOSE, OPEN, Step, plan
from .stats import Stats

log = logging.getLogger(__name__)

SUMMARY_EVERY = 10.0
RAMP_UP = 10.0  # the first shoppers arrive over this many seconds (before speed)
SERVER_WAIT = 15.0  # how long to wait for the server to answer /healthz at start
JOIN_TIMEOUT = 20.0  # how long stopping may take (beacons time out after 5 s)


class SimulationError(RuntimeError):
    """The simulation could not run: the server is unreachable, or refused the site
    key or the origin. The message says which."""


@dataclass(frozen=True)
class Target:
    base_url: str
    site_key: str
    origin: str
    speed: float = 1.0
    bot_share: float = BOT_SHARE


class _Slots:
    """The shoppers' threads and what they share: the stop event, stats, returning ids."""

    def __init__(self, target: Target, stop: threading.Event, stats: Stats) -> None:
        self.target = target
        self.stop = stop
        self.stats = stats
        self.pool = VisitorPool()
        self.refusal = ""

    def run_slot(self, seed: int) -> None:
        rng = random.Random(seed)
        speed = self.target.speed
        if self.stop.wait(rng.uniform(0, RAMP_UP) / speed):
            return
        while not self.stop.is_set():
            profile = draw(rng, self.pool, self.target.bot_share)
            self.visit(profile, plan(rng, profile, self.target.origin))
            if self.stop.wait(rng.uniform(0.5, 3.0) / speed):
                return

    def visit(self, profile: Profile, steps: list[Step]) -> None:
        """One shopper's visit, step by step; ends early (cleanly) on stop."""
        target, stats = self.target, self.stats
        stats.arrived(profile.is_bot, not profile.live_connection, profile.returning)
        client = ShopperClient(target.base_url, target.site_key, target.origin, profile, stats)
        page_open = False
        try:
            for step in steps:
                if self.stop.wait(step.wait / target.speed):
                    break
                if step.action == OPEN:
                    client.connect()
                    page_open = True
                if step.action == CLOSE:
                    client.beacon(step.events)
                    client.disconnect()
                    page_open = False
                else:
                    client.send(step.events)
                for event in step.events:
                    if event["n"] == "purchase":
                        stats.purchased(float(event["p"]["value"]))
            if page_open:
                client.beacon(({"n": "leave", "i": f"{profile.visitor[:40]}.end"},))
        except Refused as exc:
            self.refuse(str(exc))
        except Exception:
            log.exception("a simulated shopper failed")
            stats.error("shopper failed")
            self.stop.wait(1.0)  # no hot loop if this keeps happening
        finally:
            client.close()
            stats.left()
            if not profile.is_bot:
                self.pool.give(profile.visitor)

    def refuse(self, message: str) -> None:
        if not self.refusal:
            self.refusal = message
            log.error("stopping: %s", message)
        self.stop.set()


def wait_for_server(base_url: str, stop: threading.Event, within: float = SERVER_WAIT) -> None:
    """Wait until ``GET /healthz`` answers, or raise SimulationError after ``within`` s."""
    deadline = time.monotonic() + within
    for attempt in itertools.count():
        try:
            requests.get(base_url.rstrip("/") + "/healthz", timeout=5).raise_for_status()
            return
        except requests.RequestException as exc:
            reason = "no connection" if isinstance(exc, requests.ConnectionError) else str(exc)
            if time.monotonic() >= deadline or stop.wait(0.5):
                raise SimulationError(
                    f"the server at {base_url} does not answer GET /healthz: {reason}"
                ) from None
            if attempt == 0:
                log.info("waiting for the server at %s (%s)", base_url, reason)


def run_simulation(base_url: str, site_key: str, shoppers: int, origin: str,
                   duration: float | None = None, speed: float = 1.0, seed: int | None = None,
                   stop_event: threading.Event | None = None, *,
                   bot_share: float = BOT_SHARE, stats: Stats | None = None) -> Stats:
    """Run ``shoppers`` concurrent shoppers on the site until ``duration`` seconds pass
    or ``stop_event`` is set; return what they did.

    ``speed`` divides every wait (10 makes visits ten times shorter); ``seed`` makes
    the shoppers and their journeys repeatable; ``stats`` may be passed in to watch
    the run from another thread. Raises SimulationError when the server cannot be
    reached or refuses the site key or the origin.
    """
    if shoppers < 1:
        raise ValueError("shoppers: at least 1")
    if speed <= 0:
        raise ValueError("speed: must be above 0")
    stop = stop_event or threading.Event()
    stats = stats if stats is not None else Stats()
    wait_for_server(base_url, stop)
    slots = _Slots(Target(base_url, site_key, origin, speed, bot_share), stop, stats)
    master = random.Random(seed)
    threads = [
        threading.Thread(target=slots.run_slot, args=(master.getrandbits(64),),
                         name=f"shopper-{n}", daemon=True)
        for n in range(shoppers)
    ]
    log.info("simulating %d shoppers on site %s from %s at %s (speed %g)", shoppers,
             site_key, origin, base_url, speed)
    for thread in threads:
        thread.start()
    started = time.monotonic()
    next_summary = started + SUMMARY_EVERY
    try:
        while not stop.is_set():
            now = time.monotonic()
            until = next_summary if duration is None else min(next_summary, started + duration)
            if stop.wait(max(0.0, until - now)):
                break
            if duration is not None and time.monotonic() - started >= duration:
                break
            log.info("%s", stats.summary())
            next_summary += SUMMARY_EVERY
    finally:
        stop.set()
        deadline = time.monotonic() + JOIN_TIMEOUT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        still = sum(thread.is_alive() for thread in threads)
        if still:
            log.warning("%d shoppers did not finish within %g s", still, JOIN_TIMEOUT)
        log.info("stopped: %s", stats.summary())
    if slots.refusal:
        raise SimulationError(slots.refusal)
    return stats


@dataclass
class Simulation:
    """A simulation running in a background thread (see :func:`start_in_background`)."""

    stats: Stats
    stop_event: threading.Event
    thread: threading.Thread | None = None
    error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self, timeout: float = JOIN_TIMEOUT + 10) -> Stats:
        """Stop every shopper and wait for them; raise what ended the run, if anything."""
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.stats


def start_in_background(base_url: str, site_key: str, shoppers: int, origin: str,
                        duration: float | None = None, speed: float = 1.0,
                        seed: int | None = None, *, bot_share: float = BOT_SHARE
                        ) -> Simulation:
    """Start :func:`run_simulation` in a thread: ``.stats`` shows it as it runs,
    ``.stop()`` ends it."""
    simulation = Simulation(Stats(), threading.Event())

    def run() -> None:
        try:
            run_simulation(base_url, site_key, shoppers, origin, duration, speed, seed,
                           simulation.stop_event, bot_share=bot_share,
                           stats=simulation.stats)
        except Exception as exc:  # noqa: BLE001 - raised again by stop()
            simulation.error = exc

    simulation.thread = threading.Thread(target=run, name="simulation", daemon=True)
    simulation.thread.start()
    return simulation
