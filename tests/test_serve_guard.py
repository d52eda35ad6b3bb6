"""``ptgraph serve`` for a room, tested as a real process behind waitress over real HTTP.

One server (RECO loaded, PTGRAPH_PASSWORD set, ``--token``, ``--allow-host``, access log on)
serves the module; the tests sign in with the password, the printed facilitator link and the
printed audience link, and send real callback requests built from the server's callback map.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bench.callbacks import ROUTER, Callbacks, layout_values, response_value
from graph.stores import embedded
from tests.browser import free_port
from tests.serve_process import Served, serve_env, serve_process

PASSWORD = "a-long-workshop-password"  # noqa: S105 (the test's own)
EVERYWHERE = "0.0.0.0"  # noqa: S104 (what a facilitator types to serve a room)
ALLOWED = "workshop.example"
FACILITATOR, AUDIENCE = "Facilitator link", "Audience link"
SECURITY = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("guarded") / "home"
    args = ["--token", "--access-log", "--allow-host", ALLOWED]
    with serve_process(home, args, {"PTGRAPH_PASSWORD": PASSWORD}, ready=AUDIENCE) as server:
        yield server
    # serve stopped by itself on SIGINT (it was not killed) and left no store behind; the wait
    # covers a stop on a busy machine (the store's server gets a grace period to exit)
    assert server.process.returncode != -signal.SIGKILL, server.output()[-2000:]
    deadline = time.monotonic() + 15
    while embedded.running_server(home) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert embedded.running_server(home) is None, server.output()[-2000:]


def _session(served: Served, link: str) -> requests.Session:
    """A browser-like session signed in by opening ``link`` (the redirect sets its cookie)."""
    session = requests.Session()
    first = session.get(link, allow_redirects=False, timeout=30)
    assert first.status_code == 303 and "access=" not in first.headers["Location"]
    assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Lax" in first.headers["Set-Cookie"]
    return session


@pytest.fixture(scope="module")
def facilitator(served: Served) -> requests.Session:
    return _session(served, served.link(FACILITATOR))


@pytest.fixture(scope="module")
def audience(served: Served) -> requests.Session:
    return _session(served, served.link(AUDIENCE))


def _post(session: requests.Session, served: Served, body: dict) -> requests.Response:
    return session.post(served.url + "_dash-update-component", json=body, timeout=60,
                        headers={"Origin": served.url.rstrip("/")})


def _page_values(session: requests.Session, served: Served, callbacks: Callbacks, path: str,
                 search: str = "") -> dict:
    """The values a page's components start with, from its layout as the router renders it."""
    values = {"_pages_location.pathname": path, "_pages_location.search": search}
    answer = _post(session, served, callbacks.payload([ROUTER], values, ["_pages_location.pathname"]))
    assert answer.status_code == 200, answer.text
    return layout_values(response_value(answer.json(), "_pages_content", "children"))


def test_a_host_beyond_loopback_without_a_secret_is_refused_before_anything_starts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    def serve(host: str, env: dict | None = None) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "cli", "serve", "--host", host, "--port", str(free_port())]
        return subprocess.run(command, env=serve_env(home, env), capture_output=True, text=True, timeout=60)

    for host in (EVERYWHERE, "192.0.2.10"):
        done = serve(host)
        assert done.returncode == 2
        assert done.stderr.strip() == (f"Error: Refusing to serve on {host} without a password: anyone who "
                                       "can reach this machine could open the explorer, so set "
                                       "PTGRAPH_PASSWORD or add --token.")
        assert "ptgraph explorer on" not in done.stdout
    short = serve(EVERYWHERE, {"PTGRAPH_PASSWORD": "short"})
    assert short.returncode == 2 and "PTGRAPH_PASSWORD is too short (5 characters)" in short.stderr
    assert "short" not in short.stderr.replace("too short", "")  # the password itself is never printed
    assert embedded.running_server(home) is None and not (home / "server.json").exists()


def test_every_interface_with_a_password_serves_the_machines_addresses_only(tmp_path: Path) -> None:
    with serve_process(tmp_path / "home", ["--host", EVERYWHERE, "--no-load"],
                       {"PTGRAPH_PASSWORD": PASSWORD}, ready=AUDIENCE) as served:
        assert "listening on every interface" in served.line("ptgraph explorer on")
        assert "127.0.0.1" not in served.url and PASSWORD not in served.output()
        assert requests.get(served.url, timeout=30).status_code == 401  # the machine's address, no password
        assert requests.get(served.url, auth=("room", PASSWORD), timeout=30).status_code == 200
        rebound = requests.get(served.url, auth=("room", PASSWORD), headers={"Host": "rebound.example"},
                               timeout=30)
        assert rebound.status_code == 421


def test_the_gate_wants_the_password_or_a_link(served: Served, facilitator: requests.Session) -> None:
    bare = requests.get(served.url, timeout=30)
    assert bare.status_code == 401 and bare.headers["WWW-Authenticate"].startswith("Basic ")
    assert "PTGRAPH_PASSWORD" in bare.text and PASSWORD not in bare.text
    assert requests.get(served.url, auth=("anyone", "wrong-password"), timeout=30).status_code == 401
    signed = requests.get(served.url, auth=("anyone", PASSWORD), timeout=30)
    assert signed.status_code == 200 and signed.headers["Server"] == "ptgraph"  # waitress, not Flask's server
    assert facilitator.get(served.url + "_dash-layout", timeout=30).status_code == 200  # the link's cookie
    forged = requests.Session()
    forged.cookies.set(f"ptgraph_session_{served.port}", "facilitator.1999999999.0123abcd")
    assert forged.get(served.url, timeout=30).status_code == 401
    wrong_link = requests.get(served.url + "?access=not-the-token", timeout=30, allow_redirects=False)
    assert wrong_link.status_code == 401


