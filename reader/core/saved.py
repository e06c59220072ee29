"""Saved articles kept whole: full offline copies, their images, and daily backups.

* ``fetch_story`` fetches an article's web page and extracts the main text
  through the same content pipeline as feed bodies, so search finds words only
  the full story holds and its callouts become related links; ``save_full_copy``
  stores it for a saved article (full stories per feed use it too, see
  ``stories``). Extraction: trafilatura first (best boilerplate removal of the
  two measured, keeps links and images in its HTML output), readability-lxml
  second (it copes with fragments and pages trafilatura returns nothing for).
  Figures: ``python bench/extract_compare.py``.
* ``keep_images`` downloads the images an article shows (feed text and full
  copy), checks each one (``content.images.check_image``: real type, size,
  pixel count, inert SVG) and records it once by content hash, or the note
  saying why it was refused. Whether to call it is the caller's decision (the
  feed's image policy, or the user asking for one article).
* ``write_backup`` keeps a rotating daily backup of what cannot be fetched
  again (subscriptions as OPML, saved articles with their full copies and
  images); ``restore_saved`` brings them back.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from reader.core.content.images import IMAGE_MAX_BYTES, ImageRefused, check_image, image_sources
from reader.core.content.pipeline import Prepared, prepare
from reader.core.content.text import plain_text
from reader.core.errors import BylineError, CorruptLibraryError, NotFoundError, StorageError, UnsafeURLError
from reader.core.models import Article, ArticleImage
from reader.core.net.decode import format_size
from reader.core.net.fetch import Fetcher
from reader.core.net.urls import check_feed_url
from reader.core.storage.images import ImageRow
from reader.core.storage.store import Store
from reader.i18n import _

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 8 * 1024 * 1024
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/svg+xml;q=0.9,image/*;q=0.5"
MIN_TEXT_CHARS = 200  # less than this is a teaser or a paywall notice, not a story

BACKUP_EVERY = 24 * 3600
BACKUP_KEEP = 7
BACKUP_GLOB = "saved-*.sqlite3"


# --- full copies -------------------------------------------------------------------------------


def extract_main(page: bytes | str, url: str | None = None) -> str | None:
    """The main story of a web page as HTML, or None when none was found."""
    import trafilatura

    try:
        found = trafilatura.extract(
            page, url=url, output_format="html", include_links=True, include_images=True, include_tables=True
        )
    except Exception as err:  # noqa: BLE001 - the extractor's own bugs must not lose the save
        log.info("trafilatura could not read %s: %s", url, err)  # the save reports what it could not keep
        found = None
    if found and len(plain_text(found)) >= MIN_TEXT_CHARS:
        return str(found)
    try:
        from readability import Document

        text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
        fallback = Document(text, url=url).summary(html_partial=True)
    except Exception as err:  # noqa: BLE001 - same: an extractor's failure is a missing copy, not a lost save
        log.info("readability could not read %s: %s", url, err)
        return found or None
    if fallback and len(plain_text(fallback)) >= MIN_TEXT_CHARS:
        return str(fallback)
    return found or None


def fetch_story(fetcher: Fetcher, url: str | None, *, cancel: threading.Event | None = None) -> Prepared:
    """Fetch an article's page and extract its story, sanitized and absolutized like a feed body.

    Raises:
        BylineError: the message says why there is no story (no link, refused, unreachable, nothing found).
    """
    if not url:
        raise BylineError(_("the article has no link to fetch"))
    try:
        url = check_feed_url(url)
    except UnsafeURLError as err:
        raise BylineError(_("the article's link cannot be fetched (%(err)s)") % {"err": err}) from err
    page, _content_type = fetcher.fetch_bytes(url, max_bytes=MAX_PAGE_BYTES, accept=PAGE_ACCEPT, cancel=cancel)
    main = extract_main(page, url)
    prepared = prepare(main or "", is_html=True, base_url=url)
    if not prepared.html:
        raise BylineError(_("no story text was found on the page"))
    if len(prepared.text) < MIN_TEXT_CHARS:  # navigation, a paywall notice: not worth replacing the feed's text
        raise BylineError(_("no story text was found on the page (only %(count)d characters)") % {"count": len(prepared.text.strip())})
    return prepared


def save_full_copy(store: Store, fetcher: Fetcher, article: Article) -> str | None:
    """Fetch, extract, sanitize and store the full story. Returns the error, or None.

    On failure the feed's own content stays and the error is recorded, so the
    window can show it and a later save retries.
    """
    try:
        prepared = fetch_story(fetcher, article.url)
    except BylineError as err:
        store.set_full_copy(article.id, None, None, error=str(err))
        return str(err)
    try:
        store.set_full_copy(article.id, prepared.html, prepared.text)
    except StorageError as err:  # the disk is full or read-only: the save stands, the copy is not kept
        if isinstance(err, CorruptLibraryError):
            raise
        return f"it could not be stored ({err.__cause__ or err})"
    return None


# --- images ------------------------------------------------------------------------------------


def image_note(err: BylineError) -> str:
    """The note kept for an image that could not be downloaded."""
    text = str(err)
    if text.startswith("feed is larger than"):  # the fetcher's cap, worded for feeds: "... (52 MB announced)"
        announced = text.partition("(")[2].rstrip(")")
        return f"too large ({announced + '; ' if announced else ''}images up to {format_size(IMAGE_MAX_BYTES)} are kept)"
    return f"not downloaded: {text}"


def fetch_image(fetcher: Fetcher, url: str, *, cancel: threading.Event | None = None) -> ImageRow:
    """Download one image and check it; a failure or refusal comes back as the row's note."""
    try:
        data, content_type = fetcher.fetch_bytes(url, max_bytes=IMAGE_MAX_BYTES, accept=IMAGE_ACCEPT, cancel=cancel)
        checked = check_image(data, content_type)
    except ImageRefused as err:
        return ImageRow(url, note=str(err))
    except BylineError as err:
        return ImageRow(url, note=image_note(err))
    return ImageRow(url, checked.hash, checked.type, checked.data, checked.width, checked.height)


