"""Analytics on networkx projections of the stored graph: causal graph, pathways, layout."""
