"""The floor plan holds: layers, no cycles, SQL in storage only, Qt in ui only, typed and linted.

The import graph is read from the source with ``ast`` (every import, lazy and
TYPE_CHECKING ones included), so a rule broken in a function body is caught too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"

APPLICATION = {"library", "refresh", "subscribe", "saved", "stories", "decide", "parsepool", "sync", "rules", "integrity", "access", "care"}
BELOW = ("storage", "feeds", "content", "net", "search", "export")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


@cache
def imports_of(name: str) -> frozenset[str]:
    """Every reader.* module ``name`` imports, resolved to modules that exist."""
    known = modules()
    path = known[name]
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("reader") and target != name and target != "reader":
                found.add(target)
    return frozenset(found)


def test_graph_is_read() -> None:
    assert "reader.core.storage.store" in imports_of("reader.core.library")
    assert "reader.core.content.pipeline" in imports_of("reader.core.entries")


def test_no_import_cycles() -> None:
    graph = {name: imports_of(name) for name in modules()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert cycles == []


def test_packages_below_never_import_the_application_layer() -> None:
    offenders = []
    for name in modules():
        parts = name.split(".")
        if len(parts) < 3 or parts[:2] != ["reader", "core"] or parts[2] not in BELOW:
            continue
        for target in imports_of(name):
            tparts = target.split(".")
            if tparts[:2] == ["reader", "core"] and len(tparts) > 2 and tparts[2] in APPLICATION:
                offenders.append(f"{name} -> {target}")
            if tparts[0] == "reader" and (len(tparts) < 2 or tparts[1] in ("ui", "cli")):
                offenders.append(f"{name} -> {target}")
    assert offenders == []


def test_nothing_below_the_facade_imports_it() -> None:
    offenders = [
        name for name in modules()
        if "reader.core.library" in imports_of(name) and not name.startswith(("reader.cli", "reader.ui"))
    ]
    assert offenders == []


def qt_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [n for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    return found


def test_qt_stops_at_the_ui() -> None:
    """Core and the CLI never import Qt; the CLI reaches the window only through ``reader.ui.app`` for ``gui``."""
    offenders = [name for name, path in modules().items() if not name.startswith("reader.ui") and qt_imports(path)]
    assert offenders == []
    reach = [
        f"{name} -> {target}" for name in modules() if name.startswith("reader.core")
        for target in imports_of(name) if target.startswith(("reader.ui", "reader.cli"))
    ]
    assert reach == []
    into_ui = {target for name in modules() if name.startswith("reader.cli") for target in imports_of(name) if target.startswith("reader.ui")}
    assert into_ui == {"reader.ui.app"}


def test_sql_lives_in_storage_only() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for name, path in modules().items()
        if not name.startswith("reader.core.storage")
        and any(word in path.read_text(encoding="utf-8") for word in ("import sqlite3", ".execute(", ".executemany("))
    ]
    assert offenders == []


def test_reader_passes_mypy_strict() -> None:
    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "reader", "tests", "bench", "scripts"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_modules_stay_small_or_say_why() -> None:
    """No module over ~600 lines without a reason written at its top."""
    offenders = []
    for path in modules().values():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600 and "Size:" not in text[:3000]:
            offenders.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert offenders == []
