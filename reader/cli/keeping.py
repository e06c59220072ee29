"""Commands for what Byline keeps of a story: a feed's options (full stories, remote images) and kept images.

    byline feed-options FEED_ID [--full-stories on|off] [--images on|off|default]
    byline keep-images ID...

``save ID... --keep-images`` (in ``commands``) keeps images while saving.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from reader.cli.output import one_line
from reader.core.models import ArticleImage
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library

EXIT_OK = 0
SWITCH = {"on": True, "off": False}
IMAGES = {"on": True, "off": False, "default": None}


def report_images(article_id: int, images: list[ArticleImage], out: TextIO, err: TextIO) -> None:
    """One line per refused image on ``err``, then a count on ``out``."""
    kept = [i for i in images if i.hash]
    refused = [i for i in images if not i.hash]
    for image in refused:
        reason = one_line(image.note or _("unknown reason"))
        line = _("article %(id)d: image %(url)s not kept: %(reason)s") % {"id": article_id, "url": one_line(image.url), "reason": reason}
        err.write(line + "\n")
    out.write(f"article {article_id}: {len(kept)} images kept, {len(refused)} refused\n")


def cmd_feed_options(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    feed = lib.feed(args.feed_id)
    if args.full_stories is not None:
        lib.set_feed_full_stories(feed.id, SWITCH[args.full_stories])
    if args.images is not None:
        lib.set_feed_images(feed.id, IMAGES[args.images])
    feed = lib.feed(feed.id)
    images = "default" if feed.allow_images is None else "on" if feed.allow_images else "off"
    effective = "on" if lib.images_allowed(feed.id) else "off"
    out.write(f"{feed.id}\t{one_line(feed.title)}\n")
    out.write(f"full stories\t{'on' if feed.full_stories else 'off'}\n")
    out.write(f"remote images\t{images}{f' ({effective})' if images == 'default' else ''}\n")
    return EXIT_OK


def cmd_keep_images(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for article_id in args.ids:
        lib.article(article_id)  # an unknown id stops here, before any download
    for article_id in args.ids:
        report_images(article_id, lib.keep_images(article_id), out, err)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("feed-options", help=_("show or change a feed's options: full stories, remote images"))
    s.add_argument("feed_id", metavar="FEED_ID", type=int)
    s.add_argument(
        "--full-stories", choices=sorted(SWITCH),
        help=_("fetch each new article's web page during refresh and show its story instead of the feed's text"),
    )
    s.add_argument("--images", choices=sorted(IMAGES), help=_("remote images for this feed (default: the preference)"))
    s.set_defaults(func=cmd_feed_options)

    s = sub.add_parser("keep-images", help=_("download articles' images into the library, to show them offline"))
    s.add_argument("ids", metavar="ID", nargs="+", type=int)
    s.set_defaults(func=cmd_keep_images)
