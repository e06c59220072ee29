"""Every command of CONTRACT.md, its JSON fields and exit codes (in process)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from reader.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
FEED = DATA / "cli_city.rss"

ARTICLE_FIELDS = {"id", "feed_id", "feed_title", "title", "url", "author", "published", "read", "saved", "categories"}
FEED_FIELDS = {"id", "title", "url", "site_url", "folder", "unread", "last_error", "full_stories", "account", "login", "user_agent"}  # account: null for a local feed


class Run:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--data-dir", str(self.data_dir), *args], out, err)
        return code, out.getvalue(), err.getvalue()

    def json(self, *args: str):
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def run(data_dir: Path) -> Run:
    return Run(data_dir)


@pytest.fixture
def subscribed(run: Run) -> Run:
    code, out, err = run("add", str(FEED), "--folder", "Local/Towns")
    assert code == 0, err
    return run


def ids_by_title(run: Run) -> dict[str, int]:
    return {a["title"]: a["id"] for a in run.json("articles")}


def test_add_prints_id_and_title(run: Run) -> None:
    code, out, err = run("add", str(FEED))
    assert code == 0, err
    feed_id, title = out.rstrip("\n").split("\t")
    assert int(feed_id) >= 1 and title == "Riverside Courier"


def test_feeds_json_fields(subscribed: Run) -> None:
    (feed,) = subscribed.json("feeds")
    assert set(feed) == FEED_FIELDS
    assert feed["folder"] == "Local/Towns"
    assert feed["unread"] == 3
    assert feed["last_error"] is None
    assert feed["login"] is False and feed["user_agent"] is None
    assert feed["url"].startswith("file://")


def test_articles_json_fields_newest_first(subscribed: Run) -> None:
    articles = subscribed.json("articles")
    assert all(set(a) == ARTICLE_FIELDS for a in articles)
    assert [a["published"] for a in articles] == ["2026-11-02T08:30:00Z", "2026-11-01T17:00:00Z", "2026-10-31T09:15:00Z"]
    first = articles[0]
    assert first["author"] == "Mina Alvarez"
    assert first["categories"] == ["Transport"]
    assert first["read"] is False and first["saved"] is False


def test_articles_filters(subscribed: Run) -> None:
    ids = ids_by_title(subscribed)
    assert subscribed("read", str(ids["Ferry service returns to the east landing"]))[0] == 0
    assert len(subscribed.json("articles", "--unread")) == 2
    assert len(subscribed.json("articles", "--limit", "1")) == 1
    assert len(subscribed.json("articles", "--folder", "Local")) == 3
    assert subscribed.json("articles", "--saved") == []
    code, _, err = subscribed("articles", "--folder", "Nowhere")
    assert code == 1 and "Nowhere" in err


def test_read_unread_save_unsave(subscribed: Run) -> None:
    ids = ids_by_title(subscribed)
    some = str(ids["Library extends its winter opening hours"])
    assert subscribed("read", some)[0] == 0
    assert subscribed("save", some, "--no-copy")[0] == 0
    (a,) = [x for x in subscribed.json("articles") if x["id"] == int(some)]
    assert a["read"] is True and a["saved"] is True
    assert subscribed("unread", some)[0] == 0
    assert subscribed("unsave", some)[0] == 0
    (a,) = [x for x in subscribed.json("articles") if x["id"] == int(some)]
    assert a["read"] is False and a["saved"] is False


def test_unknown_ids_exit_1_with_one_line(subscribed: Run) -> None:
    for command in ("read", "unread", "save", "unsave", "show"):
        code, out, err = subscribed(command, "99999")
        assert code == 1, command
        assert err.count("\n") == 1 and "99999" in err and "Traceback" not in err


def test_show_html_has_related_links_of_each_kind(subscribed: Run) -> None:
    ids = ids_by_title(subscribed)
    code, html, err = subscribed("show", str(ids["Ferry service returns to the east landing"]))
    assert code == 0, err
    bridge = ids["Council weighs a second bridge over the estuary"]
    assert f'<a class="related" href="byline:article/{bridge}">Council weighs a second bridge over the estuary</a>' in html
    code, html, err = subscribed("show", str(bridge), "--html")
    assert 'class="related" href="byline:related?q=Residents%20split%20on%20the%20toll%20question"' in html
    assert "javascript:" not in html
    assert "[Ruth Okafor]" in html  # an editorial bracket stays text


def test_show_text_and_json(subscribed: Run) -> None:
    ids = ids_by_title(subscribed)
    library_id = str(ids["Library extends its winter opening hours"])
    code, text, _ = subscribed("show", library_id, "--text")
    assert code == 0 and "open until nine" in text and "<p>" not in text
    code, out, _ = subscribed("show", library_id, "--json")
    data = json.loads(out)
    assert set(data) == ARTICLE_FIELDS | {"html", "text", "full_story", "full_story_error", "images", "enclosures"}
    assert (data["full_story"], data["full_story_error"], data["images"]) == (False, None, [])
    assert "onerror" not in data["html"]
    assert "open until nine" in data["text"]
    _, html, _ = subscribed("show", library_id, "--html")
    assert data["html"].strip() == html.strip()


def test_search_json_and_saved_filter(subscribed: Run) -> None:
    hits = subscribed.json("search", "ferry")
    assert hits and all(set(h) == ARTICLE_FIELDS | {"snippet", "score"} for h in hits)
    assert hits[0]["title"] == "Ferry service returns to the east landing"
    assert subscribed.json("search", "ferry", "--saved") == []
    subscribed("save", str(hits[0]["id"]), "--no-copy")
    assert [h["id"] for h in subscribed.json("search", "ferry", "--saved")] == [hits[0]["id"]]
    assert len(subscribed.json("search", "the", "--limit", "1")) == 1


def test_malformed_search_is_a_message_not_a_traceback(subscribed: Run) -> None:
    for query in ('"unclosed', "OR", "-", "title:", "((", "NEAR("):
        code, out, err = subscribed("search", query)
        assert code in (0, 1), query
        assert "Traceback" not in err


def test_export_and_import_round_trip(subscribed: Run, tmp_path: Path) -> None:
    code, opml_text, _ = subscribed("export")
    assert code == 0 and "<opml" in opml_text and "Local" in opml_text
    target = tmp_path / "subs.opml"
    assert subscribed("export", str(target))[0] == 0

    def undated(text: str) -> str:  # the two exports may fall in different seconds
        return re.sub(r"<dateCreated>[^<]*</dateCreated>", "", text)

    assert undated(target.read_text(encoding="utf-8")) == undated(opml_text)


def test_import_counts_and_skips(run: Run, tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
        <outline text="Tech"><outline text="A" xmlUrl="https://a.example/feed"/>
        <outline text="Evil" xmlUrl="exec:rm -rf ~"/></outline>
        <outline text="A again" xmlUrl="https://a.example/feed"/></body></opml>""",
        encoding="utf-8",
    )
    code, out, err = run("import", str(opml), "--folder", "Imported")
    assert code == 0, err
    assert out.strip() == "added 1, already present 0, skipped 2"
    assert "exec:" in err
    (feed,) = run.json("feeds")
    assert feed["folder"] == "Imported/Tech"
    code, out, _ = run("import", str(opml))
    assert out.startswith("added 0, already present 1")