def images_wanted(store: Store, article_id: int) -> tuple[list[str], list[ImageRow]]:
    """The article's images still to download, and those already kept from the same address by another article.

    The images are those of the feed's text and of the full copy (the pane can
    show either); images this article already keeps are left alone.
    """
    article = store.article(article_id)
    copy = store.full_copy(article_id).html if article.has_full_copy else None
    have = {i.url for i in store.article_images(article_id) if i.hash}
    fetch: list[str] = []
    reuse: list[ImageRow] = []
    for url in image_sources([article.content, copy or ""]):
        if url in have:
            continue
        known = store.kept_hash_for_url(url)
        if known is not None:
            reuse.append(ImageRow(url, known))
        else:
            fetch.append(url)
    return fetch, reuse


def keep_images(store: Store, fetcher: Fetcher, article_id: int, *, cancel: threading.Event | None = None) -> list[ArticleImage]:
    """Download the article's images into the library (each stored once); returns all its image records."""
    fetch, rows = images_wanted(store, article_id)
    rows += [fetch_image(fetcher, url, cancel=cancel) for url in fetch]
    if rows:
        store.record_images(article_id, rows)
    return store.article_images(article_id)


# --- backups ---------------------------------------------------------------------------------------


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, newest first."""
    return sorted(folder.glob(BACKUP_GLOB), reverse=True)


def write_backup(store: Store, folder: Path, opml_text: str, *, force: bool = False, now: float) -> Path | None:
    """Write a backup of the saved articles and the subscriptions into ``folder``; keep the newest few.

    Returns the new file, or None when the newest backup is less than a day
    old and ``force`` is not set.
    """
    folder.mkdir(exist_ok=True)
    existing = sorted(folder.glob(BACKUP_GLOB))
    if existing and not force and now - existing[-1].stat().st_mtime < BACKUP_EVERY:
        return None
    stamp = datetime.fromtimestamp(now, tz=UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"saved-{stamp}.sqlite3"
    partial = folder / f"saved-{stamp}.part"
    partial.unlink(missing_ok=True)
    try:
        store.write_backup(partial, {"opml": opml_text, "written_at": str(now)})
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    for old in sorted(folder.glob(BACKUP_GLOB))[:-BACKUP_KEEP]:
        old.unlink(missing_ok=True)
    return target


def restore_saved(store: Store, backup: Path, import_opml: Callable[[bytes], object]) -> int:
    """Restore the saved articles (and, through ``import_opml``, missing subscriptions) of a backup."""
    if not backup.is_file():
        raise NotFoundError(_("no backup at %(path)s") % {"path": backup})
    extras = store.read_backup_extras(backup)
    if extras.get("opml"):
        import_opml(extras["opml"].encode("utf-8"))
    return store.restore_saved(backup)


__all__ = [
    "BACKUP_EVERY",
    "BACKUP_KEEP",
    "backups",
    "extract_main",
    "fetch_image",
    "fetch_story",
    "images_wanted",
    "keep_images",
    "restore_saved",
    "save_full_copy",
    "write_backup",
]
