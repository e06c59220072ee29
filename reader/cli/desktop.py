"""``byline install-desktop [--uninstall]``: Byline in the desktop's application menu, for this user, no root.

Writes the freedesktop entry to ``$XDG_DATA_HOME/applications/byline.desktop``
(``~/.local/share`` when unset) with ``Exec`` pointing at the ``byline`` this
command runs from (the one beside its Python, so a venv or pipx install works
without being on PATH), and the icon to ``$XDG_DATA_HOME/icons/hicolor``. The
entry carries a mark, so ``--uninstall`` removes only what it wrote.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from reader import paths
from reader.core.errors import BylineError
from reader.core.files import write_bytes_atomic, write_text_atomic
from reader.i18n import _

DESKTOP_FILE = "byline.desktop"
MARK_KEY = "X-Byline-Installed-By"
MARK = f"{MARK_KEY}=byline install-desktop"
ICONS = (("256x256", "byline.png"), ("scalable", "byline.svg"))
# Characters the Desktop Entry Specification reserves in Exec arguments: such an argument is quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the base directory spec says)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def byline_command() -> list[str]:
    """How the menu starts this Byline: the ``byline`` beside this Python, else the one on PATH, else ``python -m reader``."""
    beside = Path(sys.executable).parent / "byline"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside.absolute())]
    import shutil  # here, not at the top: every command loads this module to list its options

    found = shutil.which("byline")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "reader"]


def exec_argument(arg: str) -> str:
    """One Exec argument: quoted when it holds a reserved character, then escaped as a desktop-file string."""
    if any(ch in _RESERVED for ch in arg):
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        arg = f'"{escaped}"'
    return arg.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The bundled entry with Exec and TryExec pointing at ``command``, and the install mark."""
    lines: list[str] = []
    in_main = False
    for line in template.splitlines():
        if line.startswith("[") and in_main:
            lines.append(MARK)
            in_main = False
        if line.strip() == "[Desktop Entry]":
            in_main = True
        if in_main and line.startswith("Exec="):
            line = "Exec=" + " ".join(exec_argument(a) for a in command) + " gui %U"
        elif in_main and line.startswith("TryExec="):
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        elif in_main and line.startswith(MARK_KEY + "="):
            continue
        lines.append(line)
    if in_main:
        lines.append(MARK)
    return "\n".join(lines) + "\n"


def _targets(home: Path) -> tuple[Path, list[tuple[Path, Path]]]:
    """The entry's path, and (bundled icon, installed icon) pairs."""
    icons = [(paths.resources_dir() / name, home / "icons" / "hicolor" / size / "apps" / name) for size, name in ICONS]
    return home / "applications" / DESKTOP_FILE, icons


def install(home: Path, command: Sequence[str]) -> list[Path]:
    """Write the entry and the icons under ``home``; returns what was written.

    Raises:
        BylineError: a file cannot be written, or a bundled resource is missing.
    """
    entry_path, icons = _targets(home)
    template = paths.resources_dir() / DESKTOP_FILE
    try:
        text = desktop_entry(template.read_text(encoding="utf-8"), command)
    except OSError as err:
        raise BylineError(
            _("the bundled %(file)s is missing (%(err)s); reinstall Byline") % {"file": DESKTOP_FILE, "err": err.strerror or err}
        ) from err
    written = []
    for source, target in icons:
        try:
            data = source.read_bytes()
        except OSError as err:
            raise BylineError(_("the bundled icon %(file)s is missing; reinstall Byline") % {"file": source.name}) from err
        _mkdir(target.parent)
        write_bytes_atomic(target, data)
        written.append(target)
    _mkdir(entry_path.parent)
    write_text_atomic(entry_path, text)
    written.append(entry_path)
    _refresh_caches(home)
    return written


def uninstall(home: Path) -> tuple[list[Path], str | None]:
    """Remove what ``install`` wrote; returns what was removed and, if kept, why the entry stayed."""
    entry_path, icons = _targets(home)
    removed: list[Path] = []
    kept = None
    if entry_path.is_file():
        if MARK in entry_path.read_text(encoding="utf-8", errors="replace").splitlines():
            entry_path.unlink()
            removed.append(entry_path)
        else:
            kept = f"{entry_path} was not written by byline install-desktop; it is left as it is"
    for source, target in icons:
        try:
            ours = target.read_bytes() == source.read_bytes()
        except OSError:
            continue
        if ours:
            target.unlink()
            removed.append(target)
    if removed:
        _refresh_caches(home)
    return removed, kept


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BylineError(_("cannot create %(folder)s: %(err)s") % {"folder": folder, "err": err.strerror or err}) from err


def _refresh_caches(home: Path) -> None:
    """Update the MIME cache of the user's applications (feed: links, feed files) when the tool is installed.

    No icon cache is written: a user's hicolor folder normally has none, and
    one left behind would hide icons other programs add later.
    """
    import shutil
    import subprocess

    folder = home / "applications"
    if shutil.which("update-desktop-database") is None or not folder.is_dir():
        return
    try:
        subprocess.run(["update-desktop-database", "-q", str(folder)], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return


def cmd_install_desktop(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    home = data_home()
    if args.uninstall:
        removed, kept = uninstall(home)
        for path in removed:
            out.write(f"removed {path}\n")
        if kept:
            err.write(f"byline: {kept}\n")
        if not removed and not kept:
            out.write("nothing to remove: Byline was not in the application menu\n")
        return 0
    command = byline_command()
    for path in install(home, command):
        out.write(f"wrote {path}\n")
    out.write(f"Byline is in the application menu; it starts {' '.join(command)}\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("install-desktop", help=_("put Byline in the desktop's application menu (for this user; --uninstall takes it out)"))
    s.add_argument("--uninstall", action="store_true", help=_("remove the menu entry and icons this command wrote"))
    s.set_defaults(standalone=cmd_install_desktop)
