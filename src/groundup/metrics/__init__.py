"""Pure functions from landmark arrays to measures (no I/O, no drawing)."""
