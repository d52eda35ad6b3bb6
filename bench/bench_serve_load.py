"""Benchmark: a room of users on ``ptgraph serve`` (waitress, guard on) while another review loads.

Run: .venv/bin/python -m bench.bench_serve_load [--users 30] [--seconds 60] [--record]

Starts ``ptgraph serve --token`` on loopback on a fresh embedded store (RECO loaded), signs
``--users`` simulated users in with the printed facilitator link, and has each repeat, with a
short think time, what people do: open a page (the page, its layout and the router callback
that draws it), redraw the network, search pathways (the search and the chain it shows), run
a saved console query, and show a workshop slide. Every callback is the renderer's real
request, built from the server's ``/_dash-dependencies`` and the page's own starting values.
``--load-at`` seconds in, ``ptgraph load`` puts a generated review (``--load-cmocs`` CMOCs,
``bench/corpus.py``) into the same store; users keep going until it is done. Reports p50/p95
latency per kind of request and every error (a status other than 200/204, a failed request,
an alert on the console); the target is 0 errors. ``--record`` writes the table into
docs/serving.md.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.callbacks import ROUTER, Callbacks, layout_values, response_value  # noqa: E402
from bench.serve_load_report import Tally, record, report  # noqa: E402
from cli.wsgi_server import DEFAULT_THREADS  # noqa: E402
from tests.serve_process import Served, serve_env, serve_process  # noqa: E402

PAGES = ("/", "/pathways", "/theory", "/gaps", "/console", "/workshop?deck=reco")
SEARCHES = (("committed leadership", "engagement with services"),
            ("clear workforce expectations", "engagement"), ("leadership", "care co-ordination"),
            ("training", "staff confidence"), ("stigma", "engagement"))
QUERIES = ("list_shared_concepts", "count_evidence_by_site", "list_theories_by_domain", "list_speaker_quotes",
           "find_causal_chains", "list_unevidenced_links")
WEIGHTS = {"page load": 3, "network": 2, "pathway search": 3, "console query": 2, "workshop slide": 1}
HIDDEN = {"display": "none"}


class Explorer:
    """What the simulated users send, prepared once from the running explorer."""

    def __init__(self, served: Served) -> None:
        self.base, self.link = served.url.rstrip("/"), served.link("Facilitator link")
        setup = self.session()
        self.callbacks = Callbacks.fetch(setup, self.base)
        self.values = {path: self.page(setup, path)[1] for path in PAGES}
        self.consoles = [self.page(setup, f"/console?q={name}")[1] for name in QUERIES]

    def session(self) -> requests.Session:
        session = requests.Session()
        session.get(self.link, timeout=60).raise_for_status()  # the redirect leaves the cookie behind
        return session

    def post(self, session: requests.Session, body: dict) -> requests.Response:
        return session.post(self.base + "/_dash-update-component", json=body, timeout=120,
                            headers={"Origin": self.base})

    def page(self, session: requests.Session, target: str) -> tuple[requests.Response, dict]:
        """Open ``target`` as a browser does: the page, its layout, the router drawing its content."""
        path, _, search = target.partition("?")
        for url in (self.base + target, self.base + "/_dash-layout"):
            answer = session.get(url, timeout=120)
            if answer.status_code != 200:
                return answer, {}
        values = {"_pages_location.pathname": path, "_pages_location.search": f"?{search}" if search else ""}
        answer = self.post(session, self.callbacks.payload([ROUTER], values, ["_pages_location.pathname"]))
        content = response_value(answer.json(), "_pages_content", "children") if answer.ok else None
        return answer, layout_values(content)

    def network(self, session: requests.Session, rng: random.Random) -> requests.Response:
        search = rng.choice(["", "leadership", "staff", "stigma"])
        values = {**self.values["/"], "network-search.value": search}
        return self.post(session, self.callbacks.payload(["network-graph.elements"], values,
                                                         ["network-search.value"]))

    def pathway(self, session: requests.Session, rng: random.Random) -> requests.Response:
        source, target = rng.choice(SEARCHES)
        values = {**self.values["/pathways"], "pathway-from.value": source, "pathway-to.value": target,
                  "pathway-find.n_clicks": 1}
        found = self.post(session, self.callbacks.payload(["pathway-results.data"], values,
                                                          ["pathway-find.n_clicks"]))
        chains = response_value(found.json(), "pathway-results", "data") if found.ok else None
        if not chains:
            return found
        shown = {**values, "pathway-chain.value": 0, "pathway-results.data": chains}
        return self.post(session, self.callbacks.payload(["pathway-graph.elements"], shown,
                                                         ["pathway-chain.value"]))

    def console(self, session: requests.Session, rng: random.Random) -> requests.Response:
        values = {**rng.choice(self.consoles), "console-run.n_clicks": 1}
        return self.post(session, self.callbacks.payload(["console-results.children"], values,
                                                         ["console-run.n_clicks"]))

    def workshop(self, session: requests.Session, rng: random.Random) -> requests.Response:
        values = {**self.values["/workshop?deck=reco"], "workshop-slide-no.data": rng.randint(1, 8),
                  "workshop-step-no.data": rng.randint(0, 2)}
        return self.post(session, self.callbacks.payload(["workshop-slide.children"], values,
                                                         ["workshop-slide-no.data"]))

    def actions(self) -> dict[str, Callable[[requests.Session, random.Random], requests.Response]]:
        return {"page load": lambda s, rng: self.page(s, rng.choice(PAGES))[0], "network": self.network,
                "pathway search": self.pathway, "console query": self.console,
                "workshop slide": self.workshop}


def _text(component: Any) -> str:
    """The words of a serialised Dash component tree."""
    if isinstance(component, dict):
        inner = component["props"].get("children") if "props" in component else None
        return _text(inner) if "props" in component else ""
    if isinstance(component, list):
        return " ".join(filter(None, (_text(c) for c in component)))
    return str(component) if isinstance(component, str | int | float) else ""


def _saved_query(answer: requests.Response) -> str:
    """Which saved query a console request ran (the first line of its editor text)."""
    import json

    sent = json.loads(answer.request.body or b"{}")  # type: ignore[arg-type]
    text = next((s["value"] for s in sent.get("state", []) if s["id"] == "console-editor"), "") or ""
    return repr(text.strip().splitlines()[0][:70]) if text.strip() else "?"


def _problem(kind: str, answer: requests.Response) -> str | None:
    if answer.status_code not in (200, 204):
        return f"HTTP {answer.status_code}: {answer.text[:120]}"
    if kind == "console query" and answer.status_code == 200:
        alert = response_value(answer.json(), "console-error", "style")
        if alert not in (None, HIDDEN):
            words = _text(answer.json()["response"]["console-error"])
            return f"console alert on {_saved_query(answer)}: {words}"
    return None


def user(explorer: Explorer, tally: Tally, running: threading.Event, seed: int, think: float) -> None:
    rng = random.Random(seed)
    actions = explorer.actions()
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    session = explorer.session()
    first = list(kinds)  # each kind once first, so even a short run has them all
    while running.is_set():
        attempt(actions, first.pop(0) if first else rng.choices(kinds, weights)[0], session, rng, tally)
        time.sleep(rng.uniform(0, 2 * think))


def attempt(actions: dict, kind: str, session: requests.Session, rng: random.Random, tally: Tally) -> None:
    """Make one request of ``kind`` and count it."""
    started = time.perf_counter()
    try:
        problem = _problem(kind, actions[kind](session, rng))
    except (requests.RequestException, ValueError) as e:
        problem = f"{type(e).__name__}: {e}"
    tally.add(kind, time.perf_counter() - started, problem, at=started)


def alone(explorer: Explorer, rounds: int) -> Tally:
    """Each kind of request ``rounds`` times by one user with nobody else on the server."""
    tally, rng, session, actions = Tally(), random.Random(0), explorer.session(), explorer.actions()
    for _ in range(rounds):
        for kind in WEIGHTS:
            attempt(actions, kind, session, rng, tally)
    return tally


def concurrent_load(home: Path, work: Path, cmocs: int, delay: float, outcome: dict) -> None:
    """Wait ``delay`` seconds, then ``ptgraph load`` a generated review into the running store."""
    from bench.corpus import write_review

    package = write_review(work, "synth-serve-load", cmocs=cmocs)
    time.sleep(delay)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli", "load", str(package)], env=serve_env(home),
                          capture_output=True, text=True, timeout=1800)
    outcome.update(seconds=time.perf_counter() - started, code=done.returncode, cmocs=cmocs,
                   window=(started, time.perf_counter()),
                   said=(done.stdout + done.stderr).strip().splitlines()[-1:] or [""])


def run(users: int, seconds: float, load_at: float, load_cmocs: int, think: float,
        threads: int = DEFAULT_THREADS, rounds: int = 5) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ptgraph-serve-load-") as folder:
        return _run(Path(folder), users, seconds, load_at, load_cmocs, think, threads, rounds)


def _run(work: Path, users: int, seconds: float, load_at: float, load_cmocs: int, think: float,
         threads: int, rounds: int) -> dict[str, Any]:
    home = work / "home"
    args = ["--token", "--threads", str(threads)]
    with serve_process(home, args, ready="Audience link", timeout=300) as served:
        explorer = Explorer(served)
        baseline = alone(explorer, rounds)
        tally, running = Tally(), threading.Event()
        outcome: dict[str, Any] = {}
        running.set()
        loader = threading.Thread(target=concurrent_load, args=(home, work, load_cmocs, load_at, outcome))
        crowd = [threading.Thread(target=user, args=(explorer, tally, running, n, think))
                 for n in range(users)]
        started = time.perf_counter()
        loader.start()
        for person in crowd:
            person.start()
        time.sleep(seconds)
        loader.join()  # users keep going until the load is over, so all of it happens under traffic
        running.clear()
        for person in crowd:
            person.join()
        elapsed = time.perf_counter() - started
    return {"users": users, "seconds": elapsed, "planned": seconds, "think": think, "load": outcome,
            "tally": tally, "threads": threads, "alone": baseline}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--load-at", type=float, default=None,
                        help="seconds in (default: a third of --seconds)")
    parser.add_argument("--load-cmocs", type=int, default=300,
                        help="size of the review loaded meanwhile (RECO has 159 CMOCs)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a user's requests (s)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="serve --threads")
    parser.add_argument("--alone", type=int, default=5,
                        help="rounds of each request by one user first, to compare with (same run)")
    parser.add_argument("--record", action="store_true", help="write the results into docs/serving.md")
    args = parser.parse_args(argv)
    load_at = args.seconds / 3 if args.load_at is None else args.load_at
    results = run(args.users, args.seconds, load_at, args.load_cmocs, args.think, args.threads, args.alone)
    table = report(results)
    print(table)
    if args.record:
        record(table, Path(__file__).resolve().parent.parent / "docs" / "serving.md")
    return results


if __name__ == "__main__":
    main()
