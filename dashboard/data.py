"""Plain functions the explorer's callbacks call; unit-tested without a browser."""

from __future__ import annotations

import gc

import networkx as nx

from dashboard.views.derived import derived
from graph.analytics.network import ProjectionCache
from graph.errors import StoreError
from graph.load import load_package
from graph.stores.store import Store

__all__ = ["ensure_seeded", "SEED_PACKAGE", "ExplorerData", "ALL_REVIEWS", "store_problem", "UNAVAILABLE",
           "settle_memory", "SETTLE_ABOVE_LINKS"]

UNAVAILABLE = ("Database unavailable: the explorer cannot reach its store right now. "
               "It keeps trying and reloads this page when the store is back.")

SEED_PACKAGE = "reco"
ALL_REVIEWS = "__all__"


def ensure_seeded(store: Store, package: str = SEED_PACKAGE) -> bool:
    """Load the RECO review when the store holds no review yet; True if it loaded."""
    from loaders.package import read_package

    if store.run("list_reviews"):
        return False
    load_package(store, read_package(package))
    return True


def store_problem(store: Store) -> str | None:
    """None while the store answers, else the sentence the explorer shows (it reconnects when it can).

    >>> class Down:
    ...     def available(self): return False
    >>> store_problem(Down()).startswith("Database unavailable")
    True
    """
    check = getattr(store, "available", None)
    try:
        up = bool(check()) if check else bool(store.run("ping_graph"))
    except StoreError:
        up = False
    return None if up else UNAVAILABLE


# A cached graph above this many links is set aside from the garbage collector (settle_memory).
SETTLE_ABOVE_LINKS = 10_000


def settle_memory() -> None:
    """Collect garbage once, then set every live object aside from the collector (``gc.freeze``).

    A cached causal graph is millions of long-lived objects. Left to the collector, each full
    collection, which any allocation-heavy callback triggers, walked all of them: at M (34k
    links) warm network callbacks of 0.7 s took 2-2.4 s when one ran. Frozen objects are never
    walked. Objects frozen before are put back first, so an earlier graph that is no longer
    cached (networkx graphs hold reference cycles) is collected rather than kept for ever.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def review_param(review: str | None) -> str | None:
    """The ``$review`` parameter for a review dropdown value (None/ALL_REVIEWS: every review)."""
    return None if not review or review == ALL_REVIEWS else review


class ExplorerData:
    """What the explorer reads from one store.

    The causal graph is cached until the store changes, and built once however many callbacks
    ask for it at the same moment (see :class:`graph.analytics.network.ProjectionCache`).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._projections = ProjectionCache(store)

    def reviews(self) -> list[dict]:
        return self.store.run("list_reviews")

    def theories(self, review: str | None) -> list[dict]:
        return self.store.run("list_theories", {"review": review_param(review)})

    def graph(self, review: str | None) -> nx.MultiDiGraph:
        """The review's causal graph (shared between callbacks: read-only)."""
        G = self._projections.graph(review_param(review))
        if G.number_of_edges() > SETTLE_ABOVE_LINKS:
            derived(G, "memory settled", settle_memory)  # once per graph
        return G

    def concept_names(self, review: str | None) -> list[str]:
        """The review's concept names, sorted, kept as long as its causal graph is."""
        G = self.graph(review)
        return derived(G, "concept names",
                       lambda: sorted({str(d.get("name", n)) for n, d in G.nodes(data=True)}))

    def domains(self, review: str | None) -> list[dict]:
        """SELFIE components with the PTs mapped to each (components without PTs included)."""
        return self.store.run("get_domain_theories", {"review": review_param(review)})

    def evidence_sources(self, review: str | None) -> dict[str, str]:
        """``{evidence id: source type}`` (literature, staff, service_user, carer)."""
        rows = self.store.run("get_evidence_sources", {"review": review_param(review)})
        return {r["id"]: r["sourceType"] for r in rows if r.get("sourceType")}

    def narrowing(self, review: str | None, domain: str | None,
                  sources: list[str] | None) -> tuple[set[str] | None, set[str] | None]:
        """The PTs of SELFIE component ``domain`` and the evidence of ``sources`` types (None: any)."""
        theories = None
        if domain:
            theories = {t for d in self.domains(review) if d["id"] == domain for t in d.get("theories") or []}
        evidence = None
        if sources:
            evidence = {e for e, kind in self.evidence_sources(review).items() if kind in sources}
        return theories, evidence

    def concept_cmocs(self, concept: str) -> list[dict]:
        return self.store.run("get_concept_cmocs", {"concept": concept})

    def evidence(self, cmocs: list[str] | tuple[str, ...], only: set[str] | None = None) -> list[dict]:
        """Evidence for ``cmocs`` (one row per item, its CMOCs merged), optionally only ids in ``only``."""
        if not cmocs:
            return []
        merged: dict[str, dict] = {}
        for row in self.store.run("get_evidence_for_cmocs", {"cmocs": list(cmocs)}):
            if only is not None and row["id"] not in only:
                continue
            item = merged.setdefault(row["id"], {**row, "cmocs": []})
            item["cmocs"].append(row["cmoc"])
        return list(merged.values())
