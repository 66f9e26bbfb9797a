"""What install detection keeps: when each part of a store's installation was first and
last seen, and the pages refused because their domain is not the site's."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..models import BaseModel, Site, utcnow


class InstallSighting(BaseModel):
    """One part of a site's installation (``kind``: widget, overlay, woocommerce,
    shopify) as last seen, at most a minute late (:mod:`.sightings`)."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    kind = CharField(max_length=16)
    first_at = DateTimeField(default=utcnow)
    first_page = CharField(max_length=300, default="")
    last_at = DateTimeField(default=utcnow)
    last_page = CharField(max_length=300, default="")

    class Meta:
        indexes = ((("site", "kind"), True),)


class RefusedOrigin(BaseModel):
    """A page that tried to send for the site from a domain it does not list: the
    latest :data:`~.sightings.REFUSALS_KEPT` origins of each site."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    origin = CharField(max_length=200)
    last_at = DateTimeField(default=utcnow)
    attempts = IntegerField(default=1)

    class Meta:
        indexes = ((("site", "origin"), True),)
