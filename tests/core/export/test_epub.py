"""``export-saved --epub``: one valid EPUB 3 book (epubcheck), chapters linked where callouts allow, nothing remote."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from reader.core.export.epub import chapter_name
from reader.core.library import Library
from tests.core.export.checks import remote, resource_loads, run_epubcheck
from tests.core.export.samples import DAWN, saved_library
from tests.images import SAFE_SVG
from tests.servers import FeedServer

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_book_of_saved_articles_passes_epubcheck(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    saved_library(library, feed_server, tmp_path)
    book = tmp_path / "saved.epub"
    assert library.export_epub(book) == 6
    done = run_epubcheck(book)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "ERROR" not in report and "WARNING" not in report and "FATAL" not in report, report


def test_the_book_holds_every_saved_article_with_its_images_and_nothing_remote(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    ids = saved_library(library, feed_server, tmp_path)
    book = tmp_path / "saved.epub"
    library.export_epub(book)
    with zipfile.ZipFile(book) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type, z.read(first)) == ("mimetype", zipfile.ZIP_STORED, b"application/epub+zip")
        names = set(z.namelist())
        opf = etree.fromstring(z.read("OEBPS/package.opf"))
        items = {i.get("href"): i.get("media-type") for i in opf.iter(f"{OPF}item")}
        assert all(not href.startswith(("http:", "https:", "//")) for href in items)
        assert all(f"OEBPS/{href}" in names for href in items)
        images = {href: z.read(f"OEBPS/{href}") for href, kind in items.items() if kind.startswith("image/")}
        assert sorted(images.values()) == sorted([DAWN, kept_logo(library, ids)])
        spine = [i.get("idref") for i in opf.iter(f"{OPF}itemref")]
        assert spine[0] == "nav" and len(spine) == 7
        assert ids["The winter of the great ice"] not in {int(i[1:]) for i in spine[1:]}
        for name in names:
            if name.endswith(".xhtml"):
                loads = resource_loads(z.read(name), xml=True)
                assert remote(loads) == [], (name, loads)
                for load in loads:
                    target = load.split("=", 1)[1]
                    assert f"OEBPS/{target}" in names, (name, load)
        nav = etree.fromstring(z.read("OEBPS/nav.xhtml"))
        titles = ["".join(a.itertext()) for a in nav.iter(f"{XHTML}a")]
        assert any(t.startswith("Callouts <&> \"quotes\" \U0001F30A — The Desk & Co") for t in titles)
        dawn = etree.fromstring(z.read(f"OEBPS/{chapter_name(ids['The harbour at dawn'])}"))
        text = "".join(dawn.itertext())
        assert "The harbour at dawn" in text and "Harbour Ledger" in text and "Perihelion" in text
        assert [a.get("href") for a in dawn.iter(f"{XHTML}a") if "".join(a.itertext()) == "Original story"] == [
            feed_server.url("/story/dawn")
        ]


def kept_logo(library: Library, ids: dict[str, int]) -> bytes:
    """The logo as the library keeps it (cleaned, so not byte-identical to SAFE_SVG)."""
    (logo,) = [i for i in library.article_images(ids["A new logo for the harbour"]) if i.url.endswith(".svg")]
    kept = library.image(logo.hash or "").data
    assert b"<rect" in kept and kept != b"" and SAFE_SVG.count(b"<rect") == kept.count(b"<rect")
    return kept


def test_related_callouts_link_within_the_book_only(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    ids = saved_library(library, feed_server, tmp_path)
    book = tmp_path / "saved.epub"
    library.export_epub(book)
    with zipfile.ZipFile(book) as z:
        chapter = etree.fromstring(z.read(f"OEBPS/{chapter_name(ids[next(t for t in ids if t.startswith('Callouts'))])}"))
    related = {"".join(a.itertext()): a.get("href") for a in chapter.iter(f"{XHTML}a") if a.get("class") == "related"}
    assert related == {
        "The harbour at dawn": chapter_name(ids["The harbour at dawn"]),  # saved: in the book
        "The winter of the great ice": None,  # in the library, not saved: plain text in the book
        "A headline nobody has ever written": None,
    }


def test_an_empty_library_makes_a_valid_book_skeleton(library: Library, tmp_path: Path) -> None:
    book = tmp_path / "empty.epub"
    assert library.export_epub(book) == 0
    with zipfile.ZipFile(book) as z:
        assert {"mimetype", "META-INF/container.xml", "OEBPS/package.opf", "OEBPS/nav.xhtml"} <= set(z.namelist())
    assert not book.with_name("empty.epub.part").exists()


def test_epubcheck_rejects_the_same_book_without_the_content_model_fixes(
    library: Library, feed_server: FeedServer, tmp_path: Path, monkeypatch
) -> None:
    """The check above is not vacuous: web HTML copied as it is fails epubcheck."""
    import reader.core.export.xhtml as xhtml

    monkeypatch.setattr(xhtml, "_fix", lambda el: None)
    monkeypatch.setattr(xhtml, "_fix_attributes", lambda el: None)
    saved_library(library, feed_server, tmp_path)
    book = tmp_path / "unfixed.epub"
    library.export_epub(book)
    done = run_epubcheck(book)
    assert done.returncode != 0
    assert "RSC-005" in done.stdout + done.stderr  # the content model errors
