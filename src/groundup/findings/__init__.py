"""Thresholds, capture-quality checks and per-side findings with their evidence."""
