"""``byline`` / ``byline gui``: open the window, after subscribing to feeds handed over by a browser."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.cli.output import one_line
from reader.core.errors import BylineError
from reader.core.net.urls import unwrap_feed_scheme
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether Qt can open a window: a display server, or a platform chosen by hand."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_gui(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not has_display():
        raise BylineError(
            _(
                "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                "the library is reachable with the other commands: byline --help"
            )
        )
    for target in getattr(args, "targets", None) or ():
        try:
            lib.add_feed(unwrap_feed_scheme(target))
        except BylineError as e:
            reason = one_line(str(e))
            err.write("byline: " + _("could not subscribe to %(target)s: %(reason)s") % {"target": target, "reason": reason} + "\n")
    try:
        from reader.ui.app import run
    except ImportError as e:
        raise BylineError(_("the window needs PySide6 (%s); install it with: pip install PySide6-Essentials") % e) from e
    from reader.ui.app import ALREADY_RUNNING

    chosen: list[tuple[Path, bool]] = []
    code = int(run(lib, reopen=lambda path, adopt: chosen.append((path, adopt))))
    if code == ALREADY_RUNNING:
        err.write("byline: " + _("Byline is already open on this library; its window was brought to the front") + "\n")
        return 0
    if not chosen:
        return code
    return _reopen_rescued(lib, args, *chosen[-1], out, err)


def _reopen_rescued(lib: Library, args: argparse.Namespace, rescued: Path, adopt: bool, out: TextIO, err: TextIO) -> int:
    """The window found its library damaged and the user chose the rescued one: open that in a new window.

    The damaged folder moves aside only now, with the library closed; if it cannot,
    the rescued library opens where it is.
    """
    from reader.core.care import adopt_rescued
    from reader.core.library import open_library

    lib.close()
    if adopt:
        try:
            rescued = adopt_rescued(args.data_dir, rescued)
        except BylineError as e:
            line = _("%(error)s; opening the rescued library at %(path)s") % {"error": one_line(str(e)), "path": rescued}
            err.write(f"byline: {line}\n")
    args.targets = []  # subscribed already
    with open_library(rescued) as again:
        return cmd_gui(again, args, out, err)


def gui_after_rescue(args: argparse.Namespace, problem: str, out: TextIO, err: TextIO) -> int:
    """The library is damaged: the window offers ``byline rescue``, then opens what it got back.

    Returns 1 (with the one line) when the user quits instead.
    """
    from reader.core.care import adopt_rescued, rescue_library
    from reader.core.library import open_library

    try:
        from reader.ui.app import offer_rescue
    except ImportError as e:
        needs = _("%(problem)s (the window needs PySide6 to offer a rescue: %(error)s)")
        raise BylineError(needs % {"problem": problem, "error": e}) from e
    chosen = offer_rescue(
        problem, lambda: rescue_library(args.data_dir), lambda rescued: adopt_rescued(args.data_dir, rescued)
    )
    if chosen is None:
        err.write(f"byline: {one_line(problem)}\n")
        return 1
    with open_library(chosen) as lib:
        return cmd_gui(lib, args, out, err)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("gui", help=_("open the main window (the default)"))
    s.add_argument(
        "targets", metavar="URL_OR_PATH", nargs="*", help=_("feeds to subscribe to first (from a file manager or browser)")
    )
    s.set_defaults(func=cmd_gui)
