"""Password hashing with Werkzeug's scrypt (salted, memory-hard)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

# Checked against when the email is unknown, so a miss costs as much as a hit.
_DUMMY_HASH = generate_password_hash("not a real password")

MIN_LENGTH = 10
MAX_LENGTH = 200


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; takes the same time for unknown users."""
    if password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(password_hash, password)
