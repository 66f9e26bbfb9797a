"""What every edge accepts as text and as numbers, in one place.

JSON (``"\\ud800"``), Socket.IO payloads and command-line arguments (undecodable bytes
become surrogates) can carry strings that are not Unicode text: they cannot be encoded,
so storing, logging or sending them fails later, far from the request. Query strings
and forms can carry bytes that are not UTF-8. Both are refused at the edge, naming the
field:

* :class:`Schema` is the base of every schema; before loading it walks the whole payload
  (nested objects and lists, keys too) and refuses the first string that is not text.
* :func:`undecodable_field` finds the field of a query string or form body whose
  percent-decoded bytes are not UTF-8 (Werkzeug would keep them as ``%ED%A0%80``).
* :class:`Number`, :class:`Whole` and :class:`Flag` take JSON numbers and booleans only:
  ``"5"`` is not a number. Schemas of forms and query strings, whose values are always
  strings, set ``coerce = True`` and convert.
* :class:`BaseSchema` also strips white space around strings; :func:`first_errors`
  turns a ``ValidationError`` into one sentence per field.

Imports nothing of ours, so every package may use it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import unquote_to_bytes

import marshmallow
from marshmallow import ValidationError, fields, pre_load, validate

NOT_TEXT = "not valid text (it holds a lone surrogate or another unencodable character)"
NOT_UTF8 = "not valid UTF-8 text"


def is_text(value: str) -> bool:
    """Whether ``value`` is Unicode text (no lone surrogates): it encodes as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _key_name(key: Any) -> str:
    text = str(key)
    return text if is_text(text) else text.encode("utf-8", "backslashreplace").decode()


def invalid_text(value: Any, path: str = "") -> str | None:
    """The dotted path (``ev.0.u``) of the first string in ``value`` that is not text,
    ``""`` for ``value`` itself, or None when every string and key is text.

    Walks without recursion, so any nesting the parser let through is fine.
    """
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if not is_text(item):
                return where
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = f"{where}.{_key_name(key)}" if where else _key_name(key)
                if isinstance(key, str) and not is_text(key):
                    return name
                stack.append((name, inner))
        elif isinstance(item, list | tuple):
            for index, inner in enumerate(item):
                stack.append((f"{where}.{index}" if where else str(index), inner))
    return None


def check_text(value: Any) -> None:
    """Raise ValidationError naming the first string in ``value`` that is not text."""
    where = invalid_text(value)
    if where is not None:
        raise ValidationError({where or "_schema": [NOT_TEXT]})


def undecodable_field(raw: bytes) -> str | None:
    """The name of the first field of ``raw`` (``a=1&b=%FF``) whose name or value is
    not UTF-8 once percent-decoded; None when all are."""
    for index, pair in enumerate(raw.split(b"&")):
        if not pair:
            continue
        name, _, data = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        try:
            label = name_bytes.decode("utf-8")
        except UnicodeDecodeError:
            return f"field_{index + 1}"
        try:
            unquote_to_bytes(data.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return label or f"field_{index + 1}"
    return None


class Schema(marshmallow.Schema):
    """The base of our schemas: refuses strings that are not text before loading.

    ``coerce`` is True for forms and query strings, whose numbers arrive as text.
    """

    coerce = False

    @pre_load
    def refuse_invalid_text(self, data: Any, **kwargs: Any) -> Any:
        check_text(data)
        return data


def _coerces(field: fields.Field) -> bool:
    parent = field.parent
    while parent is not None and not isinstance(parent, marshmallow.Schema):
        parent = getattr(parent, "parent", None)
    return bool(getattr(parent, "coerce", False))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Number(fields.Float):
    """A JSON number (never a string or a boolean), finite."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_nan", False)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not _is_number(value) and not (_coerces(self) and isinstance(value, str)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


# The days a query may name: a store's history, not the calendar's ends (where a day
# before or after, or its start in a time zone, would fall off it).
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class Day(fields.Date):
    """A ``YYYY-MM-DD`` day from 2000 to 2100."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", validate.Range(
            EARLIEST_DAY, LATEST_DAY, error=f"must be from {EARLIEST_DAY} to {LATEST_DAY}"))
        super().__init__(**kwargs)


class Whole(fields.Integer):
    """A JSON whole number (never a string, a boolean or ``5.0``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strict", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if _coerces(self) and isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise self.make_error("invalid") from None
        elif not _is_number(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Flag(fields.Boolean):
    """A JSON boolean (``"yes"`` or ``1`` only from forms and query strings)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool) and not _coerces(self):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class QuerySchema(Schema):
    """For query strings (and other all-text sources): numbers arrive as text."""

    coerce = True


MAX_ID = 2**63 - 1  # the largest row id either database stores (BIGINT, SQLite INTEGER)


def Id(**kwargs: Any) -> Whole:
    """A row id: a JSON whole number from 1 to 2^63 - 1."""
    return Whole(validate=validate.Range(1, MAX_ID, error=f"an id from 1 to {MAX_ID}"),
                 **kwargs)


class BaseSchema(Schema):
    """Strips surrounding white space from every string before validation (and, as
    every schema, refuses strings that are not text)."""

    @pre_load
    def strip_strings(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data


def first_errors(error: ValidationError) -> dict[str, str]:
    """Flatten marshmallow's messages to one sentence per field, nested fields dotted
    (``ev.0.u``)."""
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    flat: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list):
            if value and isinstance(value[0], dict | list):
                walk(prefix, value[0])
            else:
                flat[prefix] = str(value[0]) if value else ""
        else:
            flat[prefix] = str(value)

    walk("", messages)
    return flat
