"""What messaging stores (messaging/models.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.messaging.models import Conversation, Message, stored, unix

AT = datetime(2026, 3, 10, 11, 0, 5, tzinfo=UTC).timestamp()


def test_a_site_has_one_conversation_per_shopper(app, world):
    with database.connection_context():
        Conversation.create(site=world.site_a.id, visitor_hash="a" * 16, visitor="shopper-1")
        Conversation.create(site=world.site_b.id, visitor_hash="a" * 16, visitor="shopper-1")
        with pytest.raises(IntegrityError), database.atomic():
            Conversation.create(site=world.site_a.id, visitor_hash="a" * 16,
                                visitor="shopper-2")


def test_a_conversations_messages_go_with_it(app, world):
    with database.connection_context():
        talk = Conversation.create(site=world.site_a.id, visitor_hash="a" * 16,
                                   visitor="shopper-1")
        other = Conversation.create(site=world.site_a.id, visitor_hash="b" * 16,
                                    visitor="shopper-2")
        Message.create(conversation=talk, sender="admin", text="Hi")
        Message.create(conversation=talk, sender="shopper", text="Hello")
        Message.create(conversation=other, sender="admin", text="Hi")
        assert [m.text for m in talk.messages.order_by(Message.id)] == ["Hi", "Hello"]
        talk.delete_instance()
        assert [m.conversation_id for m in Message.select()] == [other.id]


def test_times_are_stored_as_whole_seconds_of_utc_and_read_back_as_unix_seconds():
    value = stored(AT + 0.75)
    assert value == datetime(2026, 3, 10, 11, 0, 5) and value.tzinfo is None
    assert unix(value) == int(AT)
    assert unix(None) is None
