"""Library care commands: ``rescue [DIR]`` (see ``reader.core.care``).

``rescue`` runs without opening the library: the library it is for is the
one that cannot be opened.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from reader.core.care import rescue_library
from reader.core.wording import counted


def cmd_rescue(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = rescue_library(args.dir or args.data_dir)
    c = result.counts
    out.write(f"{result.path}\n")
    out.write(f"recovered {counted(c.feeds, 'feed')}, {counted(c.articles, 'article')}, {c.saved} saved, {counted(c.read, 'read mark')}\n")
    if result.header_lost:
        err.write("the file's header was overwritten; its pages were read without it\n")
    if result.unreadable:
        err.write(f"{result.unreadable} damaged pages or entries could not be read\n")
    err.write(f"the damaged library was not changed; to use the rescued one: byline --data-dir {result.path}\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser(
        "rescue",
        help="recover what a damaged library still holds into a new library folder beside it (the damaged file is never changed)",
    )
    s.add_argument("dir", metavar="DIR", nargs="?", help="the library folder (default: the current one)")
    s.set_defaults(func=None, standalone=cmd_rescue)
