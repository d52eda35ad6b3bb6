"""Plain functions the explorer's callbacks call; unit-tested without a browser."""

from __future__ import annotations

from graph.load import load_package
from graph.store import Store

__all__ = ["ensure_seeded", "SEED_PACKAGE"]

SEED_PACKAGE = "reco"


def ensure_seeded(store: Store, package: str = SEED_PACKAGE) -> bool:
    """Load the RECO review when the store holds no review yet; True if it loaded."""
    from loaders.package import read_package

    if store.run("list_reviews"):
        return False
    load_package(store, read_package(package))
    return True