def test_import_unreadable_opml_imports_nothing(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text('<opml version="2.0"><body><outline text="no url">', encoding="utf-8")
    code, out, err = run("import", str(bad))
    assert code == 1 and err.startswith("byline: ") and err.count("\n") == 1
    assert run.json("feeds") == []


def test_import_damaged_opml_keeps_the_valid_outlines_and_says_where(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text(
        '<opml version="2.0"><body>\n<outline text="A" xmlUrl="https://a.example/f"/>\n'
        '<outline text="B" xmlUrl="https://b.example/f">\n</body></opml>',
        encoding="utf-8",
    )
    code, out, err = run("import", str(bad))
    assert code == 0
    assert out == "added 2, already present 0, skipped 1\n"
    assert err.startswith("skipped line 4 of the file: not well-formed XML (")
    assert sorted(f["url"] for f in run.json("feeds")) == ["https://a.example/f", "https://b.example/f"]


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("show")[0] == 2
    assert run("no-such-command")[0] == 2
    assert run("articles", "--limit", "zero")[0] == 2


def test_add_refuses_unsafe_and_missing(run: Run) -> None:
    for target in ("exec:ls", "file:///etc/passwd", "javascript:alert(1)", "|cat /etc/passwd"):
        code, _, err = run("add", target)
        assert code == 1 and "refused" in err, target
    code, _, err = run("add", "/no/such/file.xml")
    assert code == 1
    assert run.json("feeds") == []


def test_refresh_local_feed_summary(subscribed: Run) -> None:
    code, out, err = subscribed("refresh")
    assert code == 0, err
    assert out.strip() == "checked 1 feed, 0 new articles, 1 not modified, 0 failed"
    assert subscribed("refresh", "4242")[0] == 1


def test_env_var_selects_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_DATA_DIR", str(tmp_path / "via-env"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["add", str(FEED)], out, err) == 0, err.getvalue()
    assert (tmp_path / "via-env" / "library.sqlite3").is_file()


def test_backup_and_restore_saved_commands(subscribed: Run) -> None:
    some = ids_by_title(subscribed)["Library extends its winter opening hours"]
    subscribed("save", str(some), "--no-copy")
    code, out, err = subscribed("backup")
    assert code == 0 and out.strip().endswith(".sqlite3"), err
    subscribed("unsave", str(some))
    code, out, err = subscribed("restore-saved")
    assert code == 0 and out.startswith("restored 1 saved article from "), err
    assert [a["id"] for a in subscribed.json("articles", "--saved")] == [some]


def test_export_saved_writes_offline_pages(subscribed: Run, tmp_path: Path) -> None:
    ids = ids_by_title(subscribed)
    ferry, bridge = ids["Ferry service returns to the east landing"], ids["Council weighs a second bridge over the estuary"]
    subscribed("save", str(ferry), str(bridge), "--no-copy")
    code, out, err = subscribed("export-saved", str(tmp_path / "out"))
    assert code == 0 and out.startswith("exported 2 saved articles"), err
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (tmp_path / "out").glob("0*.html"))
    assert len(pages) == 2 and all(name in index for name in pages)
    ferry_page = (tmp_path / "out" / [p for p in pages if p.startswith(f"{ferry:06d}")][0]).read_text(encoding="utf-8")
    bridge_file = [p for p in pages if p.startswith(f"{bridge:06d}")][0]
    assert f'href="{bridge_file}"' in ferry_page  # related link points at the exported file
    assert "byline:" not in ferry_page and "<script" not in ferry_page


def test_gui_without_a_display_says_so(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run("gui")
    assert code == 1 and "no display" in err and err.count("\n") == 1
