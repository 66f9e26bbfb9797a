"""Ingestion: from a shopper's event to live numbers and stored rollups.

``schemas`` validates what arrives; ``visit`` works out who is sending it (bot, IP,
location, platform) once per connection or request; ``pipeline`` holds the one list of
what happens to a batch, in order (:func:`.pipeline.ingestion`), with the steps each
event goes through; ``stages`` the closed set of reasons an event is dropped for, the
drops that look at the whole batch and the writes (live state, the features'
reactions, storage, the write buffer).
"""
