"""Full offline copies of saved articles.

Saving an article fetches the story's web page, extracts the main text,
and stores it through the same content pipeline as feed bodies, so search
finds words only the full story holds and its callouts become related links.

Extraction: trafilatura first (best boilerplate removal of the two measured,
keeps links and images in its HTML output), readability-lxml second (it
copes with fragments and pages trafilatura returns nothing for). Figures:
``python bench/extract_compare.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from reader.core import content
from reader.core.errors import BylineError, UnsafeURLError
from reader.core.urls import check_feed_url

if TYPE_CHECKING:
    from reader.core.library import Library

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 8 * 1024 * 1024
MIN_TEXT_CHARS = 200  # less than this is a teaser or a paywall notice, not a story


def extract_main(page: bytes | str, url: str | None = None) -> str | None:
    """The main story of a web page as HTML, or None when none was found."""
    import trafilatura

    try:
        html = trafilatura.extract(
            page, url=url, output_format="html", include_links=True, include_images=True, include_tables=True
        )
    except Exception:  # the extractor's own bugs must not lose the save
        log.warning("trafilatura failed on %s", url, exc_info=True)
        html = None
    if html and len(content.plain_text(html)) >= MIN_TEXT_CHARS:
        return str(html)
    try:
        from readability import Document

        text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
        fallback = Document(text, url=url).summary(html_partial=True)
    except Exception:
        log.warning("readability failed on %s", url, exc_info=True)
        return html or None
    if fallback and len(content.plain_text(fallback)) >= MIN_TEXT_CHARS:
        return str(fallback)
    return html or None


def save_full_copy(lib: Library, article_id: int) -> str | None:
    """Fetch, extract, sanitize and store the full story. Returns the error, or None.

    On failure the feed's own content stays and the error is recorded, so the
    window can show it and a later save retries.
    """
    article = lib.article(article_id)
    try:
        if not article.url:
            raise BylineError("the article has no link to fetch")
        try:
            url = check_feed_url(article.url)
        except UnsafeURLError as err:
            raise BylineError(f"the article's link cannot be fetched ({err})") from err
        page, _content_type = lib.fetcher().fetch_bytes(url, max_bytes=MAX_PAGE_BYTES)
        main = extract_main(page, url)
        if not main:
            raise BylineError("no story text was found on the page")
        prepared = content.prepare(main, is_html=True, base_url=url)
    except BylineError as err:
        lib.store.set_full_copy(article_id, None, None, error=str(err))
        return str(err)
    lib.store.set_full_copy(article_id, prepared.html, prepared.text)
    return None
