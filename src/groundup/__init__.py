"""groundup: find and fix knee and ankle valgus from a phone video."""

__version__ = "0.1.0"
