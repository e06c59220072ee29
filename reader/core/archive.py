"""Saved articles leave the app: one self-contained HTML file each, plus an index."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from reader import paths
from reader.core.errors import BylineError
from reader.core.files import write_text_atomic

if TYPE_CHECKING:
    from reader.core.library import Library

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
    return (words[:limit].rstrip("-") or "article")


def export_saved(lib: Library, target: Path) -> int:
    """Write every saved article to ``target`` and an index.html; returns how many.

    Files are written next to their final name and renamed in, so an
    interrupted export never leaves a half-written page.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BylineError(f"cannot create {target}: {err.strerror or err}") from err
    css_path = paths.resources_dir() / "article.css"
    css = css_path.read_text(encoding="utf-8") if css_path.is_file() else ""
    entries: list[tuple[str, str, str, str]] = []
    saved = lib.articles(saved=True)
    files = {a.id: f"{a.id:06d}-{slug(a.title)}.html" for a in saved}
    for article in saved:
        rendered = lib.render(article.id)
        name = files[article.id]
        date = article.published.strftime("%Y-%m-%d") if article.published else ""
        header = (
            f'<header class="article-header"><h1>{html.escape(article.title)}</h1>'
            f'<p class="meta">{html.escape(article.feed_title)}'
            f"{' · ' + html.escape(article.author) if article.author else ''}"
            f"{' · ' + date if date else ''}</p>"
            + (f'<p class="meta"><a href="{html.escape(article.url, quote=True)}">Original story</a></p>' if article.url and article.url.startswith(("http://", "https://")) else "")
            + "</header>"
        )
        body = _offline_links(rendered.html, files)
        write_text_atomic(target / name, _PAGE.format(title=html.escape(article.title), css=css, body=header + body))
        entries.append((name, article.title, article.feed_title, date))
    items = "\n".join(
        f'<li><a href="{html.escape(name, quote=True)}">{html.escape(title)}</a> '
        f'<span class="meta">{html.escape(feed)} {date}</span></li>'
        for name, title, feed, date in entries
    )
    write_text_atomic(target / "index.html", _PAGE.format(title="Saved articles", css=css, body=f"<h1>Saved articles</h1>\n<ul>\n{items}\n</ul>"))
    return len(entries)


def _offline_links(body: str, files: dict[int, str]) -> str:
    """byline: links mean nothing outside the app: point them at exported files, or nowhere."""

    def article_link(m: re.Match[str]) -> str:
        name = files.get(int(m.group(1)))
        return f'href="{html.escape(name, quote=True)}"' if name else 'href="#"'

    body = re.sub(r'href="byline:article/(\d+)"', article_link, body)
    return re.sub(r'href="byline:[^"]*"', 'href="#"', body)
