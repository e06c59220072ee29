"""Test helper, loaded by every Python process a test starts (PYTHONPATH): keep a copy of its stderr.

When ``BYLINE_TEST_STDERR_DIR`` is set, everything the process writes to
``sys.stderr`` (its messages, and the traceback of an uncaught exception) is
also written to ``<dir>/<pid>.txt``, so ``tests/traceback_check.py`` can read it
whatever the test did with the stream. Any other ``sitecustomize`` on the path
still runs.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


class _Copy:
    def __init__(self, stream, copy) -> None:
        self._stream = stream
        self._copy = copy

    def write(self, text: str) -> int:
        try:
            self._copy.write(text)
            self._copy.flush()
        except (OSError, ValueError):
            pass
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


_folder = os.environ.get("BYLINE_TEST_STDERR_DIR")
if _folder and sys.stderr is not None:
    sys.stderr = _Copy(sys.stderr, open(Path(_folder) / f"{os.getpid()}.txt", "a", encoding="utf-8"))

_here = Path(__file__).resolve().parent
for _entry in sys.path:
    _candidate = Path(_entry or ".").resolve() / "sitecustomize.py"
    if _candidate.parent != _here and _candidate.is_file():
        _spec = importlib.util.spec_from_file_location("_sitecustomize_next", _candidate)
        if _spec and _spec.loader:
            _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
        break
