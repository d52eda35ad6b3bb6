"""Plain functions that build what the pages show (elements, figures, panels); no callbacks."""
