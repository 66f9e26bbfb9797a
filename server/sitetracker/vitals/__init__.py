"""Web Vitals: what the widget's live channel measures (LCP, INP, CLS, FCP, TTFB),
stored as daily histograms per page path and device, read back as p75 with Google's
ratings.

* :mod:`.buckets` fixes each metric's buckets and thresholds (no I/O);
* :mod:`.models` and :mod:`.rollup` store bucket counts through the write buffer;
* :mod:`sitetracker.reports.vitals` reads them back: p75 per page and device and the
  checkout pages beside the funnel's abandonment (the board's tile and
  ``GET /api/sites/<key>/vitals``).
"""

from __future__ import annotations

TILES = ("vitals",)
