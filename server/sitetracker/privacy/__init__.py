"""Privacy: what a site keeps about its shoppers, for how long, and how it goes.

* :mod:`.erasure` removes everything stored about one shopper, on request;
* :mod:`.retention` holds each site's retention periods and the hourly purge
  (:class:`HourlyPurge`, which the app factory plugs in);
* :mod:`sitetracker.audit` is the log of admin actions, erasures among them.

Free text is scrubbed of e-mail addresses, phone and card numbers before it is stored
by the ingest pipeline's first step (:mod:`sitetracker.ingest.scrub`).

The routes live with the others: ``api/privacy.py``, ``web/privacy.py`` and the CLI's
``sites erase``.
"""

from __future__ import annotations

from .. import audit as _audit  # noqa: F401  (its table is one of the app's models)
from . import models as _models  # noqa: F401
from .retention import HourlyPurge

__all__ = ["HourlyPurge"]
