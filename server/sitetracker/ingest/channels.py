"""Which channel a session came through, from its first page's referrer and UTM tags.

One rule for the whole product, documented with its table of cases in docs/reports.md
(``tests/ingest/test_channels.py`` runs that table). In order, the first that applies:

1. ``paid``: ``utm_medium`` is cpc, ppc, cpm, cpv, cpa, display, banner, retargeting,
   affiliate, or starts with ``paid``;
2. ``email``: ``utm_medium`` or ``utm_source`` is email, e-mail, e_mail, mail or
   newsletter, or the referrer is a webmail;
3. ``social``: ``utm_medium`` is social, social-network, social-media, sm or social_media,
   or the referrer (or ``utm_source``) is a social network;
4. ``organic_search``: ``utm_medium`` is organic, or the referrer (or ``utm_source``) is a
   search engine;
5. ``referral``: any other referrer, or ``utm_medium`` referral;
6. ``direct``: nothing of the above (no referrer, or only the store's own pages, and no
   tags; any other tagged medium is ``referral`` if it has a source, else ``direct``).
"""

from __future__ import annotations

CHANNELS = ("direct", "organic_search", "paid", "social", "email", "referral")

PAID_MEDIA = frozenset({"cpc", "ppc", "cpm", "cpv", "cpa", "display", "banner",
                        "retargeting", "affiliate"})
EMAIL_WORDS = frozenset({"email", "e-mail", "e_mail", "mail", "newsletter"})
SOCIAL_MEDIA = frozenset({"social", "social-network", "social-media", "sm", "social_media",
                          "social network", "social media"})
# Matched against the referring host (``www.`` removed) and its parent domains.
SEARCH_ENGINES = frozenset({"google", "bing.com", "duckduckgo.com", "yahoo", "yandex",
                            "baidu.com", "ecosia.org", "qwant.com", "search.brave.com",
                            "startpage.com", "ask.com"})
SOCIAL_SITES = frozenset({"facebook.com", "fb.com", "instagram.com", "t.co", "twitter.com",
                          "x.com", "linkedin.com", "lnkd.in", "pinterest", "reddit.com",
                          "youtube.com", "tiktok.com", "threads.net", "snapchat.com",
                          "whatsapp.com", "telegram.org", "vk.com", "bsky.app"})
WEBMAILS = frozenset({"mail.google.com", "outlook.live.com", "outlook.office.com",
                      "mail.yahoo.com", "webmail", "mail.proton.me"})


def _names(host: str) -> set[str]:
    """The host, its parent domains and its labels: ``l.facebook.com`` gives
    ``l.facebook.com``, ``facebook.com``, ``com``, ``l``, ``facebook``."""
    parts = host.split(".")
    found = {".".join(parts[i:]) for i in range(len(parts))}
    return found | set(parts)


def _is(host: str, known: frozenset[str]) -> bool:
    return bool(host) and not _names(host).isdisjoint(known)


def classify(referrer_host: str, utm_source: str = "", utm_medium: str = "") -> str:
    """The channel (one of :data:`CHANNELS`) of a page view that starts a session.
    ``referrer_host`` is "" for none or for one of the store's own pages."""
    host = referrer_host.lower().removeprefix("www.")
    source = utm_source.strip().lower()
    medium = utm_medium.strip().lower()
    if medium in PAID_MEDIA or medium.startswith("paid"):
        return "paid"
    if medium in EMAIL_WORDS or source in EMAIL_WORDS or _is(host, WEBMAILS):
        return "email"
    if medium in SOCIAL_MEDIA or _is(host, SOCIAL_SITES) or _is(source, SOCIAL_SITES):
        return "social"
    if medium == "organic" or _is(host, SEARCH_ENGINES) or _is(source, SEARCH_ENGINES):
        return "organic_search"
    if host or medium == "referral" or (medium and source):
        return "referral"
    return "direct"
