"""The benchmark corpus generator: deterministic, parseable, complete."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from bench import corpus

NOW = 1_700_000_000.0
BASE = "http://127.0.0.1:8765/"


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[corpus.FeedSpec]]:
    out = tmp_path_factory.mktemp("corpus")
    feeds = corpus.write_corpus(out, n_feeds=8, n_entries=5, seed=3, base_url=BASE, now=NOW)
    return out, feeds


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "a", 6, 4, seed=7, base_url=BASE, now=NOW)
    corpus.write_corpus(tmp_path / "b", 6, 4, seed=7, base_url=BASE, now=NOW)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a and a == b


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "a", 6, 4, seed=7, base_url=BASE, now=NOW)
    corpus.write_corpus(tmp_path / "b", 6, 4, seed=8, base_url=BASE, now=NOW)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    # urls.txt only names the files, which do not depend on the seed
    assert all(a[name] != b[name] for name in a if name != "urls.txt")


def test_all_four_formats_are_generated(small: tuple[Path, list[corpus.FeedSpec]]) -> None:
    _, feeds = small
    assert {f.kind for f in feeds} == {"rss", "atom", "rdf", "json"}


def test_every_feed_parses_with_all_entries(small: tuple[Path, list[corpus.FeedSpec]]) -> None:
    out, feeds = small
    versions = set()
    for f in feeds:
        data = (out / f.path).read_bytes()
        if f.kind == "json":
            doc = json.loads(data)
            assert doc["version"] == "https://jsonfeed.org/version/1.1"
            assert len(doc["items"]) == 5
            assert all(item["content_html"] for item in doc["items"])
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (f.path, parsed.get("bozo_exception"))
        assert len(parsed.entries) == 5
        versions.add(parsed.version)
        for entry in parsed.entries:
            assert entry.title
            assert entry.get("published_parsed") or entry.get("updated_parsed")
    assert versions == {"rss20", "atom10", "rss10"}


def test_bodies_are_realistic(small: tuple[Path, list[corpus.FeedSpec]]) -> None:
    _, feeds = small
    entries = [e for f in feeds for e in f.entries]
    assert all(3000 <= len(e.html) <= 11000 for e in entries)
    joined = "\n".join(e.html for e in entries)
    assert "<img " in joined and "<a href=" in joined
    titles = {e.title for e in entries}
    callouts = [line[4:-5] for line in joined.splitlines() if line.startswith("<p>[") and line.endswith("]</p>")]
    assert callouts, "expected bare [related] callouts"
    assert all(c.strip("[]") in titles for c in callouts)


def test_dates_within_the_last_sixty_days(small: tuple[Path, list[corpus.FeedSpec]]) -> None:
    _, feeds = small
    stamps = [e.published for f in feeds for e in f.entries]
    assert all(NOW - 60 * 86400 <= t <= NOW for t in stamps)
    assert max(stamps) - min(stamps) > 86400


def test_opml_lists_every_feed_in_two_level_folders(small: tuple[Path, list[corpus.FeedSpec]]) -> None:
    out, feeds = small
    root = ET.fromstring((out / "corpus.opml").read_bytes())
    found = {}
    for top in root.find("body"):
        assert top.get("xmlUrl") is None
        for sub in top:
            assert sub.get("xmlUrl") is None
            for leaf in sub:
                found[leaf.get("xmlUrl")] = (top.get("title"), sub.get("title"))
    assert found == {f.url: f.folder for f in feeds}
    assert all(url.startswith(BASE) for url in found)


def test_opml_only_for_imports(tmp_path: Path) -> None:
    urls = corpus.write_opml_only(tmp_path / "x.opml", 30, 1, BASE)
    root = ET.fromstring((tmp_path / "x.opml").read_bytes())
    listed = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    assert sorted(listed) == sorted(urls) and len(set(urls)) == 30


def test_library_rows_are_deterministic_and_complete() -> None:
    a = list(corpus.iter_article_rows(20, 5, now=NOW))
    b = list(corpus.iter_article_rows(20, 5, now=NOW))
    assert a == b
    assert len({r["guid"] for r in a}) == 20
    for row in a:
        assert set(row) == {"guid", "url", "title", "author", "published", "html", "text", "categories"}
        assert row["text"] and row["html"].startswith("<p>") and row["categories"]


def test_cli_writes_the_corpus(tmp_path: Path) -> None:
    assert corpus.main([str(tmp_path), "--feeds", "4", "--entries", "2", "--seed", "2", "--base-url", BASE, "--now", str(NOW)]) == 0
    assert len(list((tmp_path / "feeds").iterdir())) == 4
    assert (tmp_path / "corpus.opml").is_file()
