"""The layering docs/architecture.md describes, held against the code's own imports.

Every import counts, at the top of a module or inside a function: a lazy import still ties two
modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kiosk"
# Packages that run without Qt at all: the command line, the hub and the engine.
NO_QT = ("core", "ops", "store", "attendees", "importer", "selfservice", "sync", "hub", "camera", "demo")
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, known: set[str]) -> set[str]:
    """The modules of this package that a file imports (a package's own module when it names one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _external(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_import_cycle_under_kiosk():
    modules = _modules()
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    # A package's __init__ is imported on the way to its modules: it must not import them back.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("package", NO_QT)
def test_the_engine_imports_no_qt(package):
    for path in (PACKAGE / package).rglob("*.py"):
        assert not any(name.startswith("PySide6") for name in _external(path)), path


def test_only_the_ui_imports_widgets():
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents:
            continue
        assert not any(name.startswith("PySide6.QtWidgets") for name in _external(path)), path


def test_screens_and_commands_run_no_sql():
    for folder in (PACKAGE / "ui", PACKAGE / "cli"):
        for path in folder.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert ".conn." not in text and "import sqlite3" not in text, path


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
