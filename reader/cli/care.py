"""Library care commands: ``rescue [DIR]`` (see ``reader.core.care``).

``rescue`` runs without opening the library: the library it is for is the
one that cannot be opened.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from reader.core.wording import counted
from reader.i18n import _, ngettext


def cmd_rescue(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.core.care import rescue_library  # here: every command loads this module to list its options

    result = rescue_library(args.dir or args.data_dir)
    c = result.counts
    out.write(f"{result.path}\n")
    out.write(f"recovered {counted(c.feeds, 'feed')}, {counted(c.articles, 'article')}, {c.saved} saved, {counted(c.read, 'read mark')}\n")
    if result.header_lost:
        err.write(_("the file's header was overwritten; its pages were read without it") + "\n")
    if result.unreadable:
        lost = ngettext(
            "%(n)d damaged page or entry could not be read", "%(n)d damaged pages or entries could not be read", result.unreadable
        )
        err.write(lost % {"n": result.unreadable} + "\n")
    use = _("the damaged library was not changed; to use the rescued one: %(command)s")
    command = f"byline --data-dir {result.path}"  # a command to type, the same in every language
    err.write(use % {"command": command} + "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser(
        "rescue",
        help=_("recover what a damaged library still holds into a new library folder beside it (the damaged file is never changed)"),
    )
    s.add_argument("dir", metavar="DIR", nargs="?", help=_("the library folder (default: the current one)"))
    s.set_defaults(func=None, standalone=cmd_rescue)
