"""Every corpus file goes through `import` / `add`: exit 0, or exit 1 with one line. Never a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from tests.conftest import corpus_files


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], out, err)
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 1)
    assert "Traceback" not in err
    if code == 1:
        assert err.startswith("byline: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("path", corpus_files("feeds"), ids=lambda p: p.name)
def test_add_corpus_feed(path: Path, data_dir: Path) -> None:
    code, out, err = run(data_dir, "add", str(path))
    assert_clean(code, err)
    code2, listing, err2 = run(data_dir, "articles", "--json")
    assert code2 == 0, err2
    articles = json.loads(listing)
    if code == 0:
        feed_id = int(out.split("\t")[0])
        assert all(a["feed_id"] == feed_id for a in articles)
        for a in articles[:5]:  # what the pane would show renders cleanly
            code3, html, err3 = run(data_dir, "show", str(a["id"]))
            assert code3 == 0, err3
            assert "<script" not in html.lower()
    else:
        assert articles == []  # a refused feed stores nothing


@pytest.mark.parametrize("path", corpus_files("opml"), ids=lambda p: p.name)
def test_import_corpus_opml(path: Path, data_dir: Path) -> None:
    code, out, err = run(data_dir, "import", str(path))
    assert "Traceback" not in err
    assert code in (0, 1)
    feeds_code, listing, _ = run(data_dir, "feeds", "--json")
    feeds = json.loads(listing)
    if code == 1:
        assert err.startswith("byline: ") and err.count("\n") == 1
        assert feeds == []  # nothing half-imported
    else:
        added = int(out.split(",")[0].split()[-1])
        assert len(feeds) == added
        assert all(f["url"].startswith(("http://", "https://")) for f in feeds)
        # export then import elsewhere gives the same feeds in the same folders
        code, exported, _ = run(data_dir, "export")
        assert code == 0
        again = data_dir.parent / "again"
        opml_file = data_dir.parent / "export.opml"
        opml_file.write_text(exported, encoding="utf-8")
        assert run(again, "import", str(opml_file))[0] == 0
        twice = json.loads(run(again, "feeds", "--json")[1])
        assert sorted((f["url"], f["folder"]) for f in twice) == sorted((f["url"], f["folder"]) for f in feeds)
