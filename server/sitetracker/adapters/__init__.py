"""Platform adapters: what WooCommerce and Shopify stores send, mapped to tracked events.

Most of an adapter lives in the store (``platform-adapters/``): the WooCommerce plugin
and Shopify's theme snippet and customer-events pixel print the widget and send
commerce events like any page; the plugin signs its server-side events with the site
secret (``POST /api/collect``). This package is the server's part:

* :mod:`.models` stores a site's connection to a platform (Shopify's webhook signing
  secret and shop domain); :mod:`.connections` creates, finds and removes them;
* :mod:`.shopify` verifies Shopify's webhook signatures and maps webhooks to events,
  as small functions without I/O;
* :mod:`sitetracker.api.webhooks` is the route Shopify posts to,
  ``POST /api/adapters/shopify/<site key>/webhook``; its events go through the same
  pipeline as ``/api/collect``.

Connections are managed with ``sitetracker adapters ...`` (:mod:`sitetracker.cli.adapters`).
"""
