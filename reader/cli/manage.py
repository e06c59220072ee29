"""Managing feeds from the command line: remove, rename, move, mark-read.

The contract's "Managing feeds" section (``../shared/CONTRACT.md``). Each
command changes all it names or nothing: an unknown feed id is exit 1 before
anything is written.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from reader.cli.commands import EXIT_OK, EXIT_USAGE
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library

__all__ = ["iso_date", "register"]


def iso_date(text: str) -> datetime:
    """argparse type: an ISO 8601 date or date-time; without a zone it is UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(_("not an ISO 8601 date: %r (e.g. 2026-11-30 or 2026-11-30T08:00)") % text) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def cmd_remove(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.remove_feeds(args.feed_ids)
    return EXIT_OK


def cmd_rename(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.rename_feed(args.feed_id, args.title)
    return EXIT_OK


def cmd_move(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.move_feeds(args.feed_ids, args.folder)
    return EXIT_OK


def cmd_mark_read(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.feed is None and args.folder is None and not args.all and args.before is None:
        err.write("byline mark-read: " + _("say what to mark: --feed ID, --folder PATH, --all or --before ISO_DATE") + "\n")
        return EXIT_USAGE
    count = lib.mark_read_where(feed_id=args.feed, folder=args.folder, before=args.before)
    out.write(f"{count}\n")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the feed-management commands' parsers to ``sub``."""
    s = sub.add_parser("remove", help=_("unsubscribe (saved articles stay in Saved)"))
    s.add_argument("feed_ids", metavar="FEED_ID", nargs="+", type=int)
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("rename", help=_("set a feed's own title"))
    s.add_argument("feed_id", metavar="FEED_ID", type=int)
    s.add_argument("title", metavar="TITLE")
    s.set_defaults(func=cmd_rename)

    s = sub.add_parser("move", help=_("move feeds into a folder (created if missing)"))
    s.add_argument("feed_ids", metavar="FEED_ID", nargs="+", type=int)
    s.add_argument("--folder", metavar="PATH", required=True, help=_('folder path; "" for the top level'))
    s.set_defaults(func=cmd_move)

    s = sub.add_parser("mark-read", help=_("mark many articles read at once"))
    which = s.add_mutually_exclusive_group()
    which.add_argument("--feed", metavar="ID", type=int)
    which.add_argument("--folder", metavar="PATH")
    which.add_argument("--all", action="store_true", help=_("every article in the library"))
    s.add_argument("--before", metavar="ISO_DATE", type=iso_date, help=_("only articles dated before this"))
    s.set_defaults(func=cmd_mark_read)
