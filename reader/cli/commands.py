"""The command-line contract's base commands, run against a ``Library``.

One ``cmd_*`` function per command (``args`` from argparse, output to ``out``,
messages to ``err``) and ``register`` to add their parsers. Expected faults
are raised as ``BylineError`` and printed by ``reader.cli.main``.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.cli.access import AGENT_NAMES, add_password_options, login_from_args
from reader.cli.output import (
    ProgressBar,
    article_json,
    enclosures_json,
    feed_json,
    hit_json,
    image_json,
    one_line,
    plain_snippet,
    print_json,
)
from reader.core.errors import BylineError
from reader.core.files import write_text_atomic
from reader.core.wording import counted, counted_noun
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library

EXIT_OK, EXIT_FAULT, EXIT_USAGE = 0, 1, 2


def positive(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: %r") % text) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(_("must be 1 or more"))
    return value


# --- subscriptions --------------------------------------------------------------------------


def cmd_add(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    login = login_from_args(args, args.target)
    agent = AGENT_NAMES.get(args.user_agent.strip().lower(), args.user_agent) if args.user_agent else None
    result = lib.add_feed(args.target, folder=args.folder or "", title=args.title, login=login, user_agent=agent)
    out.write(f"{result.feed.id}\t{one_line(result.feed.title)}\n")
    if result.alternatives:
        err.write(_("other feeds found on that page:") + "\n")
        for url in result.alternatives:
            err.write(f"  {url}\n")
    return EXIT_OK


def cmd_import(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as e:
        raise BylineError(_("cannot read %(file)s: %(reason)s") % {"file": args.file, "reason": e.strerror or e}) from e
    result = lib.import_opml(data, under=args.folder or "")
    for what, reason in result.skipped:
        err.write(_("skipped %(what)s: %(reason)s") % {"what": one_line(what), "reason": one_line(reason)} + "\n")
    out.write(f"added {result.added}, already present {result.present}, skipped {len(result.skipped)}\n")
    return EXIT_OK


def cmd_export(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text = lib.export_opml()
    if args.file:
        write_text_atomic(Path(args.file), text)
    else:
        out.write(text)
    return EXIT_OK


def cmd_feeds(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    feeds = lib.feeds()
    if args.json:
        print_json([feed_json(f) for f in feeds], out)
        return EXIT_OK
    for f in feeds:
        error = f"\t! {one_line(f.last_error)}" if f.last_error else ""
        out.write(f"{f.id}\t{f.unread}\t{f.folder + '/' if f.folder else ''}{one_line(f.title)}\t{f.url}{error}\n")
    return EXIT_OK


def cmd_refresh(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    bar = ProgressBar(err)
    cancel = threading.Event()
    try:
        summary = lib.refresh(
            args.feed_ids or None, workers=args.workers, override=args.force, progress=bar, cancel=cancel
        )
    except KeyboardInterrupt:
        cancel.set()
        bar.finish()
        err.write(_("refresh cancelled") + "\n")
        return 130
    bar.finish()
    for r in summary.results:
        if r.error:
            err.write(
                _("feed %(id)d (%(title)s): %(error)s") % {"id": r.feed_id, "title": one_line(r.title or r.url), "error": one_line(r.error)}
                + "\n"
            )
    for s in summary.sync.results if summary.sync else ():
        if s.error:
            err.write(
                _("account %(id)d (%(name)s): %(error)s") % {"id": s.account_id, "name": one_line(s.name), "error": one_line(s.error)}
                + "\n"
            )
    out.write(
        f"checked {counted(summary.checked, 'feed')}, {summary.new_articles} new {counted_noun(summary.new_articles, 'article')}, "
        f"{summary.not_modified} not modified, {summary.failed} failed\n"
    )
    return EXIT_OK


# --- articles -----------------------------------------------------------------------------------


def cmd_articles(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    articles = lib.articles(
        feed_id=args.feed, folder=args.folder, unread=args.unread, saved=args.saved, limit=args.limit, smart=args.smart
    )
    if args.json:
        print_json([article_json(a) for a in articles], out)
        return EXIT_OK
    for a in articles:
        flags = ("N" if not a.read else "-") + ("S" if a.saved else "-")
        date = a.published.strftime("%Y-%m-%d %H:%M") if a.published else "                "
        out.write(f"{a.id}\t{one_line(a.feed_title)}\t{date}\t{flags}\t{one_line(a.title)}\n")
    return EXIT_OK


def cmd_show(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    opened = lib.open_article(args.id, full_copy=not args.feed_text)
    article, rendered = opened.article, opened.rendered
    if article.full_copy_error and not opened.full_copy and not args.feed_text:
        err.write(_("showing the feed's text: the full story could not be kept (%s)") % one_line(article.full_copy_error) + "\n")
    if args.json:
        print_json(
            {
                **article_json(article), "html": rendered.html, "text": rendered.text,
                "full_story": opened.full_copy, "full_story_error": article.full_copy_error,
                "images": [image_json(i) for i in opened.kept_images],
                "enclosures": enclosures_json(article),
            },
            out,
        )
    elif args.text:
        out.write(f"{article.title}\n\n{rendered.text.strip()}\n")
    else:
        out.write(rendered.html)
        if not rendered.html.endswith("\n"):
            out.write("\n")
    return EXIT_OK


def cmd_mark(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    command = args.command
    if command in ("read", "unread"):
        lib.mark_read(args.ids, command == "read")
    elif command == "unsave":
        lib.mark_saved(args.ids, False)
    else:
        lib.mark_saved(args.ids, True)
        for article_id in args.ids:
            if not args.no_copy:
                problem = lib.save_full_copy(article_id, keep_images=args.keep_images)
                if problem:
                    err.write(
                        _("article %(id)d saved; its full page was not kept: %(problem)s")
                        % {"id": article_id, "problem": one_line(problem)}
                        + "\n"
                    )
            elif args.keep_images:
                lib.keep_images(article_id)
            for image in lib.article_images(article_id):
                if image.note:
                    err.write(
                        _("article %(id)d: image %(url)s not kept: %(reason)s")
                        % {"id": article_id, "url": one_line(image.url), "reason": one_line(image.note)}
                        + "\n"
                    )
    return EXIT_OK


def cmd_search(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    hits = lib.search(" ".join(args.query), saved_only=args.saved, limit=args.limit)
    if args.json:
        print_json([hit_json(h) for h in hits], out)
        return EXIT_OK
    for h in hits:
        out.write(
            f"{h.article.id}\t{one_line(h.article.title)}\t{one_line(h.article.feed_title)}\t"
            f"{plain_snippet(h.snippet, ('[', ']'))}\n"
        )
    if not hits:
        err.write(_("no matches") + "\n")
    return EXIT_OK


# --- saved articles and backups ---------------------------------------------------------------------


def cmd_export_saved(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.dir and not args.epub:
        err.write("byline export-saved: " + _("give a folder (DIR), --epub FILE, or both") + "\n")
        return EXIT_USAGE
    if args.dir:
        count = lib.export_saved(Path(args.dir))
        out.write(f"exported {counted(count, 'saved article')} to {args.dir}\n")
    if args.epub:
        count = lib.export_epub(Path(args.epub))
        out.write(f"wrote {counted(count, 'saved article')} to the book {args.epub}\n")
    return EXIT_OK


def cmd_backup(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = lib.backup(force=True)
    out.write(f"{path}\n")
    return EXIT_OK


def cmd_restore_saved(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    backup = args.backup or next(iter(lib.backups()), None)
    if backup is None:
        raise BylineError(_("there is no backup to restore from"))
    count = lib.restore_saved(backup)
    out.write(f"restored {counted(count, 'saved article')} from {backup}\n")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the base commands' parsers to ``sub``."""
    s = sub.add_parser("add", help=_("subscribe to a feed URL, a site URL or a local feed file"))
    s.add_argument("target", metavar="URL_OR_PATH")
    s.add_argument("--folder", metavar="PATH", help=_("folder path, e.g. News/World"))
    s.add_argument("--title", metavar="T", help=_("your own name for the feed"))
    s.add_argument("--user", metavar="NAME", help=_("for a feed behind a login: the user name (the password is asked for)"))
    add_password_options(s)
    s.add_argument("--user-agent", metavar="AGENT", help=_("ask this feed with its own User-Agent ('browser' for a web browser's)"))
    s.set_defaults(func=cmd_add)

    s = sub.add_parser("import", help=_("import an OPML subscription list"))
    s.add_argument("file", metavar="FILE")
    s.add_argument("--folder", metavar="PATH", help=_("put the imported folders under PATH"))
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help=_("write subscriptions as OPML 2.0"))
    s.add_argument("file", metavar="FILE", nargs="?")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("feeds", help=_("list feeds"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_feeds)

    s = sub.add_parser("refresh", help=_("fetch all (or the given) feeds"))
    s.add_argument("feed_ids", metavar="FEED_ID", nargs="*", type=int)
    s.add_argument(
        "--workers", metavar="N", type=positive,
        help=_("requests in flight at once, over all sites (default 16); one site never gets more than 8 of them"),
    )
    s.add_argument(
        "--force", action="store_true",
        help=_("also ask feeds a server told to wait (Retry-After) or marked gone (410); without it each says when it is asked again"),
    )
    s.set_defaults(func=cmd_refresh)

    s = sub.add_parser("articles", help=_("list articles, newest first"))
    s.add_argument("--feed", metavar="ID", type=int)
    s.add_argument("--folder", metavar="PATH")
    s.add_argument("--unread", action="store_true")
    s.add_argument("--saved", action="store_true")
    s.add_argument("--smart", metavar="ID", type=int, help=_("only this smart feed's articles"))
    s.add_argument("--limit", metavar="N", type=positive)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_articles)

    s = sub.add_parser("show", help=_("one article as the pane renders it"))
    s.add_argument("id", metavar="ID", type=int)
    fmt = s.add_mutually_exclusive_group()
    fmt.add_argument("--html", action="store_true", help=_("rendered HTML (the default)"))
    fmt.add_argument("--text", action="store_true", help=_("plain text"))
    fmt.add_argument("--json", action="store_true", help=_("the article as JSON with html and text"))
    s.add_argument("--feed-text", action="store_true", help=_("the feed's own text, not the full story"))
    s.set_defaults(func=cmd_show)

    marks = (
        ("read", _("mark read")),
        ("unread", _("mark unread")),
        ("save", _("bookmark (keeps a full offline copy)")),
        ("unsave", _("remove the bookmark")),
    )
    for name, help_text in marks:
        s = sub.add_parser(name, help=help_text)
        s.add_argument("ids", metavar="ID", nargs="+", type=int)
        if name == "save":
            s.add_argument("--no-copy", action="store_true", help=_("do not fetch the full page"))
            s.add_argument(
                "--keep-images", action="store_true",
                help=_("download the article's images into the library even if the feed does not allow remote images"),
            )
        s.set_defaults(func=cmd_mark)

    s = sub.add_parser("search", help=_("full-text search, offline, best match first"))
    s.add_argument("query", metavar="QUERY", nargs="+")
    s.add_argument("--saved", action="store_true", help=_("only saved articles"))
    s.add_argument("--limit", metavar="N", type=positive, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser(
        "export-saved", help=_("write every saved article as a self-contained HTML page (plus index.html), or as one EPUB")
    )
    s.add_argument("dir", metavar="DIR", nargs="?")
    s.add_argument("--epub", metavar="FILE", help=_("write one EPUB book of the saved articles"))
    s.set_defaults(func=cmd_export_saved)

    s = sub.add_parser("backup", help=_("write a backup of subscriptions and saved articles now"))
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore-saved", help=_("bring back saved articles from a backup (default: the newest)"))
    s.add_argument("backup", metavar="BACKUP", nargs="?")
    s.set_defaults(func=cmd_restore_saved)
