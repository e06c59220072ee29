"""Accounts and sync: ``account add``, ``account remove``, ``accounts``, ``sync`` (CONTRACT.md).

A password is read from standard input (``--password-stdin``, one line) or a
file (``--password-file``), never from the command line, and is never printed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli.access import read_password
from reader.cli.commands import EXIT_FAULT, EXIT_OK
from reader.cli.output import iso, one_line, print_json
from reader.core.models import Account, SyncProgress, SyncSummary
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library


def account_json(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind,
        "name": a.name,
        "url": a.url,
        "user": a.user,
        "last_sync": iso(a.last_sync),
        "last_error": a.last_error,
        "pending": a.pending,
    }


def print_sync(summary: SyncSummary, out: TextIO | None, err: TextIO) -> None:
    """Each failed account on stderr; the summary line on ``out`` (when given)."""
    for r in summary.results:
        if r.error:
            line = _("account %(id)d (%(name)s): %(error)s") % {"id": r.account_id, "name": one_line(r.name), "error": one_line(r.error)}
            err.write(f"byline: {line}\n")
    if out is not None:
        out.write(
            f"synced {summary.synced} accounts, {summary.new_articles} new articles, {summary.sent} changes sent, "
            f"{summary.received} changes received, {summary.failed} failed\n"
        )


class SyncBar:
    """One line of sync progress on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, p: SyncProgress) -> None:
        if self.enabled:
            shown = f" {p.done}/{p.total}" if p.total else ""
            line = _("account %(id)d: %(stage)s") % {"id": p.account_id, "stage": p.stage}
            self.stream.write(f"\r{line}{shown}".ljust(60)[:60])
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def cmd_account_add(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    password = read_password(args, args.user)
    account, result = lib.add_account(args.kind, args.url, args.user, password, name=args.name)
    out.write(f"{account.id}\t{one_line(account.name)}\n")
    if result is not None and result.error:
        print_sync(SyncSummary((result,)), None, err)
        return EXIT_FAULT
    return EXIT_OK


def cmd_account_remove(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.remove_account(args.id, keep_articles=args.keep_articles)
    return EXIT_OK


def cmd_accounts(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    accounts = lib.accounts()
    if args.json:
        print_json([account_json(a) for a in accounts], out)
        return EXIT_OK
    for a in accounts:
        last = iso(a.last_sync) or "never"
        error = f"\t! {one_line(a.last_error)}" if a.last_error else ""
        out.write(f"{a.id}\t{a.kind}\t{one_line(a.name)}\t{a.url}\t{a.user}\t{last}\t{a.pending} pending{error}\n")
    return EXIT_OK


def cmd_sync(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    bar = SyncBar(err)
    try:
        summary = lib.sync(args.account_ids or None, progress=bar)
    finally:
        bar.finish()
    print_sync(summary, out, err)
    return EXIT_FAULT if summary.failed else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``account``, ``accounts`` and ``sync`` to ``sub``."""
    s = sub.add_parser("account", help=_("add or remove a sync account (a feed server)"))
    actions = s.add_subparsers(dest="account_command", metavar="ACTION", required=True)

    a = actions.add_parser("add", help=_("add an account, check its login and sync once"))
    a.add_argument("kind", metavar="KIND", choices=["greader"], help=_("greader (Google Reader API)"))
    a.add_argument("url", metavar="URL", help=_("the server's address (its Google Reader API root)"))
    a.add_argument("--user", metavar="NAME", required=True)
    given = a.add_mutually_exclusive_group()
    given.add_argument("--password-stdin", action="store_true", help=_("read the API password from standard input"))
    given.add_argument("--password-file", metavar="F", help=_("read the API password from a file"))
    a.add_argument("--name", metavar="N", help=_("the account's name in the tree (default: the server's host)"))
    a.set_defaults(func=cmd_account_add)

    r = actions.add_parser("remove", help=_("forget an account (and its articles unless kept)"))
    r.add_argument("id", metavar="ID", type=int)
    r.add_argument("--keep-articles", action="store_true", help=_("keep its articles (saved ones are always kept)"))
    r.set_defaults(func=cmd_account_remove)

    s = sub.add_parser("accounts", help=_("list sync accounts"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_accounts)

    s = sub.add_parser("sync", help=_("push local changes to the accounts' servers, then pull"))
    s.add_argument("account_ids", metavar="ACCOUNT_ID", nargs="*", type=int)
    s.set_defaults(func=cmd_sync)
