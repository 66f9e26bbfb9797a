"""A request that clashes with stored data (a taken name, a last owner): answered 409.

Imports nothing of ours, so every package that checks stored data may raise it.
"""

from __future__ import annotations


class Conflict(ValueError):
    """The request clashes with stored data; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
