"""Plain-text and JSON renderings for the command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from graph.naming import theory_names
from graph.schema import local_id
from graph.stores.store import QueryResult

if TYPE_CHECKING:  # networkx is imported only by the commands that build a graph
    from graph.analytics.pathways import Pathway

__all__ = ["table", "pathways_text", "pathways_json", "support_text", "to_json"]


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def table(result: QueryResult) -> str:
    """A fixed-width text table of a query result.

    >>> print(table(QueryResult(["n"], [{"n": 2}])))
    n
    -
    2
    (1 row)
    """
    cells = [[_cell(row.get(c)) for c in result.columns] for row in result.rows]
    widths = [max([len(c), *(min(len(r[i]), 60) for r in cells)]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(_clip(v, w).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    count = len(result.rows)
    more = " (more rows not shown: raise --limit)" if result.truncated else ""
    lines.append(f"({count} row{'s' if count != 1 else ''}){more}")
    return "\n".join(lines)


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _pts(ids: tuple[str, ...] | list[str]) -> str:
    """PTs as a person reads them, in numeric order: 'PT 2, PT 5, PT 11'."""
    return ", ".join(t["short"] for t in theory_names(ids))


def support_text(chain: Pathway) -> str:
    """The chain's support in a sentence: what backs it, and what that makes it.

    >>> from graph.analytics.pathways import Hop, Pathway
    >>> hop = Hop("a", "b", "positive", ("r:pt1",), ("r:c1",), ())
    >>> support_text(Pathway(("a", "b"), (hop,)))
    'Some hop has no evidence (hop 1): that part rests on the theory alone.'
    """
    if chain.unevidenced_hops:
        where = ", ".join(map(str, chain.unevidenced_hops))
        plural = "s" if len(chain.unevidenced_hops) > 1 else ""
        return f"{chain.support.capitalize()} (hop{plural} {where}): that part rests on the theory alone."
    if chain.common_evidence:
        return f"{chain.support.capitalize()}: {', '.join(map(local_id, chain.common_evidence))}."
    return f"{chain.support.capitalize()}: a hypothesis joined through shared concepts, not a finding."


def pathways_text(chains: list[Pathway], names: dict[str, str]) -> str:
    if not chains:
        return "No causal chain found (try a larger --max-hops, or other words)."
    blocks = []
    for rank, chain in enumerate(chains, 1):
        head = (f"{rank}. {len(chain.hops)} hops across {_pts(chain.theories)}"
                f" (weakest hop: {chain.min_evidence} evidence)")
        lines = [head, f"   {support_text(chain)}", f"   {names.get(chain.nodes[0], chain.nodes[0])}"]
        for hop in chain.hops:
            pts = _pts(hop.theories)
            neg = " [negative]" if hop.polarity != "positive" else ""
            lines.append(f"     → {names.get(hop.target, hop.target)}   "
                         f"[{pts}; {len(hop.evidence)} evidence]{neg}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def pathways_json(chains: list[Pathway], names: dict[str, str]) -> str:
    return to_json([
        {"rank": rank, "hops": len(c.hops), "theories": list(c.theories),
         "support": c.support, "unevidencedHops": list(c.unevidenced_hops), "rankCost": c.cost,
         "minEvidence": c.min_evidence, "totalEvidence": c.total_evidence,
         "commonEvidence": list(c.common_evidence),
         "theoryNames": [t["short"] for t in theory_names(c.theories)],
         "nodes": [{"id": n, "name": names.get(n, n)} for n in c.nodes],
         "links": [{"source": h.source, "target": h.target, "polarity": h.polarity,
                    "theories": list(h.theories), "cmocs": list(h.cmocs),
                    "evidenceCount": len(h.evidence), "evidence": list(h.evidence)}
                   for h in c.hops]}
        for rank, c in enumerate(chains, 1)])
