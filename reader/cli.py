"""The ``byline`` command: argparse -> Library -> print / JSON, exit codes.

No SQL and no Qt here (the window is imported only for ``gui``). Expected
faults print one line on stderr and exit 1; wrong usage exits 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from reader import __version__
from reader.core.errors import BylineError
from reader.core.files import write_text_atomic
from reader.core.models import Article, Feed, RefreshProgress, SearchHit
from reader.core.urls import unwrap_feed_scheme

EXIT_OK, EXIT_FAULT, EXIT_USAGE = 0, 1, 2


# --- output helpers -------------------------------------------------------------------------


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "folder": feed.folder,
        "unread": feed.unread,
        "last_error": feed.last_error,
    }


def article_json(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "feed_id": a.feed_id,
        "feed_title": a.feed_title,
        "title": a.title,
        "url": a.url,
        "author": a.author,
        "published": _iso(a.published),
        "read": a.read,
        "saved": a.saved,
        "categories": list(a.categories),
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {**article_json(hit.article), "snippet": plain_snippet(hit.snippet), "score": round(hit.score, 4)}


def plain_snippet(snippet: str, mark: tuple[str, str] = ("", "")) -> str:
    return " ".join(snippet.replace("\x02", mark[0]).replace("\x03", mark[1]).split())


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _print_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, p: RefreshProgress) -> None:
        if not self.enabled or p.total == 0:
            return
        width = 30
        filled = int(width * p.done / p.total)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total} feeds, {p.new_articles} new  {p.current[:40]}"
        self.stream.write(line.ljust(100)[:100])
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


# --- commands ---------------------------------------------------------------------------------


def cmd_add(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = lib.add_feed(args.target, folder=args.folder or "", title=args.title)
    out.write(f"{result.feed.id}\t{_one_line(result.feed.title)}\n")
    if result.alternatives:
        err.write("other feeds found on that page:\n")
        for url in result.alternatives:
            err.write(f"  {url}\n")
    return EXIT_OK


def cmd_import(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as e:
        raise BylineError(f"cannot read {args.file}: {e.strerror or e}") from e
    result = lib.import_opml(data, under=args.folder or "")
    for what, reason in result.skipped:
        err.write(f"skipped {_one_line(what)}: {_one_line(reason)}\n")
    out.write(f"added {result.added}, already present {result.present}, skipped {len(result.skipped)}\n")
    return EXIT_OK


def cmd_export(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text = lib.export_opml()
    if args.file:
        write_text_atomic(Path(args.file), text)
    else:
        out.write(text)
    return EXIT_OK


def cmd_feeds(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    feeds = lib.feeds()
    if args.json:
        _print_json([feed_json(f) for f in feeds], out)
        return EXIT_OK
    for f in feeds:
        error = f"\t! {_one_line(f.last_error)}" if f.last_error else ""
        out.write(f"{f.id}\t{f.unread}\t{f.folder + '/' if f.folder else ''}{_one_line(f.title)}\t{f.url}{error}\n")
    return EXIT_OK


def cmd_refresh(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    bar = ProgressBar(err)
    cancel = threading.Event()
    try:
        summary = lib.refresh(args.feed_ids or None, workers=args.workers, progress=bar, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        bar.finish()
        err.write("refresh cancelled\n")
        return 130
    bar.finish()
    for r in summary.results:
        if r.error:
            err.write(f"feed {r.feed_id} ({_one_line(r.title or r.url)}): {_one_line(r.error)}\n")
    out.write(
        f"checked {summary.checked} feeds, {summary.new_articles} new articles, "
        f"{summary.not_modified} not modified, {summary.failed} failed\n"
    )
    return EXIT_OK


def cmd_articles(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    articles = lib.articles(feed_id=args.feed, folder=args.folder, unread=args.unread, saved=args.saved, limit=args.limit)
    if args.json:
        _print_json([article_json(a) for a in articles], out)
        return EXIT_OK
    for a in articles:
        flags = ("N" if not a.read else "-") + ("S" if a.saved else "-")
        date = a.published.strftime("%Y-%m-%d %H:%M") if a.published else "                "
        out.write(f"{a.id}\t{_one_line(a.feed_title)}\t{date}\t{flags}\t{_one_line(a.title)}\n")
    return EXIT_OK


def cmd_show(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    article = lib.article(args.id)
    rendered = lib.render(args.id)
    if args.json:
        _print_json({**article_json(article), "html": rendered.html, "text": rendered.text}, out)
    elif args.text:
        out.write(f"{article.title}\n\n{rendered.text.strip()}\n")
    else:
        out.write(rendered.html)
        if not rendered.html.endswith("\n"):
            out.write("\n")
    return EXIT_OK


def cmd_mark(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    command = args.command
    if command in ("read", "unread"):
        lib.mark_read(args.ids, command == "read")
    elif command == "unsave":
        lib.mark_saved(args.ids, False)
    else:
        lib.mark_saved(args.ids, True)
        if not args.no_copy:
            for article_id in args.ids:
                problem = lib.save_full_copy(article_id)
                if problem:
                    err.write(f"article {article_id} saved; its full page was not kept: {_one_line(problem)}\n")
    return EXIT_OK


def cmd_search(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    hits = lib.search(" ".join(args.query), saved_only=args.saved, limit=args.limit)
    if args.json:
        _print_json([hit_json(h) for h in hits], out)
        return EXIT_OK
    for h in hits:
        out.write(f"{h.article.id}\t{_one_line(h.article.title)}\t{_one_line(h.article.feed_title)}\t{plain_snippet(h.snippet, ('[', ']'))}\n")
    if not hits:
        err.write("no matches\n")
    return EXIT_OK


def cmd_export_saved(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.core.archive import export_saved

    count = export_saved(lib, Path(args.dir))
    out.write(f"exported {count} saved articles to {args.dir}\n")
    return EXIT_OK


def cmd_backup(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = lib.backup(force=True)
    out.write(f"{path}\n")
    return EXIT_OK


def cmd_restore_saved(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    backup = args.backup or next(iter(lib.backups()), None)
    if backup is None:
        raise BylineError("there is no backup to restore from")
    count = lib.restore_saved(backup)
    out.write(f"restored {count} saved articles from {backup}\n")
    return EXIT_OK


def has_display(environ: Any = None) -> bool:
    """Whether Qt can open a window: a display server, or a platform chosen by hand."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_gui(lib: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not has_display():
        raise BylineError(
            "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "the library is reachable with the other commands: byline --help"
        )
    for target in getattr(args, "targets", None) or ():
        try:
            lib.add_feed(unwrap_feed_scheme(target))
        except BylineError as e:
            err.write(f"byline: could not subscribe to {target}: {_one_line(str(e))}\n")
    try:
        from reader.ui.app import run
    except ImportError as e:
        raise BylineError(f"the window needs PySide6 ({e}); install it with: pip install PySide6-Essentials") from e
    return int(run(lib))


