"""What notifications store (models.py): one mail choice and one scheduled report per
person and site, each report period queued once."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.notify.models import Delivery, MailChoice, QuietHours, ReportChoice


def test_a_person_has_one_mail_choice_per_site(app, world, make_user):
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        MailChoice.create(user=user.id, site=world.site_a.id)
        MailChoice.create(user=user.id, site=world.site_a2.id)
        with pytest.raises(IntegrityError), database.atomic():
            MailChoice.create(user=user.id, site=world.site_a.id, sales=True)
        assert MailChoice.get(user=user.id, site=world.site_a.id).rules == "all"


def test_a_person_has_one_report_choice_per_site_and_one_quiet_hours(app, world, make_user):
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        ReportChoice.create(user=user.id, site=world.site_a.id, frequency="daily", since=0)
        with pytest.raises(IntegrityError), database.atomic():
            ReportChoice.create(user=user.id, site=world.site_a.id, frequency="weekly",
                                since=0)
        quiet = QuietHours.create(user=user.id)
        assert (quiet.timezone, quiet.start, quiet.end, quiet.emergencies) == (
            "UTC", 0, 0, True)
        with pytest.raises(IntegrityError), database.atomic():
            QuietHours.create(user=user.id, start=60)


def test_a_report_period_is_queued_once_per_person_and_site(app, world, make_user):
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        first = Delivery.create(site=world.site_a.id, user=user.id, channel="report",
                                due=0, report="daily:2026-03-09")
        assert (first.status, first.attempts, first.claimed_by) == ("pending", 0, None)
        Delivery.create(site=world.site_a.id, user=user.id, channel="report", due=0,
                        report="daily:2026-03-10")
        with pytest.raises(IntegrityError), database.atomic():
            Delivery.create(site=world.site_a.id, user=user.id, channel="report", due=0,
                            report="daily:2026-03-09")
        # Alerts' deliveries name no report: any number of them.
        for _ in range(2):
            Delivery.create(site=world.site_a.id, user=user.id, channel="mail", due=0)
        assert Delivery.select().count() == 4
