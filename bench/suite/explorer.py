"""Server time of the explorer's callbacks, by calling the page functions the callbacks call.

Each measurement does what one callback does for a person opening the page with its defaults
(no browser): the network view, a pathway search (and the Sankey under it), one theory, the
gap maps. "cold" is the first call on a fresh :class:`~dashboard.data.ExplorerData` (the causal
graph is not cached yet); "warm" repeats it. Four callbacks arriving at once on a cold cache
show whether they share one graph build.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench.suite.measure import Sample, repeat
from bench.suite.results import Row
from bench.suite.workload import MAX_HOPS, Workload

__all__ = ["callback_rows", "callbacks"]


def _size_mb(value: Any) -> float:
    import plotly.utils

    try:
        text = json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder)
    except TypeError:
        text = json.dumps(value, default=str)
    return len(text) / 1e6


def callbacks(work: Workload) -> dict[str, Callable[[Any], Any]]:
    """What each page's main callback runs, as ``f(data) -> payload`` sent to the browser."""
    from dashboard import style
    from dashboard.narrowing import narrowed_graph
    from dashboard.pages import gaps, network, pathways, theory
    from dashboard.views.elements import chain_rows, pathway_from_dict
    from dashboard.views.flows import flow_figure

    review = work.review
    query = next((q for q in work.queries if q.kind == "hub → hub"), work.queries[0])

    def network_page(data: Any) -> Any:
        theories, evidence = data.narrowing(review, None, [])
        return network.network_view(data.graph(review), None, list(style.ALL_KINDS), ["negative"], None,
                                    theories=theories, evidence=evidence, layout_choice=network.LAYERS)

    def pathway_search(data: Any) -> Any:
        G = narrowed_graph(data, review, None, [])
        chains, status = pathways.search_chains(G, query.source, query.target, MAX_HOPS, False)
        rows = chain_rows(G, [pathway_from_dict(c) for c in chains])
        return chains, status, pathways.chain_options(G, chains), rows

    def sankey_of_search(data: Any) -> Any:
        G = narrowed_graph(data, review, None, [])
        chains, _ = pathways.search_chains(G, query.source, query.target, MAX_HOPS, False)
        return flow_figure(pathways.flow_graph(G, chains, False))

    def sankey_before_search(data: Any) -> Any:
        G = narrowed_graph(data, review, None, [])
        return flow_figure(pathways.flow_graph(G, [], False))

    def theory_page(data: Any) -> Any:
        return theory.theory_view(data, work.theory, theory.PREFIX)

    def gaps_page(data: Any) -> Any:  # the page's two callbacks: the matrices, then both figures
        matrices = gaps.gap_matrices(data.store, review, None)
        table = gaps.matrix_table(matrices[gaps.DOMAINS], matrices[gaps.SOURCES])
        return table, [gaps.gap_figure(matrices[kind]) for kind in (gaps.DOMAINS, gaps.SOURCES)]

    return {"network": network_page, "pathway search": pathway_search, "theory": theory_page,
            "gaps": gaps_page, "Sankey of a search": sankey_of_search,
            "Sankey before a search": sankey_before_search}


def callback_rows(work: Workload, store: Any, runs: int, budget: float) -> list[Row]:
    from dashboard.data import ExplorerData

    rows: list[Row] = []
    try:
        pages = callbacks(work)
    except (ImportError, AttributeError) as e:  # the pages changed shape: say so, do not stop the run
        return [Row(work.size, "callbacks", None, note=f"not measured: {e}")]
    for name, page in pages.items():
        try:
            data = ExplorerData(store)
            started = time.perf_counter()
            payload = page(data)
            cold = Sample([time.perf_counter() - started])
            warm = repeat(partial(page, data), runs, budget) if cold.median < budget else None
        except Exception as e:  # a page function that fails is a result too
            failed = f"failed: {type(e).__name__}: {e}"
            rows.append(Row(work.size, f"callback {name}, warm", None, note=failed))
            continue
        extra = {"payload MB": round(_size_mb(payload), 3)}
        if name == "network":
            elements = payload[0]
            extra["elements"] = len(elements)
            extra["status"] = payload[2]
        rows += [Row(work.size, f"callback {name}, cold", cold, extra=extra),
                 Row(work.size, f"callback {name}, warm", warm, extra=extra,
                     note=warm.note if warm else f"not repeated: the cold call took over {budget:.0f} s")]
    rows.append(_concurrent(work, store, pages["network"], budget))
    return rows


def _concurrent(work: Workload, store: Any, page: Callable[[Any], Any], budget: float,
                callers: int = 4) -> Row:
    """``callers`` network callbacks at once on a cold cache, against one alone."""
    from dashboard.data import ExplorerData

    name = f"{callers} concurrent cold network callbacks ÷ one"
    alone = ExplorerData(store)
    started = time.perf_counter()
    page(alone)
    one = time.perf_counter() - started
    if one * callers > budget * 2:
        return Row(work.size, name, None, unit="x", note=f"not run: one cold call took {one:.0f} s")
    data = ExplorerData(store)
    threads = [threading.Thread(target=page, args=(data,)) for _ in range(callers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    together = time.perf_counter() - started
    return Row(work.size, name, Sample([together / one]), unit="x",
               extra={"one s": round(one, 3), "together s": round(together, 3)})
