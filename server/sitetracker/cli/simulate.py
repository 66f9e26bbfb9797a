"""``sitetracker simulate``: realistic shoppers on a running server, through the real
protocol (live connections and beacons), until Ctrl-C, SIGTERM or ``--duration``."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from urllib.parse import urlparse

import click

from .. import logs
from ..ingest.schemas import KEY_RE
from ..simulate import SimulationError, run_simulation

DEFAULT_URL = "http://127.0.0.1:8000"
DEFAULT_ORIGIN = "https://demo.sitetracker.test"


def _http_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise click.BadParameter(f"must be an http:// or https:// URL, got {value!r}")
    return value.rstrip("/")


def _site_key(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not KEY_RE.match(value):
        raise click.BadParameter("not a site key (see: sitetracker sites list)")
    return value


@click.command("simulate")
@click.option("--site", "site_key", required=True, metavar="KEY", callback=_site_key,
              help="The site's public key.")
@click.option("--shoppers", required=True, type=click.IntRange(1, 5000), metavar="N",
              help="How many shoppers are on the store at once.")
@click.option("--url", default=DEFAULT_URL, metavar="URL", show_default=True,
              callback=_http_url, help="The SiteTracker server.")
@click.option("--duration", type=click.FloatRange(0, min_open=True), metavar="SECONDS",
              help="Stop after this long (default: on Ctrl-C or SIGTERM).")
@click.option("--origin", default=DEFAULT_ORIGIN, metavar="URL", show_default=True,
              callback=_http_url, help="The store's pages' origin: one of the site's domains.")
@click.option("--speed", type=click.FloatRange(0.1, 100), default=1.0, show_default=True,
              help="Run every journey this many times faster.")
@click.option("--seed", type=int, help="Repeat the same shoppers and journeys.")
def simulate_command(site_key: str, shoppers: int, url: str, duration: float | None,
                     origin: str, speed: float, seed: int | None) -> None:
    """Drive realistic shoppers through the real protocol against a running server."""
    logs.configure("INFO")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        stats = run_simulation(url, site_key, shoppers, origin, duration, speed, seed, stop)
    except SimulationError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo(f"Simulated {stats.shoppers} shoppers ({stats.bots} bots): {stats.events} "
               f"events, {stats.kept} kept; {stats.purchases} purchases, "
               f"${stats.revenue:,.2f}.")
