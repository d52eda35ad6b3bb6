"""One module per explorer page: its layout and its (thin) callbacks."""
