"""Reading a package's YAML and CSV files: fast, guarded, and remembering each item's file and line."""
