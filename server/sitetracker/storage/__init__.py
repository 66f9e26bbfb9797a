"""The one door to storage for what must not be lost.

* :mod:`.writes` commits what a batch of events (or a message) must store before anyone
  is answered, and turns a database that refuses or does not answer into
  :class:`.failures.StorageUnavailable` (HTTP 503 with ``Retry-After``, ack status 503);
* :mod:`.journal` keeps the write buffer's counts on local disk while the database is
  away, and replays them exactly once;
* :mod:`.rejects` sets aside rows the database refuses for their content, so one bad
  row never blocks the others;
* :mod:`.status` remembers what went wrong last, for ``/healthz`` and the banners;
* :mod:`.models` is what the write path itself stores.
"""