# --- parsing ------------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="byline", description="Byline: a calm, fast desktop news reader.")
    p.add_argument("--data-dir", metavar="DIR", help="keep the library in DIR (default: $BYLINE_DATA_DIR or the user data dir)")
    p.add_argument("--version", action="version", version=f"byline {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("gui", help="open the main window (the default)")
    s.add_argument("targets", metavar="URL_OR_PATH", nargs="*", help="feeds to subscribe to first (from a file manager or browser)")
    s.set_defaults(func=cmd_gui)

    s = sub.add_parser("add", help="subscribe to a feed URL, a site URL or a local feed file")
    s.add_argument("target", metavar="URL_OR_PATH")
    s.add_argument("--folder", metavar="PATH", help="folder path, e.g. News/World")
    s.add_argument("--title", metavar="T", help="your own name for the feed")
    s.set_defaults(func=cmd_add)

    s = sub.add_parser("import", help="import an OPML subscription list")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--folder", metavar="PATH", help="put the imported folders under PATH")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="write subscriptions as OPML 2.0")
    s.add_argument("file", metavar="FILE", nargs="?")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("feeds", help="list feeds")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_feeds)

    s = sub.add_parser("refresh", help="fetch all (or the given) feeds")
    s.add_argument("feed_ids", metavar="FEED_ID", nargs="*", type=int)
    s.add_argument("--workers", metavar="N", type=_positive, help="concurrent fetches")
    s.set_defaults(func=cmd_refresh)

    s = sub.add_parser("articles", help="list articles, newest first")
    s.add_argument("--feed", metavar="ID", type=int)
    s.add_argument("--folder", metavar="PATH")
    s.add_argument("--unread", action="store_true")
    s.add_argument("--saved", action="store_true")
    s.add_argument("--limit", metavar="N", type=_positive)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_articles)

    s = sub.add_parser("show", help="one article as the pane renders it")
    s.add_argument("id", metavar="ID", type=int)
    fmt = s.add_mutually_exclusive_group()
    fmt.add_argument("--html", action="store_true", help="rendered HTML (the default)")
    fmt.add_argument("--text", action="store_true", help="plain text")
    fmt.add_argument("--json", action="store_true", help="the article as JSON with html and text")
    s.set_defaults(func=cmd_show)

    for name, help_text in (("read", "mark read"), ("unread", "mark unread"), ("save", "bookmark (keeps a full offline copy)"), ("unsave", "remove the bookmark")):
        s = sub.add_parser(name, help=help_text)
        s.add_argument("ids", metavar="ID", nargs="+", type=int)
        if name == "save":
            s.add_argument("--no-copy", action="store_true", help="do not fetch the full page")
        s.set_defaults(func=cmd_mark)

    s = sub.add_parser("search", help="full-text search, offline, best match first")
    s.add_argument("query", metavar="QUERY", nargs="+")
    s.add_argument("--saved", action="store_true", help="only saved articles")
    s.add_argument("--limit", metavar="N", type=_positive, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("export-saved", help="write every saved article as an offline HTML file, plus index.html")
    s.add_argument("dir", metavar="DIR")
    s.set_defaults(func=cmd_export_saved)
    s = sub.add_parser("backup", help="write a backup of subscriptions and saved articles now")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore-saved", help="bring back saved articles from a backup (default: the newest)")
    s.add_argument("backup", metavar="BACKUP", nargs="?")
    s.set_defaults(func=cmd_restore_saved)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or wrong usage (2)
        return int(e.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=err, format="%(levelname)s %(name)s: %(message)s")
    if not args.command:
        args.command = "gui"
        args.func = cmd_gui
    from reader.core.library import open_library
    from reader.core.store import as_storage_error

    try:
        lib = open_library(args.data_dir)  # integrity-checked when the last good check is over a day old
    except BylineError as e:
        err.write(f"byline: {_one_line(str(e))}\n")
        return EXIT_FAULT
    except OSError as e:
        err.write(f"byline: cannot use the data directory: {_one_line(str(e))}\n")
        return EXIT_FAULT
    except Exception as e:
        wrapped = as_storage_error(e)
        if wrapped is None:
            raise
        err.write(f"byline: {_one_line(str(wrapped))}\n")
        return EXIT_FAULT
    try:
        return int(args.func(lib, args, out, err))
    except BylineError as e:
        err.write(f"byline: {_one_line(str(e))}\n")
        return EXIT_FAULT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:
        wrapped = as_storage_error(e)
        if wrapped is None:
            raise  # a bug: loud
        err.write(f"byline: {_one_line(str(wrapped))}\n")
        return EXIT_FAULT
    except KeyboardInterrupt:
        err.write("byline: interrupted\n")
        return 130
    finally:
        lib.close()


if __name__ == "__main__":
    raise SystemExit(main())
