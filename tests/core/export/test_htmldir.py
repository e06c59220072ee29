"""``export-saved DIR``: self-contained pages (images embedded) and an index; nothing loads from anywhere."""

from __future__ import annotations

import base64
from pathlib import Path

from lxml import etree

from reader.core.export.htmldir import CSP
from reader.core.library import Library
from tests.core.export.checks import remote, resource_loads
from tests.core.export.samples import DAWN, saved_library
from tests.servers import FeedServer


def page_of(folder: Path, article_id: int) -> Path:
    (found,) = folder.glob(f"{article_id:06d}-*.html")
    return found


def test_every_page_is_self_contained_and_loads_nothing(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    ids = saved_library(library, feed_server, tmp_path)
    out = tmp_path / "export"
    assert library.export_saved(out) == 6
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 7 and (out / "index.html") in pages
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in pages)  # nothing but the pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = resource_loads(text)
        assert remote(loads) == [], (page.name, loads)
        assert all(load.startswith("img@src=data:image/") for load in loads), (page.name, loads)
        assert f'content="{CSP}"' in text and 'name="referrer" content="no-referrer"' in text

    dawn = page_of(out, ids["The harbour at dawn"]).read_text(encoding="utf-8")
    assert f"data:image/png;base64,{base64.b64encode(DAWN).decode()}" in dawn
    assert "Perihelion" in dawn
    root = etree.fromstring(dawn, etree.HTMLParser())
    assert [a.get("href") for a in root.iter("a") if a.text == "Original story"] == [feed_server.url("/story/dawn")]
    hostile = page_of(out, ids["A hostile body"]).read_text(encoding="utf-8")
    assert "evil.example" not in hostile.replace('href="https://evil.example', "")  # only ever as a link, if at all


def test_related_callouts_point_at_exported_pages_only(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    ids = saved_library(library, feed_server, tmp_path)
    out = tmp_path / "export"
    library.export_saved(out)
    callouts = next(t for t in ids if t.startswith("Callouts"))
    root = etree.fromstring(page_of(out, ids[callouts]).read_text(encoding="utf-8"), etree.HTMLParser())
    related = {"".join(a.itertext()): a.get("href") for a in root.iter("a") if a.get("class") == "related"}
    assert related == {
        "The harbour at dawn": page_of(out, ids["The harbour at dawn"]).name,
        "The winter of the great ice": None,
        "A headline nobody has ever written": None,
    }
    assert all(not (a.get("href") or "").startswith(("byline:", "/", "#")) for a in root.iter("a"))


def test_the_index_lists_every_saved_article(library: Library, feed_server: FeedServer, tmp_path: Path) -> None:
    ids = saved_library(library, feed_server, tmp_path)
    out = tmp_path / "export"
    library.export_saved(out)
    root = etree.fromstring((out / "index.html").read_text(encoding="utf-8"), etree.HTMLParser())
    listed = {a.get("href") for a in root.iter("a")}
    saved = {page_of(out, i).name for t, i in ids.items() if t != "The winter of the great ice"}
    assert listed == saved