def test_only_the_bound_loopback_and_allowed_names_are_answered(served: Served) -> None:
    auth = ("anyone", PASSWORD)
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", ALLOWED, f"{ALLOWED}:{served.port}"):
        answer = requests.get(served.url, auth=auth, headers={"Host": host}, timeout=30)
        assert answer.status_code == 200, host
    for host in ("rebound.example", f"evil.test:{served.port}", "127.0.0.1.evil.test"):
        refused = requests.get(served.url, auth=auth, headers={"Host": host}, timeout=30)
        assert refused.status_code == 421, host
        assert refused.headers["Content-Type"].startswith("text/plain")
        assert "does not answer to the host name" in refused.text and "--allow-host" in refused.text
    cross_site = requests.post(served.url + "_dash-update-component", auth=auth, json={}, timeout=30,
                               headers={"Origin": "http://rebound.example"})
    assert cross_site.status_code == 403


def test_every_response_carries_the_security_headers(served: Served, facilitator: requests.Session) -> None:
    page = facilitator.get(served.url, timeout=30)
    script = next(part.split('"', 1)[0] for part in page.text.split('<script src="')[1:])
    answers = {"page": page, "layout": facilitator.get(served.url + "_dash-layout", timeout=30),
               "script": facilitator.get(served.url.rstrip("/") + script, timeout=30),
               "refused": requests.get(served.url, timeout=30),
               "misdirected": requests.get(served.url, headers={"Host": "x.example"}, timeout=30)}
    for name, answer in answers.items():
        for header, value in SECURITY.items():
            assert answer.headers.get(header) == value, (name, header)
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self' 'sha256-" in policy, name
    for name in ("page", "layout", "refused", "misdirected"):
        assert answers[name].headers["Cache-Control"] == "no-store", name
    assert "max-age" in answers["script"].headers["Cache-Control"]  # fingerprinted files may be cached


def test_the_audience_link_sees_the_deck_and_nothing_else(served: Served, audience: requests.Session,
                                                          facilitator: requests.Session) -> None:
    assert audience.get(served.url + "workshop?deck=reco", timeout=30).status_code == 200
    front = audience.get(served.url, allow_redirects=False, timeout=30)
    assert front.status_code == 303 and front.headers["Location"] == "/workshop?deck=reco"
    for page in ("console", "pathways", "theory", "gaps"):
        refused = audience.get(served.url + page, timeout=30)
        assert refused.status_code == 403 and "workshop deck only" in refused.text, page
    callbacks = Callbacks.fetch(audience, served.url)
    deck = _page_values(audience, served, callbacks, "/workshop", "?deck=reco")
    slide = callbacks.payload(["workshop-slide.children"], deck, ["workshop-slide-no.data"])
    drawn = _post(audience, served, slide)
    assert drawn.status_code == 200 and "Committed leadership" in drawn.text
    assert _post(audience, served, {**slide, "state": [{**s, "value": "other"} if s["id"] == "workshop-deck"
                                                       else s for s in slide["state"]]}).status_code == 403
    notes = callbacks.payload(["workshop-notes.children"], {**deck, "workshop-presenter.data": True},
                              ["workshop-slide-no.data"])
    assert _post(audience, served, notes).status_code == 403  # the presenter's notes
    console = _page_values(facilitator, served, callbacks, "/console", "?q=list_shared_concepts")
    run = callbacks.payload(["console-results.children"], {**console, "console-run.n_clicks": 1},
                            ["console-run.n_clicks"])
    assert _post(facilitator, served, run).status_code == 200
    assert _post(audience, served, run).status_code == 403  # the console, even sent by hand
    disguised = {**run, "outputs": slide["outputs"]}  # Dash runs what "output" names, whatever "outputs" say
    assert _post(audience, served, disguised).status_code == 403
    pages = {"_pages_location.pathname": "/console", "_pages_location.search": ""}
    assert _post(audience, served, callbacks.payload([ROUTER], pages, [])).status_code == 403
    export = callbacks.payload(["console-download.data"], {**console, "console-export-csv.n_clicks": 1},
                               ["console-export-csv.n_clicks"])
    assert _post(audience, served, export).status_code == 403


def test_secrets_never_reach_the_log(served: Served, audience: requests.Session) -> None:
    token, audience_token = (served.link(name).rsplit("access=", 1)[1] for name in (FACILITATOR, AUDIENCE))
    requests.get(served.url + f"?access={token}&x=1", allow_redirects=False, timeout=30)
    requests.get(served.url, auth=("anyone", PASSWORD), timeout=30)
    assert served.wait_for_output("GET /?access=[redacted]&x=1 303")
    time.sleep(0.2)
    output = served.output()
    assert output.count(token) == 1 and output.count(audience_token) == 1  # the printed links, once each
    assert PASSWORD not in output and "Authorization" not in output
    assert "audience GET /workshop?deck=reco 200" in output  # the access log names roles, not secrets
