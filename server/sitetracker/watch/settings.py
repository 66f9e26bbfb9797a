"""Each site's watch settings: the live view (``live``) and lead-up recordings on
checkout pages (``lead``), both off for a new site; read through a short cache."""

from __future__ import annotations

import time
from dataclasses import dataclass

from peewee import IntegrityError

from ..db import database
from ..models import utcnow
from ..storage.failures import DATABASE_AWAY
from .models import WatchSetting

TTL = 5.0


@dataclass(frozen=True)
class Setting:
    live: bool = False
    lead: bool = False


def stored(site_id: int) -> Setting:
    with database.connection_context():
        row = WatchSetting.get_or_none(WatchSetting.site == site_id)
    return Setting(bool(row.live), bool(row.lead)) if row is not None else Setting()


def save(site_id: int, setting: Setting) -> Setting:
    """Store the site's setting (committed before returning)."""
    values = {"live": setting.live, "lead": setting.lead, "updated_at": utcnow()}
    with database.connection_context(), database.atomic():
        # Asked directly: MySQL counts an UPDATE that changes nothing as no row.
        if WatchSetting.select().where(WatchSetting.site == site_id).exists():
            WatchSetting.update(**values).where(WatchSetting.site == site_id).execute()
        else:
            try:
                with database.atomic():
                    WatchSetting.create(site=site_id, **values)
            except IntegrityError:  # created at the same moment elsewhere
                WatchSetting.update(**values).where(WatchSetting.site == site_id).execute()
    return stored(site_id)


class Settings:
    """The settings of every site, each read from storage at most every ``ttl`` s."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._cache: dict[int, tuple[float, Setting]] = {}

    def of(self, site_id: int) -> Setting:
        now = time.monotonic()
        cached = self._cache.get(site_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            setting = stored(site_id)
        except DATABASE_AWAY:  # the live channel goes on with what was read last
            return cached[1] if cached is not None else Setting()
        if len(self._cache) > 10000:
            self._cache.clear()
        self._cache[site_id] = (now, setting)
        return setting

    def forget(self, site_id: int) -> None:
        self._cache.pop(site_id, None)
