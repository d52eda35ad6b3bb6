"""``ptgraph new``: a commented template review package that validates as it is."""

from __future__ import annotations

import re
from pathlib import Path

from graph.errors import PtgraphError

__all__ = ["write_template", "TEMPLATE_DIR"]

TEMPLATE_DIR = Path(__file__).parent / "template"


def write_template(name: str, out: Path) -> Path:
    """Copy the template to ``out`` with the review's id and name filled in."""
    review_id = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._") or "review"
    if out.exists() and any(out.iterdir()):
        raise PtgraphError(f"{out} already exists and is not empty: choose another folder with --out")
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(TEMPLATE_DIR.iterdir()):
        text = path.read_text(encoding="utf-8").replace("__ID__", review_id).replace("__NAME__", name)
        (out / path.name).write_text(text, encoding="utf-8")
    return out
