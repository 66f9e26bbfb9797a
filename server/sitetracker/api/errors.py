"""The API's errors as HTTP answers, in the one error shape (:mod:`..error_shape`)."""

from __future__ import annotations

from flask import Response, jsonify
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..conflict import Conflict
from ..error_shape import error_body
from ..validation import first_errors
from . import bp


class ApiError(Exception):
    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields
        self.retry_after = retry_after


def error_response(status: int, message: str, fields: dict[str, str] | None = None
                   ) -> Response:
    response = jsonify(error_body(status, message, fields))
    response.status_code = status
    return response


def field_from_description(description: str) -> dict[str, str] | None:
    """``"name: message"`` descriptions (as our aborts write them) name a field."""
    head, sep, tail = description.partition(": ")
    if sep and head.replace("_", "").isalnum() and len(head) < 40:
        return {head: tail}
    return None


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> ResponseReturnValue:
    response = error_response(exc.status, exc.message, exc.fields)
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    return response


@bp.errorhandler(ValidationError)
def _validation_error(exc: ValidationError) -> ResponseReturnValue:
    return error_response(400, "invalid input", first_errors(exc))


@bp.errorhandler(Conflict)
def _conflict(exc: Conflict) -> ResponseReturnValue:
    return error_response(409, exc.message, {exc.field: exc.message})


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> ResponseReturnValue:
    description = exc.description or exc.name
    return error_response(exc.code or 500, description, field_from_description(description))
