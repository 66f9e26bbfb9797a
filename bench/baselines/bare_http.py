"""The bare HTTP stack: Flask on eventlet's WSGI server, as ``sitetracker serve`` runs
it, with one route that parses the JSON body and answers 204.

``python -m bench.baselines.bare_http --port N`` serves it until killed.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402

import eventlet.wsgi  # noqa: E402
from flask import Flask, Response, request  # noqa: E402


def create_app() -> Flask:
    """The whole bare app: parse the body, answer 204."""
    app = Flask(__name__)

    @app.post("/api/collect")
    def collect() -> Response:
        json.loads(request.get_data(cache=False))
        return Response(status=204)

    @app.get("/healthz")
    def healthz() -> Response:
        return Response(status=204)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    family, _, _, _, address = socket.getaddrinfo(args.host, args.port,
                                                  type=socket.SOCK_STREAM)[0]
    # The options SiteTracker's server passes (sitetracker.serve.server_options).
    eventlet.wsgi.server(eventlet.listen(address, family), create_app(), max_size=10000,
                         log_output=False)


if __name__ == "__main__":
    main()
