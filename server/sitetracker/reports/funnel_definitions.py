"""The funnels a site defined (their names, scopes and steps, not their figures:
those are :mod:`.funnels`)."""

from __future__ import annotations

from ..funnels.models import FunnelDefinition


def definitions_of(site_id: int) -> list[FunnelDefinition]:
    """The site's funnels, the cart funnel first, then in the order defined::

        [FunnelDefinition(kind="cart", name="Cart", ...),
         FunnelDefinition(kind="custom", name="Shirts", scope="session", ...)]
    """
    rows = FunnelDefinition.select().where(FunnelDefinition.site == site_id)
    return sorted(rows, key=lambda row: (row.kind != "cart", row.id))


def definition_of(site_id: int, funnel_id: int) -> FunnelDefinition | None:
    """The site's funnel with this id, or None (another site's, or none)::

        FunnelDefinition(id=3, name="Shirts", steps='[{"page": "/shirts*"}, ...]', ...)
    """
    return FunnelDefinition.get_or_none((FunnelDefinition.id == funnel_id)
                                        & (FunnelDefinition.site == site_id))
