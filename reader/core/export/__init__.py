"""Saved articles leaving the app: a folder of self-contained HTML pages, or one EPUB book.

``offline`` is what both do to a body (no resource load survives, links
between exported articles stay links); ``htmldir`` writes the folder;
``epub`` writes the book, with ``xhtml`` making each chapter valid. The
library gathers the articles (``Library.export_saved``); nothing here reads
the store or the network.
"""

from reader.core.export.epub import export_epub
from reader.core.export.htmldir import export_html
from reader.core.export.offline import ExportItem, offline_body, slug

__all__ = ["ExportItem", "export_epub", "export_html", "offline_body", "slug"]
