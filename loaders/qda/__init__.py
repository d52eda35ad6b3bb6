"""QDA projects in: REFI-QDA files from NVivo, ATLAS.ti, MAXQDA and others."""
