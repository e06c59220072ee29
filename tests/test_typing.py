"""reader/core stays fully typed: mypy --strict passes (config in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_passes_mypy_strict() -> None:
    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_never_imports_qt() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "reader" / "core").rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8") or "shiboken" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_sql_lives_in_store_only() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "reader").rglob("*.py")
        if path.name != "store.py" and ("import sqlite3" in path.read_text(encoding="utf-8") or ".execute(" in path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
