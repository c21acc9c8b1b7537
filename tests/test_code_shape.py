"""The package stays in small pieces: no module over 450 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "groundup"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def long_functions(path: Path, root: Path = PACKAGE) -> list[str]:
    """'module:function (N lines)' for each function longer than the limit, nested ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(root)}:{node.name} ({length} lines)")
    return found


def test_the_package_has_modules_to_check() -> None:
    assert len(python_files()) > 50


def test_no_module_is_over_the_limit() -> None:
    too_long = [f"{p.relative_to(PACKAGE)} ({n} lines)" for p in python_files()
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not too_long, too_long


def test_no_function_is_over_the_limit() -> None:
    too_long = [f for p in python_files() for f in long_functions(p)]
    assert not too_long, too_long


def test_the_function_check_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    path = tmp_path / "probe.py"
    path.write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n", encoding="utf-8")
    assert long_functions(path, tmp_path) == [f"probe.py:long ({MAX_FUNCTION_LINES + 1} lines)"]
