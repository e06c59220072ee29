"""``byline rescue [DIR]``: the contract's Library care command."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from reader.cli import main
from reader.core.library import open_library

DB = "library.sqlite3"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def _damaged_library(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    items = "".join(
        f"<item><title>Story {i}</title><guid>s{i}</guid><description>{'Estuary words. ' * 80}</description></item>"
        for i in range(120)
    )
    (tmp_path / "f.xml").write_text(f"<rss version='2.0'><channel><title>Courier</title>{items}</channel></rss>")
    with open_library(data) as lib:
        lib.add_feed(str(tmp_path / "f.xml"), folder="Local")
        lib.mark_read([1, 2, 3, 4])
        lib.mark_saved([5, 6])
    db = data / DB
    raw = bytearray(db.read_bytes())
    raw[:100] = bytes(100)  # the header is gone: SQLite cannot open it at all
    db.write_bytes(bytes(raw))
    return data


def test_rescue_prints_the_new_folder_and_the_counts(tmp_path: Path) -> None:
    data = _damaged_library(tmp_path)
    damaged = (data / DB).read_bytes()
    code, out, err = run("--data-dir", str(data), "feeds")
    assert code == 1 and "byline rescue" in err and len(err.splitlines()) == 1
    code, out, err = run("--data-dir", str(data), "rescue")
    assert code == 0, err
    path, counts = out.splitlines()
    assert counts == "recovered 1 feed, 120 articles, 2 saved, 4 read marks"
    assert Path(path).parent == tmp_path and re.fullmatch(r"lib-rescued-\d{8}-\d{6}", Path(path).name)
    assert "was not changed" in err and "Traceback" not in err
    assert (data / DB).read_bytes() == damaged
    code, out, err = run("--data-dir", path, "articles", "--saved", "--json")
    assert code == 0, err
    assert sorted(a["id"] for a in json.loads(out)) == [5, 6]
    code, out, err = run("--data-dir", path, "feeds", "--json")
    assert [(f["title"], f["folder"], f["unread"]) for f in json.loads(out)] == [("Courier", "Local", 116)]


def test_rescue_takes_the_folder_as_an_argument(tmp_path: Path) -> None:
    data = _damaged_library(tmp_path)
    code, out, err = run("--data-dir", str(tmp_path / "other"), "rescue", str(data))
    assert code == 0, err
    assert out.splitlines()[0].startswith(str(tmp_path / "lib-rescued-"))


def test_rescue_without_a_library_is_one_line(tmp_path: Path) -> None:
    code, out, err = run("rescue", str(tmp_path / "nothing"))
    assert code == 1 and out == ""
    assert err.startswith("byline: there is no library file at ") and len(err.splitlines()) == 1
