"""What Web Vitals store (models.py): one counter per site, day, metric, device, path
and bucket, that the write path adds to."""

from __future__ import annotations

from datetime import date

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.storage.upsert import incoming, upsert
from sitetracker.vitals.models import VitalBucket
from sitetracker.vitals.rollup import write_vitals

DAY = date(2026, 3, 10)


def row(site, path="/", bucket=3, count=1, device="mobile"):
    return {"site": site.id, "day": DAY, "metric": "LCP", "device": device, "path": path,
            "bucket": bucket, "count": count}


def test_a_bucket_is_one_row_per_site_day_metric_device_path(app, world):
    with database.connection_context():
        VitalBucket.create(**row(world.site_a))
        VitalBucket.create(**row(world.site_a, device="desktop"))
        VitalBucket.create(**row(world.site_b))
        with pytest.raises(IntegrityError), database.atomic():
            VitalBucket.create(**row(world.site_a, count=5))


def test_writing_a_bucket_again_adds_to_its_count(app, world):
    with database.connection_context(), database.atomic():
        write_vitals([row(world.site_a, count=2), row(world.site_a, count=3)], upsert,
                     incoming)
        write_vitals([row(world.site_a, count=4), row(world.site_a, bucket=4)], upsert,
                     incoming)
    with database.connection_context():
        counts = {r.bucket: r.count for r in VitalBucket.select()}
    assert counts == {3: 9, 4: 1}
