"""A site's alert rules and custom events pages: admins change them from forms, a bad
form comes back with the message beside the field."""

from __future__ import annotations

import pytest

from sitetracker.commerce.models import AlertRule, EventDefinition

from ..shopping import stored
from .test_commerce import post, url


@pytest.fixture
def app_clock(clock):
    return clock


def test_an_admin_edits_the_default_rule_and_adds_one(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    [rule] = stored(AlertRule, AlertRule.site == world.site_a.id)
    form = client.get(url(world, f"rules/{rule.id}")).get_data(as_text=True)
    assert 'value="pay_now"' in form
    response = post(client, url(world, f"rules/{rule.id}"), kind="event_count",
                    name="Checkout trouble", event="pay_now", threshold="4", window="15",
                    severity="emergency")
    assert response.status_code == 302
    rule = stored(AlertRule, AlertRule.id == rule.id)[0]
    assert (rule.threshold, rule.window_minutes) == (4, 15)
    response = post(client, url(world, "rules"), kind="purchase_above", threshold="500",
                    window="1", severity="info", name="", event="")
    assert response.status_code == 302
    assert len(stored(AlertRule, AlertRule.site == world.site_a.id)) == 2
    post(client, url(world, f"rules/{rule.id}/toggle"))
    assert stored(AlertRule, AlertRule.id == rule.id)[0].enabled is False
    post(client, url(world, f"rules/{rule.id}/delete"))
    assert len(stored(AlertRule, AlertRule.site == world.site_a.id)) == 1


@pytest.mark.parametrize(("form", "field_message"), [
    ({"kind": "event_count", "event": "", "threshold": "3", "window": "10"},
     "event_count rules need the event"),
    ({"kind": "event_count", "event": "pay_now", "threshold": "0", "window": "10"},
     "N must be a whole number"),
    ({"kind": "event_count", "event": "pay_now", "threshold": "3", "window": "2000"},
     "1 to 1440"),
    ({"kind": "purchase_above", "threshold": "-1", "window": "1"}, "must not be negative"),
    ({"kind": "oops"}, "unknown kind"),
])
def test_a_bad_rule_comes_back_with_the_message_beside_the_field(client, world, login_as,
                                                                 form, field_message):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, url(world, "rules"), severity="warning", **form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_message in html and 'class="field-error"' in html


def test_an_admin_defines_an_event_and_a_bad_selector_is_refused(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    bad = post(client, url(world, "events"), name="size_guide", trigger="click",
               selector="a[href", pattern="")
    assert bad.status_code == 400
    assert "not a valid CSS selector" in bad.get_data(as_text=True)
    good = post(client, url(world, "events"), name="size_guide", trigger="click",
                selector="a.size-guide", pattern="")
    assert good.status_code == 302
    [definition] = stored(EventDefinition)
    assert (definition.name, definition.selector) == ("size_guide", "a.size-guide")
    post(client, url(world, f"events/{definition.id}"), name="size_guide", trigger="url",
         selector="", pattern="/pages/size*")
    assert stored(EventDefinition)[0].pattern == "/pages/size*"
    taken = post(client, url(world, "events"), name="size_guide", trigger="js")
    assert taken.status_code == 400 and "already defined" in taken.get_data(as_text=True)
    post(client, url(world, f"events/{definition.id}/delete"))
    assert stored(EventDefinition) == []
