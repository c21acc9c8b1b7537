"""The package's arrows: the layers below the screens never import them, and only the engine judges."""

from __future__ import annotations

import ast
from pathlib import Path

import groundup

PACKAGE = Path(groundup.__file__).parent
BELOW_SCREENS = ["analysis.py", "thresholds.py", "findings", "metrics", "signals", "pose", "video"]


def modules(*names: str) -> list[Path]:
    out = []
    for name in names:
        path = PACKAGE / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def called(path: Path) -> set[str]:
    """Names of the functions and classes ``path`` calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            for node in ast.walk(tree) if isinstance(node, ast.Call)}


def test_nothing_below_the_screens_imports_them() -> None:
    checked = modules(*BELOW_SCREENS)
    assert len(checked) > 20
    wrong = {p.relative_to(PACKAGE).as_posix(): sorted(m for m in imported(p) if m.startswith("groundup.screens"))
             for p in checked}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_only_the_engine_runs_the_gate_and_builds_the_result() -> None:
    screens = [p for p in modules("screens") if p.name != "engine.py"]
    assert len(screens) > 8
    for p in screens:
        assert not called(p) & {"Analysis", "assess_capture", "capture_stats"}, p.name
    assert {"Analysis", "assess_capture", "capture_stats"} <= called(PACKAGE / "screens" / "engine.py")
