"""Each feature's live keys are its own: one key of each kind for the same site and
shopper, all distinct, each under a namespace (the part after the prefix) that no other
feature uses, and the patterns erasure scans with find only what they mean to."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase

import pytest

from sitetracker.auth.signing import nonce_key
from sitetracker.auth.throttle import account_key, address_key
from sitetracker.commerce.state import CommerceKeys
from sitetracker.health_figures import figures_key
from sitetracker.ingest.join import link_key
from sitetracker.ingest.received import live_key
from sitetracker.install.verify import code_key
from sitetracker.live.guard import record_key
from sitetracker.live.state import LiveKeys
from sitetracker.messaging.state import MessagingKeys
from sitetracker.watch.state import WatchKeys

PREFIX = "st"
SITE = 7
WHO = "visitor-1"  # the same shopper everywhere: as visitor id, ref and rule target
DAY = date(2026, 12, 1)

# Every key method of each feature's keys class, with its arguments.
KEYS_CLASSES = {
    LiveKeys: {
        "presence": (SITE, WHO), "live": (SITE,), "sites": (),
        "events_per_minute": (SITE, 1764547200), "engaged": (SITE, DAY.isoformat()),
        "concurrents": (SITE, DAY.isoformat()), "peak": (SITE, "2026-12"),
        "recent": (SITE,), "counted": (SITE,),
    },
    CommerceKeys: {
        "funnel": (SITE, DAY, "cart"), "cart": (SITE, WHO), "carts": (SITE,),
        "changed": (SITE,),
        "pages": (SITE, WHO), "errors": (SITE, WHO), "times": (SITE, WHO, "add_to_cart"),
        "fired": (SITE, 3, WHO), "sales": (SITE, DAY), "events": (SITE, DAY),
        "funnels": (SITE,), "times_of": (SITE, WHO), "fired_for": (SITE, WHO),
    },
    MessagingKeys: {
        "ref": (SITE, WHO), "conversation": (SITE, WHO), "conversations": (SITE,),
        "rate": ("shopper", WHO, 12), "broadcasts_version": (SITE,), "announced": (5,),
        "dismissed": (SITE, WHO), "chat_live": (9,),
    },
    WatchKeys: {
        "watchers": (SITE, WHO), "watched": (SITE,), "watched_by": ("sid-1",),
        "budget": (SITE, WHO, 12), "lead": (SITE, 4),
    },
}
# The features whose few keys are each spelled by one function.
KEY_FUNCTIONS = {
    "admin sockets": ({"admin-sockets"}, [record_key(PREFIX, "worker-1")]),
    "shopper links": ({"join"}, [link_key(PREFIX, SITE, "shopify_cart", "tok")]),
    "nonces": ({"nonce"}, [nonce_key(PREFIX, SITE, "n" * 16)]),
    "light events": ({"eid"}, [live_key(PREFIX, SITE, "e1")]),
    "verify codes": ({"verify"}, [code_key(PREFIX, "abcd1234")]),
    "login throttle": ({"login"}, [account_key(PREFIX, "a@b.test"),
                                   address_key(PREFIX, "192.0.2.1")]),
    "worker figures": ({"health"}, [figures_key(PREFIX)]),
}


def features() -> dict[str, tuple[set[str], list[str]]]:
    """Feature -> (its namespaces, one key of each kind it keeps)."""
    found = {}
    for cls, calls in KEYS_CLASSES.items():
        keys = cls(PREFIX)
        found[cls.__name__] = (set(cls.KINDS),
                               [getattr(keys, name)(*args) for name, args in calls.items()])
    return {**found, **KEY_FUNCTIONS}


def test_every_key_method_of_a_feature_is_checked_here():
    for cls, calls in KEYS_CLASSES.items():
        methods = {name for name in vars(cls)
                   if not name.startswith("_") and callable(getattr(cls, name))}
        assert methods == set(calls), cls.__name__


def test_keys_of_every_kind_are_distinct():
    keys = [key for _, kept in features().values() for key in kept]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("feature", sorted(features()))
def test_each_key_starts_with_its_features_namespace(feature):
    namespaces, keys = features()[feature]
    for key in keys:
        prefix, namespace = key.split(":")[:2]
        assert prefix == PREFIX and namespace in namespaces, key


def test_no_two_features_share_a_namespace():
    seen: dict[str, str] = {}
    for feature, (namespaces, _) in features().items():
        for namespace in namespaces:
            assert seen.setdefault(namespace, feature) == feature, namespace


def test_erasure_patterns_find_the_shoppers_keys_and_nothing_else():
    commerce = CommerceKeys(PREFIX)
    everything = [key for _, kept in features().values() for key in kept if "*" not in key]
    patterns = {
        commerce.funnels(SITE): [commerce.funnel(SITE, DAY, "cart")],
        commerce.times_of(SITE, WHO): [commerce.times(SITE, WHO, "add_to_cart")],
        commerce.fired_for(SITE, WHO): [commerce.fired(SITE, 3, WHO)],
    }
    for pattern, meant in patterns.items():
        assert [key for key in everything if fnmatchcase(key, pattern)] == meant
