"""The ``ptgraph`` command line: the edge where errors become messages."""
