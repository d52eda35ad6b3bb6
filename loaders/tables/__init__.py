"""``ptgraph import``: an extraction table and its companions (sheets, codebook, BibTeX) in."""
