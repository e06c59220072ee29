"""No traceback on any CLI run of the suite: in process (``reader.cli.main``) or as a child process.

``install()`` (called by the conftest of tests/cli and tests/hostile) wraps
``reader.cli.main`` so every in-process run keeps a copy of what it wrote to
stderr; ``no_tracebacks`` (an autouse fixture there) also points every child
process at ``stderr_probe/sitecustomize.py``, which copies its stderr to a file.
After each test, any "Traceback" in either fails the test, naming the command.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest

PROBE = Path(__file__).resolve().parent / "stderr_probe"
RUNS: list[tuple[list[str], str]] = []  # (argv, stderr) of in-process runs since the last check
COUNTS = {"in_process": 0, "processes": 0}


class _Tee(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def install() -> None:
    """Wrap ``reader.cli.main`` once, before the test modules import it."""
    import reader.cli

    real = reader.cli.main
    if getattr(real, "_checked", False):
        return

    def main(argv: Any = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
        tee = _Tee(err or sys.stderr)
        try:
            return real(argv, out, tee)  # type: ignore[arg-type]
        finally:
            RUNS.append((list(argv or []), tee.copy.getvalue()))

    main._checked = True  # type: ignore[attr-defined]
    reader.cli.main = main  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def no_tracebacks(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("stderr")
    monkeypatch.setenv("BYLINE_TEST_STDERR_DIR", str(folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(PROBE), os.environ.get("PYTHONPATH")) if p))
    RUNS.clear()
    yield
    problems = [f"byline {' '.join(argv)}:\n{text}" for argv, text in RUNS if "Traceback" in text]
    COUNTS["in_process"] += len(RUNS)
    RUNS.clear()
    for path in sorted(folder.glob("*.txt")):
        COUNTS["processes"] += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        if "Traceback" in text:
            problems.append(f"process {path.stem}:\n{text}")
    assert not problems, "a traceback reached stderr:\n" + "\n".join(problems)
