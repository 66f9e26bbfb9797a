"""The ``sitetracker`` command's entry point.

Its first lines choose the async mode from ``SITETRACKER_ASYNC_MODE`` (eventlet unless
set) and monkey-patch the standard library before anything else is imported, so that
Flask, the database drivers and Socket.IO all see cooperative sockets and threads. No
other module may monkey-patch. An unknown mode patches nothing; the settings then
report it by name.
"""

import os
import sys

ASYNC_MODE = os.environ.get("SITETRACKER_ASYNC_MODE", "eventlet").strip().lower()

if ASYNC_MODE == "eventlet":
    import warnings

    with warnings.catch_warnings():
        # eventlet announces on import that it is in maintenance mode; we know.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    try:
        from gevent import monkey
    except ImportError:
        print("configuration error: SITETRACKER_ASYNC_MODE: gevent is not installed "
              "(pip install gevent); or use eventlet", file=sys.stderr)
        sys.exit(2)
    monkey.patch_all()


def main() -> None:
    """Run the command line, in the async mode patched above."""
    from .cli import run

    run(patched_mode=ASYNC_MODE)
