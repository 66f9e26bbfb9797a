"""What the live view's frames may carry (schemas.py): refs, alert ids, pieces of JSON
text, and recorder events checked once the last piece is in."""

from __future__ import annotations

import json

import pytest
from marshmallow import ValidationError

from sitetracker.watch.schemas import (
    EVENTS_MAX,
    PIECE_MAX,
    AlertsSchema,
    PieceSchema,
    RefSchema,
    load_recording,
)

EVENT = {"type": 4, "timestamp": 1773140000000, "data": {"href": "https://shop-a.test/"}}


def fields_of(schema, payload) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        schema.load(payload)
    return set(caught.value.messages)


def test_a_piece_names_its_page_carries_text_and_may_say_more_follows():
    assert PieceSchema().load({"p": "page0001", "d": "[", "more": True}) == {
        "p": "page0001", "d": "[", "more": True}
    assert PieceSchema().load({"p": "page0001", "d": "[]"})["more"] is False
    assert fields_of(PieceSchema(), {"p": "short", "d": "["}) == {"p"}
    assert fields_of(PieceSchema(), {"p": "page0001", "d": ""}) == {"d"}
    assert fields_of(PieceSchema(), {"p": "page0001", "d": "x" * (PIECE_MAX + 1)}) == {"d"}
    assert fields_of(PieceSchema(), {"p": "page0001", "d": "[", "extra": 1}) == {"extra"}


def test_a_ref_is_a_shoppers_hash_and_alerts_are_at_most_fifty_ids():
    assert RefSchema().load({"ref": "0123456789abcdef"}) == {"ref": "0123456789abcdef"}
    assert fields_of(RefSchema(), {"ref": "0123456789ABCDEF"}) == {"ref"}
    assert AlertsSchema().load({"alerts": [1, 2]}) == {"alerts": [1, 2]}
    assert fields_of(AlertsSchema(), {"alerts": list(range(1, 52))}) == {"alerts"}


def test_a_recording_is_a_list_of_checked_events():
    assert load_recording(json.dumps([EVENT, {**EVENT, "type": 3, "delay": 5}])) == [
        EVENT, {**EVENT, "type": 3, "delay": 5}]


@pytest.mark.parametrize("text", ["not json", "{}", "[]", json.dumps([{**EVENT, "type": 9}]),
                                  json.dumps([{"type": 4, "timestamp": 1}]),
                                  "[" * 100_000])
def test_what_is_not_a_list_of_events_is_refused(text):
    with pytest.raises(ValidationError):
        load_recording(text)


def test_a_recording_has_a_bounded_number_of_events():
    with pytest.raises(ValidationError) as caught:
        load_recording(json.dumps([EVENT] * (EVENTS_MAX + 1)))
    assert caught.value.messages == {"d": [f"at most {EVENTS_MAX} events"]}
