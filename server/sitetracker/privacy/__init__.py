"""Privacy: what a site keeps about its shoppers, for how long, and how it goes.

* :mod:`.erasure` removes everything stored about one shopper, on request;
* :mod:`.scrub` takes e-mail addresses, phone and card numbers out of free text before
  it is stored (a pipeline step, first of all);
* :mod:`.retention` holds each site's retention periods and the hourly purge.

The routes live with the others: ``api/privacy.py``, ``web/privacy.py`` and the CLI's
``sites erase``.
"""
