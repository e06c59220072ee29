"""Installed like a user installs it: a plain ``pip install`` gives the window; a relaunch needs no index.

These run when ``CI=true`` (``.ci/run`` sets it) or ``BYLINE_INSTALL_TEST=1``;
they need Xvfb and xwininfo (Debian: xvfb, x11-utils), which CI installs.

* ``test_plain_pip_install_opens_the_window``: a fresh venv, ``pip install``
  of the checkout with no extras, then ``byline`` on a virtual X display
  (Qt's real xcb platform, not the offscreen one: it is the plugin and the
  system libraries a desktop uses that must be there) maps Byline's window.
  About a minute.
* ``test_second_run_with_no_package_index_opens_the_window``: in a copy of
  the checkout, a first ``./scripts/run`` sets up ``.venv``; a second one,
  with every package index pointed at a closed port, runs no pip and opens
  the window. The copy keeps the test apart from the ``.venv`` of the
  checkout it runs from, however that one was set up.

Tests never reach past 127.0.0.1, so pip installs with ``--no-index`` from a
wheelhouse of the declared dependencies that ``.ci/run`` builds beforehand
(``build/wheelhouse``, or ``BYLINE_WHEELHOUSE``). The wheelhouse holds what
``pip wheel .`` resolves from pyproject.toml and nothing else, so a module the
code imports but pyproject does not declare is still missing in the fresh venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.xvfb import virtual_display, wait_for_window

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = Path(os.environ.get("BYLINE_WHEELHOUSE") or ROOT / "build" / "wheelhouse")
CLOSED = "http://127.0.0.1:9/simple"  # the discard port: nothing answers
# pip with no index at all: only the wheelhouse, no user config, every proxy pointing nowhere.
PIP_OFFLINE = {
    "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE), "PIP_INDEX_URL": CLOSED, "PIP_EXTRA_INDEX_URL": CLOSED,
    "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "http_proxy": CLOSED, "https_proxy": CLOSED, "HTTP_PROXY": CLOSED, "HTTPS_PROXY": CLOSED,
}


@pytest.fixture(autouse=True)
def wheelhouse() -> Path:
    if not (WHEELHOUSE / ".complete").is_file():
        pytest.fail(f"no wheelhouse at {WHEELHOUSE}: .ci/run builds it (pip wheel -w build/wheelhouse . pip setuptools wheel)")
    return WHEELHOUSE

pytestmark = [
    pytest.mark.install,
    pytest.mark.skipif(
        os.environ.get("CI", "").lower() != "true" and os.environ.get("BYLINE_INSTALL_TEST") != "1",
        reason="installs into a fresh venv (about a minute): runs in CI, or with BYLINE_INSTALL_TEST=1",
    ),
]


def window_env(display: str, data_dir: Path) -> dict[str, str]:
    """The environment of a desktop session: a display, no offscreen platform, a library of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, BYLINE_DATA_DIR=str(data_dir))
    return env


def open_window(command: list[str], display: str, data_dir: Path) -> tuple[str, str]:
    """Start ``command``, wait for its window; return the window's title and what it printed on stderr."""
    proc = subprocess.Popen(command, env=window_env(display, data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        title = wait_for_window(display, proc)
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate(timeout=30)
    return title, err.decode(errors="replace")


def copy_checkout(target: Path) -> Path:
    """What a clone holds that installing and launching use: pyproject.toml, README.md, reader/, scripts/."""
    target.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", target)
    shutil.copy2(ROOT / "README.md", target)
    shutil.copytree(ROOT / "reader", target / "reader", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "scripts", target / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def test_plain_pip_install_opens_the_window(tmp_path: Path) -> None:
    source = copy_checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip_env = {**os.environ, **PIP_OFFLINE}
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(source)],
        env=pip_env, capture_output=True, text=True, timeout=1800, check=False,
    )
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    python = str(venv / "bin" / "python")
    checked = subprocess.run([python, "-m", "pip", "check"], env=pip_env, capture_output=True, text=True, timeout=300, check=False)
    assert checked.returncode == 0, checked.stdout

    # The package, its resources and its command come from the venv, not from the checkout.
    probe = (
        "import sys, reader, reader.paths as p; from reader.cli import main; "
        f"main(['--data-dir', {str(tmp_path / 'cli')!r}, 'feeds']); "
        "print(reader.__file__); print(p.resources_dir()); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    lines = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=120, check=True, cwd=tmp_path).stdout.splitlines()
    assert lines[0].startswith(str(venv)) and lines[1].startswith(str(venv))
    assert (Path(lines[1]) / "sample").is_dir() and (Path(lines[1]) / "byline.desktop").is_file()
    assert lines[2] == "[]"  # the CLI still never imports Qt, though Qt is installed

    with virtual_display() as display:
        title, err = open_window([str(venv / "bin" / "byline")], display, tmp_path / "library")
    assert title == "Byline"
    assert "Traceback" not in err and "could not load the Qt platform plugin" not in err.lower()


def test_second_run_with_no_package_index_opens_the_window(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "checkout")
    setup = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    setup.update(PIP_OFFLINE)  # the first run installs from the wheelhouse, as a machine with a local mirror would
    first = subprocess.run(
        [str(checkout / "scripts" / "run"), "--data-dir", str(tmp_path / "cli"), "feeds"],
        env=setup, capture_output=True, text=True, timeout=1800, check=False,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Setting up .venv (once)" in first.stderr
    assert (checkout / ".venv" / ".byline-installed").is_file()

    offline = {**PIP_OFFLINE, "PIP_FIND_LINKS": ""}  # not even the wheelhouse: a relaunch must need no pip
    with virtual_display() as display:
        env = {**window_env(display, tmp_path / "library"), **offline}
        proc = subprocess.Popen([str(checkout / "scripts" / "run")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            title = wait_for_window(display, proc)
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=30)
    assert title == "Byline"
    assert err.decode(errors="replace").strip() == ""  # no "updating .venv", no pip at all
