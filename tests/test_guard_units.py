"""The guard's edge cases through real WSGI requests (werkzeug's test client), no browser.

The Guard is put in front of a tiny WSGI app that says who it saw, or in front of the real
explorer on RECO where the audience's view of the layout matters.
"""

from __future__ import annotations

import base64

import pytest
from werkzeug.test import Client

from dashboard.app import create_app
from dashboard.guard import AUDIENCE, Access, Guard
from dashboard.guard.access import Sessions, cookie_name
from dashboard.guard.audience import DeckScope
from dashboard.guard.roles import ROLE_KEY
from graph.stores.falkor_store import FalkorStore

PASSWORD, TOKEN = "room-password-1", "audience-token-1"  # noqa: S105 (the tests' own)
HOST = {"Host": "127.0.0.1:8050"}


def _echo(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ.get(ROLE_KEY)} {environ['wsgi.input'].read().decode()}".encode()]


def _client(**changes) -> Client:
    access = Access(facilitator=(PASSWORD,), audience=TOKEN, deck="reco", **changes)
    return Client(Guard(_echo, access, lambda: "default-src 'self'", DeckScope("reco", frozenset())))


def _basic(password: str) -> dict[str, str]:
    return {**HOST, "Authorization": "Basic " + base64.b64encode(f"someone:{password}".encode()).decode()}


def test_wrong_passwords_from_one_address_are_slowed_to_a_stop() -> None:
    client = _client()

    def sign_in(password: str, address: str):
        return client.get("/", headers=_basic(password), environ_base={"REMOTE_ADDR": address})

    for _ in range(20):
        assert sign_in("guess", "10.0.0.9").status_code == 401
    blocked = sign_in(PASSWORD, "10.0.0.9")
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "60"
    assert sign_in(PASSWORD, "10.0.0.10").status_code == 200


def test_a_stale_cookie_is_no_wrong_password_and_the_link_never_redirects_off_site() -> None:
    client = _client()
    stale = Sessions().issue("facilitator")  # signed by another run of the explorer
    for _ in range(30):
        assert client.get("/", headers={**HOST, "Cookie": f"{cookie_name(80)}={stale}"}).status_code == 401
    assert client.get("/", headers=_basic(PASSWORD)).status_code == 200  # not throttled
    signed_in = client.get("/", headers=HOST, environ_overrides={  # a path a browser sent as "//evil…"
        "PATH_INFO": "//evil.example/page", "QUERY_STRING": f"access={PASSWORD}&deck=reco"})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/evil.example/page?deck=reco"


def test_a_session_ends_and_names_its_own_port() -> None:
    sessions = Sessions(lifetime=60)
    cookie = sessions.issue("audience", now=1000)
    assert sessions.role(cookie, now=1059) == AUDIENCE and sessions.role(cookie, now=1061) is None
    assert cookie_name(8050) != cookie_name(8051)


def test_no_host_or_an_unknown_one_is_misdirected() -> None:
    client = _client()
    assert client.get("/", headers={"Host": ""}).status_code == 421
    assert client.get("/", headers={**_basic(PASSWORD), "Host": "a.example"}).status_code == 421
    allowed = _client(hosts=frozenset({"a.example"}))
    assert allowed.get("/", headers={**_basic(PASSWORD), "Host": "a.example"}).status_code == 200


def test_the_audience_cannot_post_anywhere_else_nor_send_huge_or_odd_callbacks() -> None:
    client = _client()
    audience = _basic(TOKEN)
    assert client.post("/workshop", headers=audience, data=b"{}").status_code == 403
    assert client.delete("/_dash-layout", headers=audience).status_code == 403
    assert client.post("/_dash-update-component", headers=audience, data=b"x" * 300_000).status_code == 403
    assert client.post("/_dash-update-component", headers=audience, data=b"not json").status_code == 403
    assert client.post("/_dash-update-component", headers=_basic(PASSWORD), data=b"kept").get_data() == \
        b"facilitator kept"  # the facilitator's request reaches the app, its body intact


@pytest.fixture
def explorer(reco_store: FalkorStore):
    return create_app(reco_store, Access(facilitator=(PASSWORD,), audience=TOKEN, deck="reco"))


def test_the_audience_layout_has_no_navigation_and_no_list_of_reviews(explorer) -> None:
    client = explorer.server.test_client()
    full = client.get("/_dash-layout", headers=_basic(PASSWORD)).get_data(as_text=True)
    seen = client.get("/_dash-layout", headers=_basic(TOKEN)).get_data(as_text=True)
    assert "app-nav-console" in full and "RECO" in full
    assert "app-nav-console" not in seen and '"app-reviews"' in seen and "RECO" not in seen
