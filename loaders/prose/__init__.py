"""Annotated prose in: a realist report's marked CMOCs and quotes as a draft package, and how it reads."""
