"""Web Vitals sent by a shopper's beacons, and read back from the API."""

from __future__ import annotations

from ..reading import read


def vitals_of(client, world, headers, query=""):
    return read(client, world, headers, "vitals", query)


def send_vitals(shopper, path, metric, values):
    shopper.beacon(*[{"n": "vital", "u": shopper.origin + path, "p": {"m": metric, "v": v}}
                     for v in values])
