"""byline install-desktop: the menu entry and icon in the user's XDG data dir, valid, pointing at this byline."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import paths
from reader.cli import main
from reader.cli.desktop import MARK, byline_command, data_home, desktop_entry, exec_argument
from tests.tools import require_tool


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def entry_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key] = value
    return values


def exec_words(value: str) -> list[str]:
    """The Exec line as a desktop splits it: string escapes first, then spaces and double quotes (with \\-escapes)."""
    text = value.replace("\\\\", "\\").replace("%%", "%")
    words: list[str] = []
    word, quoted, i = "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\":
            word, i = word + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            words.append(word)
            word = ""
        else:
            word += ch
        i += 1
    return [*words, word]


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_writes_a_valid_entry_and_icons_then_uninstall_removes_them(share: Path, tmp_path: Path) -> None:
    code, out, err = run("--data-dir", str(tmp_path / "lib"), "install-desktop")
    assert code == 0, err
    entry = share / "applications" / "byline.desktop"
    png = share / "icons" / "hicolor" / "256x256" / "apps" / "byline.png"
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / "byline.svg"
    assert png.read_bytes() == (paths.resources_dir() / "byline.png").read_bytes()
    assert svg.read_bytes() == (paths.resources_dir() / "byline.svg").read_bytes()
    assert f"wrote {entry}" in out
    assert not (tmp_path / "lib").exists()  # installing a menu entry opens no library

    values = entry_values(entry)
    words = exec_words(values["Exec"])
    assert words[-2:] == ["gui", "%U"]
    command = words[:-2]
    assert command == byline_command() and Path(command[0]).is_absolute() and os.access(command[0], os.X_OK)
    assert values["TryExec"] == command[0] and values["Icon"] == "byline"
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout

    assert run("install-desktop")[0] == 0  # again: the same files, replaced
    assert entry.read_text(encoding="utf-8").count(MARK) == 1

    code, out, _ = run("install-desktop", "--uninstall")
    assert code == 0
    assert not entry.exists() and not png.exists() and not svg.exists()
    assert run("install-desktop", "--uninstall")[1] == "nothing to remove: Byline was not in the application menu\n"


def test_the_installed_entry_starts_this_byline(share: Path) -> None:
    assert run("install-desktop")[0] == 0
    command = exec_words(entry_values(share / "applications" / "byline.desktop")["Exec"])[:-2]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.startswith("byline ")


def test_uninstall_leaves_an_entry_it_did_not_write(share: Path) -> None:
    (share / "applications").mkdir(parents=True)
    mine = share / "applications" / "byline.desktop"
    mine.write_text("[Desktop Entry]\nType=Application\nName=My Byline\nExec=byline\n", encoding="utf-8")
    code, _, err = run("install-desktop", "--uninstall")
    assert code == 0 and mine.exists()
    assert "was not written by byline install-desktop" in err


def test_a_path_with_spaces_and_quotes_is_quoted_and_still_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv = tmp_path / 'my "news" $venv' / "bin"
    venv.mkdir(parents=True)
    script = venv / "byline"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    assert byline_command() == [str(script)]
    text = desktop_entry((paths.resources_dir() / "byline.desktop").read_text(encoding="utf-8"), byline_command())
    entry = tmp_path / "byline.desktop"
    entry.write_text(text, encoding="utf-8")
    assert exec_words(entry_values(entry)["Exec"])[:-2] == [str(script)]
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout


def test_exec_arguments_and_data_home() -> None:
    assert exec_argument("/usr/bin/byline") == "/usr/bin/byline"
    assert exec_argument("/opt/my apps/byline") == '"/opt/my apps/byline"'
    assert exec_argument("/opt/100%/byline") == "/opt/100%%/byline"
    assert data_home({"XDG_DATA_HOME": "/x/share", "HOME": "/home/a"}) == Path("/x/share")
    assert data_home({"XDG_DATA_HOME": "relative/share", "HOME": "/home/a"}) == Path("/home/a/.local/share")
    assert data_home({"HOME": "/home/a"}) == Path("/home/a/.local/share")
