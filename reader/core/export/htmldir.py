"""Saved articles as a folder of self-contained HTML pages with an index.

Each page carries everything it shows: the stylesheet inline and kept images
embedded as ``data:`` URLs, so one page can be copied or mailed alone and still
show its pictures. A Content-Security-Policy of ``default-src 'none'; img-src
data:`` lets a browser load nothing else, and ``no-referrer`` keeps a clicked
link from telling the site where the reader came from. Pages are written
atomically (an interrupted export never leaves half a page).
"""

from __future__ import annotations

import base64
import html as htmllib
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from reader.core.errors import BylineError
from reader.core.export.offline import ExportItem, offline_body, slug
from reader.core.files import write_text_atomic
from reader.core.models import Article, StoredImage
from reader.i18n import _

__all__ = ["CSP", "export_html"]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{css}
body {{ max-width: 42em; margin: 2em auto; padding: 0 1em; }}
img {{ max-width: 100%; height: auto; }}</style>
</head><body>
{body}
</body></html>
"""


def _date(article: Article) -> str:
    return article.published.strftime("%Y-%m-%d") if article.published else ""


def _header(article: Article, index: str) -> str:
    meta = [htmllib.escape(article.feed_title)]
    if article.author:
        meta.append(htmllib.escape(article.author))
    if _date(article):
        meta.append(_date(article))
    links = [f'<a href="{htmllib.escape(index, quote=True)}">All saved articles</a>']
    if article.url and article.url.lower().startswith(("http://", "https://")):
        links.append(f'<a href="{htmllib.escape(article.url, quote=True)}">Original story</a>')
    return (
        f'<header class="article-header"><h1>{htmllib.escape(article.title)}</h1>'
        f'<p class="meta">{" · ".join(m for m in meta if m)}</p>'
        f'<p class="meta">{" · ".join(links)}</p></header>'
    )


def _serialize(body: etree._Element) -> str:
    parts = [htmllib.escape(body.text, quote=False)] if body.text else []
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in body]
    return "".join(parts)


def export_html(
    items: Sequence[ExportItem], image: Callable[[str], StoredImage | None], target: Path, *, css: str = ""
) -> int:
    """Write one page per item and ``index.html`` into ``target``; returns how many pages.

    Args:
        image: a kept image by its hash (``Library.image``), embedded in the pages that show it.
        css: the stylesheet put inline in every page.

    Raises:
        BylineError: the folder or a page cannot be written.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BylineError(_("cannot create %(path)s: %(err)s") % {"path": target, "err": err.strerror or err}) from err
    files = {item.article.id: f"{item.article.id:06d}-{slug(item.article.title)}.html" for item in items}

    def data_url(digest: str) -> str | None:
        found = image(digest)
        return None if found is None else f"data:{found.type};base64,{base64.b64encode(found.data).decode('ascii')}"

    def page(title: str, body: str) -> str:
        return _PAGE.format(csp=CSP, title=htmllib.escape(title), css=css, body=body)

    for item in items:
        article = item.article
        body = offline_body(item.body, article_href=files.get, image_src=data_url)
        write_text_atomic(target / files[article.id], page(article.title, _header(article, "index.html") + _serialize(body)))
    rows = "\n".join(
        f'<li><a href="{htmllib.escape(files[i.article.id], quote=True)}">{htmllib.escape(i.article.title)}</a> '
        f'<span class="meta">{htmllib.escape(i.article.feed_title)} {_date(i.article)}</span></li>'
        for i in items
    )
    write_text_atomic(target / "index.html", page("Saved articles", f"<h1>Saved articles</h1>\n<ul>\n{rows}\n</ul>"))
    return len(items)
