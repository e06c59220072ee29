"""What a quick command loads: a search or an OPML import never imports the HTTP stack or the refresh.

Issue 15 wants ``byline search`` under 150 ms as a whole process, and most of
a short command's time is imports (httpx alone ~40 ms, the content pipeline
~30 ms). The guard counts modules instead of timing them: each command runs in
a fresh interpreter, which reports what ``sys.modules`` held when it ended.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Loaded only by what fetches, parses, renders or syncs.
HEAVY = (
    "httpx",
    "httpcore",
    "urllib.request",
    "feedparser",
    "bs4",
    "keyring",
    "PySide6",
    "reader.core.net.fetch",
    "reader.core.net.greader",
    "reader.core.refresh",
    "reader.core.parsepool",
    "reader.core.feeds.parse",
    "reader.core.content.pipeline",
    "reader.core.sync.engine",
    "reader.core.sync.accounts",
)

# Loaded by the commands that change rules, choose a proxy or rescue a library; not by reading it.
UNUSED_BY_READING = ("reader.core.rules.engine", "reader.core.net.proxy", "reader.core.care", "subprocess")

# Loaded by searching, writing OPML or fetching; not by an OPML import (issue 15: under 0.1 s).
UNUSED_BY_IMPORT = ("reader.core.search.query", "email.utils", "hashlib")

RUN = """
import json, sys
from reader.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="News"><outline type="rss" text="A" xmlUrl="http://127.0.0.1:9/a.xml"/></outline>
<outline type="rss" text="B" xmlUrl="http://127.0.0.1:9/b.xml"/>
</body></opml>
"""


def loaded_by(data_dir: Path, *args: str) -> set[str]:
    """The modules a fresh interpreter holds after ``byline --data-dir DIR ARGS``; asserts it succeeded."""
    proc = subprocess.run(
        [sys.executable, "-c", RUN, "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stdout
    return set(report["modules"])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with two feeds and one article (stored without any network)."""
    data_dir = tmp_path_factory.mktemp("quick")
    opml = data_dir / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")
    loaded_by(data_dir, "import", str(opml))
    sample = Path(__file__).resolve().parents[2] / "reader" / "resources" / "sample"
    feeds = sorted(p for p in sample.glob("*") if p.suffix in {".xml", ".rss", ".atom", ".json"})
    assert feeds, "the bundled sample feeds are missing"
    loaded_by(data_dir, "add", str(feeds[0]))
    return data_dir


def test_search_loads_no_fetching_parsing_or_rendering(library: Path) -> None:
    modules = loaded_by(library, "search", "the")
    assert {"reader.core.storage.store", "reader.core.content.text"} <= modules  # a real search, quoting bodies
    assert "reader.core.search.query" in modules  # what an import leaves out, a search does load
    # Quoting a stored body is string work: no HTML parser or sanitizer either.
    heavy = (*HEAVY, "lxml", "nh3", "reader.core.content.sanitizer", "reader.core.content.callouts")
    assert sorted(m for m in heavy if m in modules) == []
    # Nor what changes rules, sets a proxy or rescues a damaged file (about 10 ms of a search at 1M together).
    assert sorted(m for m in UNUSED_BY_READING if m in modules) == []


def test_opml_import_loads_no_fetching_or_parsing(library: Path, tmp_path: Path) -> None:
    opml = tmp_path / "more.opml"
    opml.write_text(OPML.replace("a.xml", "c.xml").replace("b.xml", "d.xml"), encoding="utf-8")
    modules = loaded_by(library, "import", str(opml))
    assert "reader.core.feeds.opml" in modules
    assert sorted(m for m in HEAVY if m in modules) == []
    # Nor the query language, the date writer of an OPML export, or OpenSSL's hashes.
    assert sorted(m for m in UNUSED_BY_IMPORT if m in modules) == []


def test_listing_articles_and_feeds_loads_none_of_it(library: Path) -> None:
    for args in (("feeds",), ("articles", "--limit", "5"), ("articles", "--folder", "News"), ("export",)):
        modules = loaded_by(library, *args)
        assert sorted(m for m in HEAVY if m in modules) == [], args
        assert sorted(m for m in UNUSED_BY_READING if m in modules) == [], args
    assert "lxml" not in loaded_by(library, "articles", "--folder", "News")  # a folder's path is plain text


def test_adding_a_feed_does_load_the_parser(tmp_path: Path) -> None:
    """The other side of the guard: the list above is what real work loads, so the check can fail."""
    sample = Path(__file__).resolve().parents[2] / "reader" / "resources" / "sample"
    feed = sorted(p for p in sample.glob("*") if p.suffix in {".xml", ".rss", ".atom", ".json"})[0]
    modules = loaded_by(tmp_path, "add", str(feed))
    assert {"reader.core.feeds.parse", "reader.core.refresh", "reader.core.content.pipeline", "hashlib"} <= modules
    assert {"reader.core.rules.engine", "reader.core.net.proxy"} <= modules  # a refresh runs the rules, through the proxy
