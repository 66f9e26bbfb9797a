"""Why an event is not counted: the closed set of drop reasons.

Every drop the pipeline counts names one of :data:`DROP_REASONS`; the runner refuses
any other (:func:`checked`), so the metrics, the health page and the verify mode can
list them all and a new reason cannot slip in unexplained.
"""

from __future__ import annotations

DROP_BOT = "bot"
DROP_FOREIGN_PAGE = "foreign_page"
DROP_THROTTLED = "throttled"
DROP_DUPLICATE = "duplicate"
DROP_REASONS = (DROP_BOT, DROP_FOREIGN_PAGE, DROP_THROTTLED, DROP_DUPLICATE)
# Each reason as the site page's verify mode spells it out to a person.
DROP_EXPLAINED = {
    DROP_BOT: "dropped: the browser looks like a bot or automation (its User-Agent), so "
              "nothing it sends is counted",
    DROP_FOREIGN_PAGE: "dropped: the event's page URL is not on one of the site's domains",
    DROP_THROTTLED: "dropped: the page sent more than 10 events a second (rate limit)",
    DROP_DUPLICATE: "dropped: an event with this id was already counted (a retry)",
}


class UnknownDropReason(ValueError):
    """A step dropped an event with a reason outside :data:`DROP_REASONS`."""


def checked(reason: str) -> str:
    """``reason``, if it is one of :data:`DROP_REASONS`; else :class:`UnknownDropReason`."""
    if reason not in DROP_REASONS:
        raise UnknownDropReason(f"{reason!r} is not one of {', '.join(DROP_REASONS)}")
    return reason
