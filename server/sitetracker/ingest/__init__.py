"""Ingestion: from a shopper's event to live numbers and stored rollups.

``schemas`` validates what arrives; ``visit`` works out who is sending it (bot, IP,
location, platform) once per connection or request; ``pipeline`` runs each event
through small named steps that keep it or drop it with a reason, then hands kept events
to live state and to the write buffer.
"""
