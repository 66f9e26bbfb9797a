"""Where a shopper is: country, region, city and coordinates from their IP address.

Trusted CDN headers come first (only behind a trusted proxy); then a MaxMind-format
database opened once at start: the one named by ``SITETRACKER_GEOIP_DB`` (a current
GeoLite2-City or DB-IP City Lite file), or the GeoLite2-City database that ships inside
the ``maxminddb-geolite2`` package so the embedded default works offline. The IP address
is used for the lookup and then forgotten; it is never stored.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from typing import Any

import geoip2.database
import geoip2.errors

from ..domain import Location

log = logging.getLogger(__name__)

COUNTRY_HEADERS = ("CF-IPCountry", "CloudFront-Viewer-Country", "X-Country-Code")


UNKNOWN = Location()


def packaged_database() -> str | None:
    """The GeoLite2-City file shipped with maxminddb-geolite2, if installed."""
    try:
        from _maxminddb_geolite2 import geolite2_database
    except ImportError:
        return None
    return str(geolite2_database())


class GeoLocator:
    """Looks up IP addresses in one database, with a cache of recent answers."""

    def __init__(self, path: str | None) -> None:
        self.path = path or packaged_database()
        self.reader: Any = None
        if self.path:
            self.reader = geoip2.database.Reader(self.path)
            meta = self.reader.metadata()
            log.info("geo database %s (%s, built %s)", self.path, meta.database_type,
                     meta.build_epoch)
        else:
            log.warning("no geo database: locations will be unknown")
        self.lookup = lru_cache(maxsize=8192)(self._lookup)

    def _lookup(self, ip: str) -> Location:
        if self.reader is None:
            return UNKNOWN
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return UNKNOWN
        if not address.is_global:
            return UNKNOWN
        try:
            found = self.reader.city(ip)
        except (geoip2.errors.AddressNotFoundError, ValueError):
            return UNKNOWN
        return Location(
            country=found.country.iso_code or "",
            country_name=(found.country.name or "")[:80],
            region=(found.subdivisions.most_specific.name or "")[:80],
            city=(found.city.name or "")[:80],
            lat=found.location.latitude,
            lon=found.location.longitude,
        )

    def locate(self, ip: str | None, headers: Any = None) -> Location:
        """Location of ``ip``; ``headers`` are CDN headers, passed only when trusted."""
        location = self.lookup(ip) if ip else UNKNOWN
        if headers is not None and not location.country:
            for name in COUNTRY_HEADERS:
                code = str(headers.get(name, "")).upper()
                if len(code) == 2 and code.isalpha() and code not in ("XX", "T1"):
                    return Location(country=code)
        return location
