"""Live state and the live channel: one Socket.IO namespace per site (``/site/<key>``).

Nothing here imports the ORM: stored data reaches it through the small interfaces in
:mod:`sitetracker.live.directory`.
"""
