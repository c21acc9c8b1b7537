"""Transitional alias of ``groundup.thresholds`` for modules still importing the old path.

Delete once cli.py, screens/recognise.py, tests/screens/test_recognise.py and
benchmarks/detection_limit.py import ``groundup.thresholds``.
"""

from groundup.thresholds import Threshold, Thresholds, load_default_thresholds, load_thresholds

__all__ = ["Threshold", "Thresholds", "load_default_thresholds", "load_thresholds"]
