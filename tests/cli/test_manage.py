"""CONTRACT.md "Managing feeds": remove, rename, move, mark-read, and show --json's enclosures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import FEED, Run, ids_by_title


@pytest.fixture
def two(data_dir: Path, tmp_path: Path) -> Run:
    """The city feed (3 articles) and a second feed with enclosures."""
    run = Run(data_dir)
    assert run("add", str(FEED), "--folder", "Local/Towns")[0] == 0
    cast = tmp_path / "cast.xml"
    cast.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Cast</title>'
        "<link>https://cast.example/</link><description>d</description>"
        "<item><title>Episode one: the tide tables</title><guid>e1</guid>"
        "<pubDate>Tue, 03 Nov 2026 06:00:00 +0000</pubDate><description>Show notes.</description>"
        '<enclosure url="https://cast.example/e1.mp3" type="audio/mpeg" length="12345678"/>'
        '<enclosure url="https://cast.example/e1.pdf" type="application/pdf"/></item>'
        "</channel></rss>",
        encoding="utf-8",
    )
    assert run("add", str(cast))[0] == 0
    return run


def feed_ids(cli: Run) -> dict[str, int]:
    return {f["title"]: f["id"] for f in cli.json("feeds")}


def test_remove_unsubscribes_and_keeps_saved_articles(two: Run) -> None:
    ids = ids_by_title(two)
    saved = ids["Council weighs a second bridge over the estuary"]
    assert two("save", str(saved), "--no-copy")[0] == 0
    city = feed_ids(two)["Riverside Courier"]
    code, out, err = two("remove", str(city))
    assert (code, out, err) == (0, "", "")
    assert list(feed_ids(two)) == ["Harbour Cast"]
    assert [a["id"] for a in two.json("articles", "--saved")] == [saved]


def test_remove_with_an_unknown_id_removes_nothing(two: Run) -> None:
    before = feed_ids(two)
    code, out, err = two("remove", str(before["Harbour Cast"]), "999")
    assert code == 1 and err == "byline: no feed with id 999\n" and out == ""
    assert feed_ids(two) == before


def test_rename_sets_the_feeds_own_title(two: Run) -> None:
    cast = feed_ids(two)["Harbour Cast"]
    assert two("rename", str(cast), "Tide Talk") == (0, "", "")
    assert feed_ids(two)["Tide Talk"] == cast
    assert {a["feed_title"] for a in two.json("articles", "--feed", str(cast))} == {"Tide Talk"}
    assert two("rename", "999", "X")[0] == 1


def test_move_creates_the_folder_and_top_level_is_empty_path(two: Run) -> None:
    ids = feed_ids(two)
    assert two("move", str(ids["Harbour Cast"]), str(ids["Riverside Courier"]), "--folder", "Audio/Local") == (0, "", "")
    assert {f["title"]: f["folder"] for f in two.json("feeds")} == {"Harbour Cast": "Audio/Local", "Riverside Courier": "Audio/Local"}
    assert two("move", str(ids["Harbour Cast"]), "--folder", "")[0] == 0
    assert {f["title"]: f["folder"] for f in two.json("feeds")}["Harbour Cast"] == ""
    code, _, err = two("move", "999", "--folder", "Never/Made")
    assert code == 1 and "no feed with id 999" in err
    assert two("mark-read", "--folder", "Never/Made")[0] == 1  # the folder was not created
    assert two("move", str(ids["Harbour Cast"]))[0] == 2  # --folder is required


def test_mark_read_by_feed_folder_all_and_before(two: Run) -> None:
    ids = feed_ids(two)
    assert two("mark-read", "--feed", str(ids["Harbour Cast"])) == (0, "1\n", "")
    assert two("mark-read", "--feed", str(ids["Harbour Cast"])) == (0, "0\n", "")
    # before 1 Nov 2026 12:00 UTC: only the library story (31 Oct) of the city feed
    assert two("mark-read", "--folder", "Local", "--before", "2026-11-01T12:00:00Z") == (0, "1\n", "")
    unread = {a["title"] for a in two.json("articles", "--unread")}
    assert unread == {"Ferry service returns to the east landing", "Council weighs a second bridge over the estuary"}
    assert two("mark-read", "--before", "2026-11-02") == (0, "1\n", "")  # a date alone is midnight UTC
    assert two("mark-read", "--all") == (0, "1\n", "")
    assert two.json("articles", "--unread") == []


def test_mark_read_usage_and_faults(two: Run) -> None:
    assert two("mark-read")[0] == 2
    assert two("mark-read", "--all", "--feed", "1")[0] == 2
    assert two("mark-read", "--all", "--before", "yesterday")[0] == 2
    code, _, err = two("mark-read", "--feed", "999")
    assert code == 1 and err == "byline: no feed with id 999\n"
    code, _, err = two("mark-read", "--folder", "Nowhere")
    assert code == 1 and err.startswith("byline: no folder")


def test_show_json_carries_enclosures(two: Run) -> None:
    ids = ids_by_title(two)
    episode = two.json("show", str(ids["Episode one: the tide tables"]))
    assert episode["enclosures"] == [
        {"url": "https://cast.example/e1.mp3", "type": "audio/mpeg", "length": 12345678},
        {"url": "https://cast.example/e1.pdf", "type": "application/pdf", "length": None},
    ]
    plain = two.json("show", str(ids["Library extends its winter opening hours"]))
    assert plain["enclosures"] == []
