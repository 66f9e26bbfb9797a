"""The admin web: login, sites, people, personal API tokens (server-rendered pages).

Every page is HTML rendered from ``templates/``; forms post back to the page they came
from, carry a CSRF token, and on an error come back with status 400 and the message
beside the field at fault. The modules split the routes by concern:

* :mod:`.auth_pages` signs people in and out;
* :mod:`.sites` lists sites and creates them; :mod:`.site_page` shows and changes one;
  :mod:`.connections` its platform connections (Shopify, WooCommerce webhooks),
  :mod:`.page_types` its own page-type rules, :mod:`.install` its installation panel
  and verify mode;
* :mod:`.board` shows a site's live board and the overview of every site;
* :mod:`.commerce` shows a site's alerts, payment errors and abandonment history;
  :mod:`.commerce_settings` its alert rules and custom events;
* :mod:`.messaging` sends broadcasts and holds the conversations with shoppers;
* :mod:`.people` manages who holds which role, :mod:`.assignments` which sites a
  manager edits; :mod:`.account` is the person's own,
  with its sessions; :mod:`.two_factor` enrols a second factor;
* :mod:`.pipeline` shows the pipeline's health to owners;
* :mod:`.privacy` holds a site's retention periods and the owners' audit log;
* :mod:`.layout` feeds the top bar and renders error pages (the security headers of
  every answer are set by :mod:`sitetracker.headers`).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)

from . import (  # noqa: E402,F401  (routes register on import)
    account,
    assignments,
    auth_pages,
    board,
    commerce,
    commerce_settings,
    connections,
    install,
    layout,
    messaging,
    page_types,
    people,
    pipeline,
    privacy,
    reports,
    site_page,
    sites,
    two_factor,
    watch,
)
