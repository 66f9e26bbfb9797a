"""Lead-up recordings (recordings.py): stored in pieces with their alert through the
write path, read back whole for the alert's site only."""

from __future__ import annotations

from sitetracker.commerce.models import Alert
from sitetracker.db import database
from sitetracker.watch.models import AlertRecording
from sitetracker.watch.recordings import PIECE, has_recording, recording, recording_write


def alert_of(site) -> int:
    with database.connection_context():
        return Alert.create(site=site.id, kind="event_count", severity="emergency",
                            title="t").id


def events(n: int) -> list[dict]:
    return [{"type": 3, "timestamp": 1773140000000 + i, "data": {"text": "x" * 100}}
            for i in range(n)]


def test_a_long_recording_is_stored_in_pieces_and_read_back_whole(app, world):
    alert = alert_of(world.site_a)
    kept = events(400)  # about 50,000 characters
    write = recording_write(world.site_a.id, alert, "0123456789abcdef", kept)
    app.extensions["sitetracker"].write_path.commit([write])
    with database.connection_context():
        pieces = list(AlertRecording.select().where(AlertRecording.alert == alert)
                      .order_by(AlertRecording.seq))
    assert [p.seq for p in pieces] == list(range(len(pieces))) and len(pieces) > 1
    assert all(len(p.data) <= PIECE for p in pieces)
    assert {p.visitor for p in pieces} == {"0123456789abcdef"}
    assert recording(world.site_a.id, alert) == kept


def test_a_recording_stored_again_replaces_the_first(app, world):
    alert = alert_of(world.site_a)
    commit = app.extensions["sitetracker"].write_path.commit
    commit([recording_write(world.site_a.id, alert, "0123456789abcdef", events(400))])
    commit([recording_write(world.site_a.id, alert, "0123456789abcdef", events(2))])
    assert recording(world.site_a.id, alert) == events(2)


def test_only_the_alerts_own_site_reads_it(app, world):
    alert, bare = alert_of(world.site_a), alert_of(world.site_a)
    app.extensions["sitetracker"].write_path.commit(
        [recording_write(world.site_a.id, alert, "0123456789abcdef", events(3))])
    assert has_recording(world.site_a.id, [alert, bare]) == {alert}
    assert has_recording(world.site_b.id, [alert]) == set()
    assert has_recording(world.site_a.id, []) == set()
    assert recording(world.site_b.id, alert) is None
    assert recording(world.site_a.id, bare) is None
