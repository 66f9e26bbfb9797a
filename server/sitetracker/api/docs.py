"""What each ``/api`` route says about itself, for the OpenAPI document.

A route is decorated with :func:`doc`: a summary, the schemas of its body, query and
answer, and the errors it answers besides those every route of its kind does (see
:func:`sitetracker.api.openapi.operation`). The document is generated from the app's
routes and these declarations, so a route without one is found by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUTE = "__openapi__"


@dataclass(frozen=True)
class Doc:
    summary: str
    ok: int = 200
    response: Any = None  # a response schema class, or None for no body (204)
    body: Any = None  # the request body's schema class
    query: Any = None  # the query string's schema class
    errors: tuple[int, ...] = ()
    auth: bool = True  # needs a signed-in person or a Bearer token
    content: str = "application/json"  # of the OK answer
    body_content: str = "application/json"
    fuzz: bool = True  # False for answers that never end (a stream)


def doc(summary: str, **details: Any) -> Callable[[F], F]:
    """Declare a route's documentation (see :class:`Doc`)."""
    declared = Doc(summary, **details)

    def mark(view: F) -> F:
        setattr(view, ATTRIBUTE, declared)
        return view

    return mark


def doc_of(view: Any) -> Doc | None:
    found = getattr(view, ATTRIBUTE, None)
    return found if isinstance(found, Doc) else None
