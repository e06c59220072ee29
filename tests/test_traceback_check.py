"""The traceback check of tests/cli and tests/hostile sees what it must: child processes and in-process runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import traceback_check


def test_the_probe_copies_a_child_process_stderr(tmp_path: Path) -> None:
    env = {**os.environ, "BYLINE_TEST_STDERR_DIR": str(tmp_path), "PYTHONPATH": str(traceback_check.PROBE)}
    done = subprocess.run([sys.executable, "-c", "import sys; print('one line', file=sys.stderr); 1/0"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
    assert done.returncode == 1
    (copy,) = tmp_path.glob("*.txt")
    text = copy.read_text()
    assert text.startswith("one line\n") and "Traceback" in text and "ZeroDivisionError" in text


def test_the_wrapper_keeps_what_an_in_process_run_wrote(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    import reader.cli

    monkeypatch.setattr(reader.cli, "main", reader.cli.main)  # undo the wrapping after this test
    traceback_check.install()
    traceback_check.RUNS.clear()
    err = io.StringIO()
    assert reader.cli.main(["--data-dir", str(data_dir), "show", "99"], io.StringIO(), err) == 1
    assert traceback_check.RUNS == [(["--data-dir", str(data_dir), "show", "99"], err.getvalue())]
    assert err.getvalue() == "byline: no article with id 99\n"
    traceback_check.RUNS.clear()
