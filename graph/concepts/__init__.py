"""The concept layer: merging wordings of one idea, suggesting merges, and merges across reviews."""
