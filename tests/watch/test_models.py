"""What the watch feature stores (models.py): one setting per site, both off by
default, and a recording's pieces numbered once per alert."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.commerce.models import Alert
from sitetracker.db import database
from sitetracker.watch.models import AlertRecording, WatchSetting


def test_a_site_has_one_watch_setting_both_off_by_default(app, world):
    with database.connection_context():
        setting = WatchSetting.create(site=world.site_a.id)
        assert (setting.live, setting.lead) == (False, False)
        WatchSetting.create(site=world.site_b.id, live=True)
        with pytest.raises(IntegrityError), database.atomic():
            WatchSetting.create(site=world.site_a.id, live=True)


def test_a_recordings_pieces_are_numbered_once_per_alert(app, world):
    with database.connection_context():
        alert = Alert.create(site=world.site_a.id, kind="event_count", severity="emergency",
                             title="t")
        other = Alert.create(site=world.site_a.id, kind="event_count", severity="emergency",
                             title="t")
        for seq in (0, 1):
            AlertRecording.create(alert=alert.id, site=world.site_a.id, seq=seq, data="[")
        AlertRecording.create(alert=other.id, site=world.site_a.id, seq=0, data="[")
        with pytest.raises(IntegrityError), database.atomic():
            AlertRecording.create(alert=alert.id, site=world.site_a.id, seq=1, data="]")
