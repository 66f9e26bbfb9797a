"""Read models: every question the pages and the API ask of stored data, one module
per family of questions, one question per function, each docstring showing the shape of
its answer (never raw events). The routes in ``web/`` and ``api/`` call these and build
no queries of their own.

* :mod:`.counts`: the one base query on the daily counters (whole past months read
  compacted, :mod:`.months`), and distinct visitors; :mod:`.periods`: the date ranges a
  report covers, and the period before;
* :mod:`.report`: the whole report of a period compared with the one before, from its
  sections :mod:`.overview` (headline figures, per day), :mod:`.traffic` (channels,
  sources, pages), :mod:`.audience` (countries, devices, browsers), :mod:`.shop` (sales
  by hour, products; the board's most viewed products) and :mod:`.events` (custom
  events, site searches; the board's top searches);
* :mod:`.funnels`: a defined funnel's steps over a period;
* :mod:`.daily`: the day-by-day history of ``/api/sites/<key>/stats``;
* :mod:`.board`: what the live board's graphs need (today's minutes, the typical band,
  last week, today's sources);
* :mod:`.vitals`: Web Vitals' p75 per page and device, checkout pages beside abandonment;
* :mod:`.abandonment`: the cart funnel of each day (the abandonment page and CSV);
* :mod:`.commerce`: the latest alerts, the payment-error log, the store's currency;
* :mod:`.rescues`: the sales rescued today and this month, each rule's rescue rate;
* :mod:`.agency`: an agency's sites today, their totals and their state;
* :mod:`.accounts`: a person's own API tokens and live sessions (the account page);
* :mod:`.people`: a person by email, whether they hold a role, the organizations they
  own; :mod:`.organizations`: the sites of organizations, all or some by key;
* :mod:`.layouts`: a person's saved board for a site;
* :mod:`.funnel_definitions`: the funnels a site defined (:mod:`.funnels` has their
  figures).
"""

from __future__ import annotations

from .daily import daily_stats

__all__ = ["daily_stats"]
