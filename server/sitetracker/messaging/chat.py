"""Conversations between a site's admins and one shopper.

Admins address a shopper by their ``ref`` (the visitor hash alerts and the board carry);
the conversation keeps the visitor id it routes to (the room ``visitor:<id>``, every page
of that shopper). Every message is stored before it is sent. The shopper's widget says
when it showed a message (``delivered``) and when the chat was open in a visible page
(``seen``); the background loop tells admins when a shopper in a recent conversation
left or came back. Several admins see the same conversation: every message goes to the
site's ``admins`` room.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from peewee import IntegrityError

from ..db import database
from ..domain import SiteInfo, Visit, Write
from ..live.connections import Connection
from ..live.refused import Refused, too_many
from ..shoppers import shopper_name
from .models import Conversation, Message, stored, unix
from .state import MessagingState

if TYPE_CHECKING:
    from ..commerce.rescues import Rescues
    from ..tracking import Tracking

log = logging.getLogger(__name__)
HISTORY = 50  # messages a history holds, the latest
ADMIN_MESSAGES = (20, 60.0)  # per admin: 20 messages a minute
SHOPPER_REPLIES = (5, 10.0)  # per shopper: 5 replies in 10 seconds
WATCH_EVERY = 3.0  # seconds between two looks at who left
WATCH_WINDOW = 3600  # conversations active in the last hour are watched
WATCH_MOST = 200


def public_name(author: str) -> str:
    """How an admin is named to shoppers: a name, never an email address."""
    return author.split("@", 1)[0][:40] or "Support"


def message_json(row: Message) -> dict[str, Any]:
    """A message as admins see it::

        {"id": 12, "sender": "admin", "author": "alice@shop.test", "text": "Hello!",
         "at": 1773153000, "delivered_at": 1773153001, "seen_at": null}
    """
    return {"id": row.id, "sender": row.sender, "author": row.author or None,
            "text": row.text, "at": unix(row.created_at),
            "delivered_at": unix(row.delivered_at), "seen_at": unix(row.seen_at)}


def shopper_json(row: Message) -> dict[str, Any]:
    """A message as the shopper's widget gets it: ``{"id", "text", "from", "at",
    "mine"}`` (``mine``: the shopper wrote it)."""
    mine = row.sender == "shopper"
    return {"id": row.id, "text": row.text, "from": "" if mine else public_name(row.author),
            "at": unix(row.created_at), "mine": mine}


class Chat:
    def __init__(self, tracking: Tracking, state: MessagingState,
                 rescues: Rescues | None = None) -> None:
        self.tracking = tracking
        self.state = state
        self.rescues = rescues  # commerce's, when installed: a message is a help
        self._watched_at = 0.0

    # -- admins -----------------------------------------------------------------------
    def send(self, site: SiteInfo, admin: Connection, ref: str, text: str
             ) -> dict[str, Any]:
        """Store an admin's message to the shopper ``ref``, then send it to the shopper's
        pages and to every admin of the site. Answers ``{"message", "live"}``."""
        now = self.tracking.clock.now()
        wait = self.state.allow("admin-chat", f"{site.id}:{admin.name}", *ADMIN_MESSAGES, now)
        if wait:
            raise too_many(wait, "messages")
        with database.connection_context():
            conversation = self._conversation(site, ref, now)
        # Stored with the message: an admin wrote to them, so their emergency, if they
        # buy, is a rescue.
        helped = [self.rescues.helped(site, [ref], "chat", now)] if self.rescues else []
        row = self._store(conversation, now, helped, sender="admin",
                          author=admin.name[:120], text=text)
        live = self.tracking.live.is_live(site.id, conversation.visitor, now)
        self.state.was_live(conversation.id, live)
        emitter = self.tracking.emitter
        emitter.to_visitor(site, conversation.visitor, "message", shopper_json(row))
        message = message_json(row)
        name = shopper_name(ref, now)
        emitter.to_admins(site, "chat", {"ref": ref, "name": name, "message": message,
                                         "live": live})
        return {"ref": ref, "name": name, "message": message, "live": live}

    def _store(self, conversation: Conversation, now: float, also: list[Write] | None = None,
               **fields: Any) -> Message:
        """Store one message (and ``also``, in the same transaction) through the write
        path (StorageUnavailable if it could not be): nothing is sent before it is
        stored."""
        rows: list[Message] = []

        def write() -> None:
            rows.append(Message.create(conversation=conversation.id, created_at=stored(now),
                                       **fields))
            Conversation.update(last_at=stored(now)).where(
                Conversation.id == conversation.id).execute()

        self.tracking.write_path.commit([Write("message", write, {
            "conversation": conversation.id, **fields}), *(also or [])])
        return rows[0]

    def _conversation(self, site: SiteInfo, ref: str, now: float) -> Conversation:
        """The site's conversation with ``ref``, started if the shopper is known."""
        found = Conversation.get_or_none((Conversation.site == site.id)
                                         & (Conversation.visitor_hash == ref))
        if found is not None:
            return found
        visitor = self.state.visitor_of(site.id, ref)
        if visitor is None:
            raise Refused(404, "no such shopper: they have not been on the site today",
                          {"ref": "unknown shopper"})
        try:
            with database.atomic():
                found = Conversation.create(site=site.id, visitor_hash=ref, visitor=visitor,
                                            created_at=stored(now), last_at=stored(now))
        except IntegrityError:  # another admin started it at the same moment
            found = Conversation.get((Conversation.site == site.id)
                                     & (Conversation.visitor_hash == ref))
        self.state.note_conversation(site.id, visitor, True)
        return found

    def history(self, site: SiteInfo, ref: str) -> dict[str, Any]:
        """The conversation with ``ref`` as admins open it::

            {"ref": "9f86d081884c7d65", "name": "Shopper 1d71d2", "messages": [...],
             "live": true,
             "shopper": {"url": "/checkout", "device": "mobile", "country": "FR", ...}}
        """
        now = self.tracking.clock.now()
        with database.connection_context():
            conversation = Conversation.get_or_none((Conversation.site == site.id)
                                                    & (Conversation.visitor_hash == ref))
            rows = self._latest(conversation) if conversation is not None else []
        visitor = conversation.visitor if conversation else self.state.visitor_of(site.id, ref)
        presence = self.tracking.live.presence(site.id, visitor) if visitor else None
        live = bool(visitor) and self.tracking.live.is_live(site.id, str(visitor), now)
        shopper = None
        if presence is not None:
            shopper = {"url": presence.url, "device": presence.device, "os": presence.os,
                       "browser": presence.browser, "country": presence.country,
                       "country_name": presence.country_name, "city": presence.city,
                       "cart": presence.cart, "since": int(presence.since) or None}
        return {"ref": ref, "name": shopper_name(ref, now),
                "messages": [message_json(r) for r in rows], "live": live,
                "known": visitor is not None, "shopper": shopper}

    def conversations(self, site: SiteInfo, limit: int = 30) -> list[dict[str, Any]]:
        """The site's latest conversations, newest first::

            [{"ref", "name", "started_at", "last_at", "last": {"sender", "text"}, "live"}]
        """
        now = self.tracking.clock.now()
        with database.connection_context():
            rows = list(Conversation.select().where(Conversation.site == site.id)
                        .order_by(Conversation.last_at.desc(), Conversation.id.desc())
                        .limit(limit))
            last: dict[int, Message] = {}
            if rows:
                latest = (Message.select()
                          .where(Message.conversation.in_([r.id for r in rows]))
                          .order_by(Message.id.desc()).limit(limit * 20))
                for message in latest:
                    last.setdefault(message.conversation_id, message)
        found = []
        for row in rows:
            latest_message = last.get(row.id)
            found.append({
                "ref": row.visitor_hash, "name": shopper_name(row.visitor_hash, now),
                "started_at": unix(row.created_at),
                "last_at": unix(row.last_at),
                "last": {"sender": latest_message.sender, "text": latest_message.text[:140]}
                if latest_message else None,
                "live": self.tracking.live.is_live(site.id, row.visitor, now),
            })
        return found

    @staticmethod
    def _latest(conversation: Conversation) -> list[Message]:
        rows = list(Message.select().where(Message.conversation == conversation.id)
                    .order_by(Message.id.desc()).limit(HISTORY))
        return rows[::-1]

    # -- shoppers ---------------------------------------------------------------------
    def _own(self, visit: Visit) -> Conversation | None:
        return Conversation.get_or_none((Conversation.site == visit.site.id)
                                        & (Conversation.visitor_hash == visit.visitor_hash))

    def reply(self, visit: Visit, text: str) -> dict[str, Any]:
        """Store the shopper's reply, then send it to the site's admins (and to the
        shopper's other pages)."""
        now = self.tracking.clock.now()
        site = visit.site
        wait = self.state.allow("reply", f"{site.id}:{visit.visitor_hash}", *SHOPPER_REPLIES,
                                now)
        if wait:
            raise too_many(wait, "messages")
        with database.connection_context():
            conversation = self._own(visit)
        if conversation is None:
            raise Refused(404, "there is no conversation to reply to")
        row = self._store(conversation, now, sender="shopper", text=text)
        self.state.was_live(conversation.id, True)
        emitter = self.tracking.emitter
        emitter.to_visitor(site, visit.visitor, "message", shopper_json(row))
        emitter.to_admins(site, "chat", {"ref": visit.visitor_hash,
                                         "name": shopper_name(visit.visitor_hash, now),
                                         "message": message_json(row), "live": True})
        return {"message": shopper_json(row)}

    def mark(self, visit: Visit, ids: list[int], state: str) -> list[int]:
        """Note that the shopper's page showed (``delivered``) or they read (``seen``)
        these admin messages; tell the admins about each one newly so."""
        now = self.tracking.clock.now()
        column = Message.seen_at if state == "seen" else Message.delivered_at
        with database.connection_context():
            conversation = self._own(visit)
            if conversation is None:
                return []
            changed = [m.id for m in Message.select(Message.id).where(
                Message.id.in_(ids) & (Message.conversation == conversation.id)
                & (Message.sender == "admin") & column.is_null())]
            if changed:
                with database.atomic():
                    Message.update({column: stored(now)}).where(
                        Message.id.in_(changed)).execute()
                    if state == "seen":
                        Message.update(delivered_at=stored(now)).where(
                            Message.id.in_(changed) & Message.delivered_at.is_null()
                        ).execute()
        for message_id in changed:
            self.tracking.emitter.to_admins(visit.site, "chat_state", {
                "ref": visit.visitor_hash, "id": message_id, "state": state,
                "at": int(now)})
        return changed

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        """Remember who the shopper's ref is, and give their page the conversation."""
        visit = conn.visit
        if visit is None:
            return
        site = conn.site
        known = self.state.arrived(site.id, visit.visitor_hash, visit.visitor)
        if known is None:  # once per site and day: who has a conversation at all
            with database.connection_context():
                visitors = [row.visitor for row in Conversation.select(Conversation.visitor)
                            .where(Conversation.site == site.id)]
            self.state.seed_conversations(site.id, visitors)
            known = visit.visitor in visitors
        if not known:
            return
        with database.connection_context():
            conversation = self._own(visit)
            rows = self._latest(conversation) if conversation is not None else []
        self.state.note_conversation(site.id, visit.visitor, conversation is not None)
        if rows:
            self.tracking.emitter.to_sid(site, sid, "chat_history",
                                         {"messages": [shopper_json(r) for r in rows]})

    # -- the background loop ----------------------------------------------------------
    def tick(self, now: float) -> None:
        """Every few seconds: tell admins which shoppers of recent conversations left
        (or came back). Each change is announced by one worker only."""
        started = time.monotonic()
        if 0 <= started - self._watched_at < WATCH_EVERY:
            return
        self._watched_at = started
        sites = {s.id: s for s in self.tracking.connections.sites_with_admins()}
        if not sites:
            return
        with database.connection_context():
            rows = list(Conversation.select().where(
                Conversation.site.in_(list(sites))
                & (Conversation.last_at >= stored(now - WATCH_WINDOW)))
                .order_by(Conversation.last_at.desc()).limit(WATCH_MOST))
        for row in rows:
            live = self.tracking.live.is_live(row.site_id, row.visitor, now)
            before = self.state.was_live(row.id, live)
            if before is not None and before != live:
                self.tracking.emitter.to_admins(sites[row.site_id], "chat_state", {
                    "ref": row.visitor_hash, "id": None,
                    "state": "back" if live else "left", "at": int(now)})
