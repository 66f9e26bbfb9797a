"""Read models: the questions asked of the stored rollups, one module per family of
questions, one question per function (never raw events).

* :mod:`.daily`: the day-by-day history of ``/api/sites/<key>/stats``;
* :mod:`.board`: what the live board's graphs need (today's minutes, the typical band,
  last week, today's sources);
* :mod:`.catalog`: the board tiles' top products and searches;
* :mod:`.abandonment`: the cart funnel of each day (the abandonment page and CSV);
* :mod:`.periods`: the date ranges a report covers, and the period before;
* :mod:`.counts`: the one base query on the daily counters;
* :mod:`.overview`, :mod:`.traffic`, :mod:`.audience`, :mod:`.shop`, :mod:`.events`:
  the report's sections;
* :mod:`.funnels`, :mod:`.vitals`: a funnel over a period; Web Vitals' p75 per page;
* :mod:`.report`: the whole report of a period compared with the one before.
"""

from __future__ import annotations

from .daily import daily_stats, minutes, monthly_peak

__all__ = ["daily_stats", "minutes", "monthly_peak"]
