"""scripts/run and scripts/test: pip runs once, again only when pyproject.toml changes; relaunch is offline.

The scripts run in a copy of the checkout with a fake ``python3`` first on
PATH: its ``-m venv`` makes a fake ``.venv/bin/python`` whose ``-m pip
install`` writes a ``byline`` that echoes its arguments. Every call of either
lands in a log, so the test sees exactly when pip (or python3 at all) ran.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON3 = """#!/usr/bin/env bash
echo "python3 $*" >> "$FAKE_LOG"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    dir="${@: -1}"
    rm -rf "$dir"; mkdir -p "$dir/bin"
    cp "$FAKE_VENV_PYTHON" "$dir/bin/python"
fi
"""

FAKE_VENV_PYTHON = """#!/usr/bin/env bash
echo "venv-python $*" >> "$FAKE_LOG"
if [ "$1 $2 $3" = "-m pip install" ]; then
    [ -z "${FAKE_PIP_FAILS:-}" ] || exit 1
    printf '#!/bin/sh\\necho "byline $*"\\n' > "$(dirname "$0")/byline"
    chmod +x "$(dirname "$0")/byline"
fi
if [ "$1 $2" = "-m pytest" ]; then
    echo "pytest ${*:3} QT_QPA_PLATFORM=$QT_QPA_PLATFORM"
fi
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the scripts and pyproject.toml, and a bin dir holding the fake python3."""
    root = tmp_path / "byline"
    (root / "scripts").mkdir(parents=True)
    for name in ("run", "test", "venv.sh"):
        shutil.copy2(ROOT / "scripts" / name, root / "scripts" / name)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    fakes = tmp_path / "fakes"
    fakes.mkdir()
    for name, text in (("python3", FAKE_PYTHON3), ("venv-python", FAKE_VENV_PYTHON)):
        (fakes / name).write_text(text, encoding="utf-8")
        (fakes / name).chmod(0o755)
    return root


def run(checkout: Path, script: str, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run scripts/<script>; return the process and the log lines it added."""
    log = checkout.parent / "calls.log"
    before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    fakes = checkout.parent / "fakes"
    environ = {
        "PATH": f"{fakes}:/usr/bin:/bin",
        "HOME": str(checkout.parent),
        "FAKE_LOG": str(log),
        "FAKE_VENV_PYTHON": str(fakes / "venv-python"),
        **env,
    }
    done = subprocess.run(
        [str(checkout / "scripts" / script), *args], capture_output=True, text=True, env=environ, timeout=60, check=False
    )
    after = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return done, after[len(before):]


def pip_calls(lines: list[str]) -> list[str]:
    return [line for line in lines if " -m pip " in f" {line} "]


def test_first_run_sets_up_and_relaunch_runs_no_python_but_byline(checkout: Path) -> None:
    first, calls = run(checkout, "run", "--version")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "byline --version\n"
    assert calls[0] == "python3 -m venv --clear .venv"
    assert pip_calls(calls) == ["venv-python -m pip install -q --upgrade pip", "venv-python -m pip install -q -e ."]

    again, calls = run(checkout, "run", "gui", "feed://example.org/x")
    assert again.returncode == 0, again.stderr
    assert again.stdout == "byline gui feed://example.org/x\n"
    assert calls == []  # neither python3 nor pip: the stamp said .venv is current
    assert again.stderr == ""


def test_relaunch_needs_no_package_index(checkout: Path) -> None:
    assert run(checkout, "run")[0].returncode == 0
    offline, calls = run(checkout, "run", FAKE_PIP_FAILS="1", PIP_INDEX_URL="http://127.0.0.1:9/simple")
    assert offline.returncode == 0 and offline.stdout.strip() == "byline"
    assert calls == []


def test_changed_pyproject_installs_again_and_offline_falls_back_to_the_installed_one(checkout: Path) -> None:
    assert run(checkout, "run")[0].returncode == 0
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")

    offline, calls = run(checkout, "run", FAKE_PIP_FAILS="1")
    assert pip_calls(calls) == ["venv-python -m pip install -q -e ."]  # tried, without recreating .venv
    assert offline.returncode == 0 and offline.stdout.strip() == "byline"
    assert "starting the installed Byline" in offline.stderr

    online, calls = run(checkout, "run")
    assert pip_calls(calls) == ["venv-python -m pip install -q -e ."]
    assert online.returncode == 0
    assert run(checkout, "run")[1] == []


def test_first_run_without_an_index_says_so(checkout: Path) -> None:
    done, _ = run(checkout, "run", FAKE_PIP_FAILS="1")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "Could not set up .venv: pip needs the package index the first time."


def test_tests_install_their_tools_once_and_share_the_venv_with_run(checkout: Path) -> None:
    assert run(checkout, "run")[0].returncode == 0
    tested, calls = run(checkout, "test", "-q", "tests/cli")
    assert tested.returncode == 0, tested.stderr
    assert pip_calls(calls) == ["venv-python -m pip install -q -e .[test]"]
    assert tested.stdout == "pytest -q tests/cli QT_QPA_PLATFORM=offscreen\n"

    again, calls = run(checkout, "test")
    assert pip_calls(calls) == [] and again.returncode == 0
    assert run(checkout, "run")[1] == []  # the test install covers the window too


def test_broken_venv_is_rebuilt(checkout: Path) -> None:
    assert run(checkout, "run")[0].returncode == 0
    (checkout / ".venv" / "bin" / "python").unlink()  # e.g. the system Python it pointed at was upgraded away
    done, calls = run(checkout, "run")
    assert done.returncode == 0
    assert calls[0] == "python3 -m venv --clear .venv"


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./scripts/run", "./scripts/test"]
    assert os.access(ROOT / "scripts" / "run", os.X_OK) and os.access(ROOT / "scripts" / "test", os.X_OK)
