"""Socket events skip Flask's route matching and read the session cookie once
(live/requests.py), while HTTP requests are matched and their sessions opened as always."""

from __future__ import annotations

from sitetracker.live.requests import LIVE, SESSION, mark_live


def signed_cookie(app, data) -> str:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps(data)


def request_environ(app, cookie: str) -> dict:
    name = app.config["SESSION_COOKIE_NAME"]
    with app.test_request_context("/socket.io/", headers={"Cookie": f"{name}={cookie}"}) as ctx:
        return ctx.request.environ


def test_an_http_request_is_matched_against_the_routes(app):
    with app.test_request_context("/healthz") as ctx:
        assert ctx.url_adapter is not None
        assert ctx.request.environ.get(LIVE) is None


def test_a_live_sockets_events_build_no_url_adapter(app):
    environ = request_environ(app, "")
    mark_live(environ)
    assert environ[LIVE] is True
    with app.request_context(environ) as ctx:
        assert ctx.url_adapter is None


def test_a_live_socket_reads_its_session_once_and_hands_out_copies(app):
    environ = request_environ(app, signed_cookie(app, {"who": "ann"}))
    mark_live(environ)
    sessions = app.session_interface
    with app.request_context(environ) as ctx:
        first = sessions.open_session(app, ctx.request)
        assert dict(first) == {"who": "ann"}
        first["who"] = "changed"  # a copy: what was read at connect stays
    # Later events are not read from the cookie again, even if it changed.
    environ["HTTP_COOKIE"] = f"{app.config['SESSION_COOKIE_NAME']}=" + signed_cookie(
        app, {"who": "bob"})
    with app.request_context(environ) as ctx:
        again = sessions.open_session(app, ctx.request)
        assert dict(again) == {"who": "ann"} and again is not environ[SESSION]


def test_an_http_requests_session_is_read_from_its_cookie_every_time(app):
    environ = request_environ(app, signed_cookie(app, {"who": "ann"}))
    sessions = app.session_interface
    with app.request_context(environ) as ctx:
        assert dict(sessions.open_session(app, ctx.request)) == {"who": "ann"}
    assert SESSION not in environ
