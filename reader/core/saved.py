"""Saved articles kept whole: full offline copies, export as HTML, and daily backups.

* ``save_full_copy`` fetches a saved story's web page, extracts the main text
  and stores it through the same content pipeline as feed bodies, so search
  finds words only the full story holds and its callouts become related links.
  Extraction: trafilatura first (best boilerplate removal of the two measured,
  keeps links and images in its HTML output), readability-lxml second (it
  copes with fragments and pages trafilatura returns nothing for). Figures:
  ``python bench/extract_compare.py``.
* ``export_saved`` writes one self-contained HTML file per saved article and an
  index; an interrupted export never leaves a half-written page.
* ``write_backup`` keeps a rotating daily backup of what cannot be fetched
  again (subscriptions as OPML, saved articles with their full copies);
  ``restore_saved`` brings them back.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from reader.core.content import plain_text, prepare
from reader.core.errors import BylineError, NotFoundError, UnsafeURLError
from reader.core.files import write_text_atomic
from reader.core.models import Article, Rendered
from reader.core.net.fetch import Fetcher
from reader.core.net.urls import check_feed_url
from reader.core.storage.store import Store

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 8 * 1024 * 1024
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
        log.warning("trafilatura could not read %s: %s", url, err)
        found = None
    if found and len(plain_text(found)) >= MIN_TEXT_CHARS:
        return str(found)
    try:
        from readability import Document

        text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
        fallback = Document(text, url=url).summary(html_partial=True)
    except Exception as err:  # noqa: BLE001 - same: an extractor's failure is a missing copy, not a lost save
        log.warning("readability could not read %s: %s", url, err)
        return found or None
    if fallback and len(plain_text(fallback)) >= MIN_TEXT_CHARS:
        return str(fallback)
    return found or None


def save_full_copy(store: Store, fetcher: Fetcher, article: Article) -> str | None:
    """Fetch, extract, sanitize and store the full story. Returns the error, or None.

    On failure the feed's own content stays and the error is recorded, so the
    window can show it and a later save retries.
    """
    try:
        if not article.url:
            raise BylineError("the article has no link to fetch")
        try:
            url = check_feed_url(article.url)
        except UnsafeURLError as err:
            raise BylineError(f"the article's link cannot be fetched ({err})") from err
        page, _content_type = fetcher.fetch_bytes(url, max_bytes=MAX_PAGE_BYTES)
        main = extract_main(page, url)
        if not main:
            raise BylineError("no story text was found on the page")
        prepared = prepare(main, is_html=True, base_url=url)
    except BylineError as err:
        store.set_full_copy(article.id, None, None, error=str(err))
        return str(err)
    store.set_full_copy(article.id, prepared.html, prepared.text)
    return None


# --- export ---------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http:; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{css}
body {{ max-width: 42em; margin: 2em auto; padding: 0 1em; }}</style>
</head><body>
{body}
</body></html>
"""


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe rendering of a title."""
    words = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return words[:limit].rstrip("-") or "article"


def export_saved(saved: Sequence[Article], render: Callable[[int], Rendered], target: Path, *, css: str = "") -> int:
    """Write every article of ``saved`` to ``target`` with an index.html; returns how many.

    Args:
        render: the article body as the pane shows it (``Library.render``).
        css: the stylesheet embedded in every page.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BylineError(f"cannot create {target}: {err.strerror or err}") from err
    entries: list[tuple[str, str, str, str]] = []
    files = {a.id: f"{a.id:06d}-{slug(a.title)}.html" for a in saved}
    for article in saved:
        rendered = render(article.id)
        name = files[article.id]
        date = article.published.strftime("%Y-%m-%d") if article.published else ""
        original = (
            f'<p class="meta"><a href="{htmllib.escape(article.url, quote=True)}">Original story</a></p>'
            if article.url and article.url.startswith(("http://", "https://"))
            else ""
        )
        header = (
            f'<header class="article-header"><h1>{htmllib.escape(article.title)}</h1>'
            f'<p class="meta">{htmllib.escape(article.feed_title)}'
            f"{' · ' + htmllib.escape(article.author) if article.author else ''}"
            f"{' · ' + date if date else ''}</p>{original}</header>"
        )
        body = _offline_links(rendered.html, files)
        page = _PAGE.format(title=htmllib.escape(article.title), css=css, body=header + body)
        write_text_atomic(target / name, page)
        entries.append((name, article.title, article.feed_title, date))
    items = "\n".join(
        f'<li><a href="{htmllib.escape(name, quote=True)}">{htmllib.escape(title)}</a> '
        f'<span class="meta">{htmllib.escape(feed)} {date}</span></li>'
        for name, title, feed, date in entries
    )
    index = _PAGE.format(title="Saved articles", css=css, body=f"<h1>Saved articles</h1>\n<ul>\n{items}\n</ul>")
    write_text_atomic(target / "index.html", index)
    return len(entries)


def _offline_links(body: str, files: dict[int, str]) -> str:
    """byline: links mean nothing outside the app: point them at exported files, or nowhere."""

    def article_link(m: re.Match[str]) -> str:
        name = files.get(int(m.group(1)))
        return f'href="{htmllib.escape(name, quote=True)}"' if name else 'href="#"'

    body = re.sub(r'href="byline:article/(\d+)"', article_link, body)
    return re.sub(r'href="byline:[^"]*"', 'href="#"', body)


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
        raise NotFoundError(f"no backup at {backup}")
    extras = store.read_backup_extras(backup)
    if extras.get("opml"):
        import_opml(extras["opml"].encode("utf-8"))
    return store.restore_saved(backup)


__all__ = [
    "BACKUP_EVERY",
    "BACKUP_KEEP",
    "backups",
    "export_saved",
    "extract_main",
    "restore_saved",
    "save_full_copy",
    "slug",
    "write_backup",
]
