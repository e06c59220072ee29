"""What a screen reader hears: the window read through the real accessibility bus (AT-SPI, what Orca reads).

Each test session runs the window on Xvfb inside a private D-Bus session with
Qt's AT-SPI bridge forced on (tests/ui/atspi/session.py) and reads it with
Debian's pyatspi from the system Python (tests/ui/atspi/probe.py): the tree
and its counts, the list's rows in words, the pane's text, the Related links
by name, the toolbar, the announcement when a refresh pressed through the
bus ends, and the fields of Preferences and Add Feed opened through the bus. Needs dbus-run-session, Xvfb, at-spi2-core and python3-pyatspi
(.ci/run installs them); without them the tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "atspi"
SYSTEM_PYTHON = "/usr/bin/python3"


def missing_tools() -> list[str]:
    missing = [tool for tool in ("dbus-run-session", "dbus-send", "Xvfb") if shutil.which(tool) is None]
    if not sys.platform.startswith("linux"):
        missing.append("Linux")
    elif not Path(SYSTEM_PYTHON).exists() or subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
    ).returncode != 0:
        missing.append("python3-pyatspi")
    return missing


def heard(tmp_path_factory: pytest.TempPathFactory, lang: str = "") -> dict:
    missing = missing_tools()
    if missing:
        message = f"the AT-SPI test needs {', '.join(missing)} (.ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("atspi")
    out = folder / "heard.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(HERE / "session.py"), str(folder / "library"), str(out), lang],
        capture_output=True, text=True, timeout=240, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    (folder / "tree.txt").write_text("\n".join(result["lines"]) + "\n", encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return heard(tmp_path_factory)


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return heard(tmp_path_factory, "de_DE.UTF-8")


def nodes(record: dict, role: str | None = None) -> list[dict]:
    found = [record] if role is None or record["role"] == role else []
    for child in record["children"]:
        found += nodes(child, role)
    return found


def named(record: dict, role: str, name: str) -> dict:
    matches = [n for n in nodes(record, role) if n["name"] == name]
    assert matches, f"no {role} named {name!r}; {role}s: {[n['name'] for n in nodes(record, role)]}"
    return matches[0]


def cell_names(view: dict) -> list[str]:
    return [n["name"] for n in nodes(view, "table cell")]


def test_the_window_its_panes_and_its_tools_have_names(english: dict) -> None:
    tree = english["tree"]
    assert tree["name"] == "Byline"
    named(tree, "frame", "Byline")
    named(tree, "tree", "Feeds")
    named(tree, "table", "Articles")
    named(tree, "label", "Article")
    assert named(tree, "text", "Search")["description"].startswith("Search every cached article")
    buttons = {n["name"]: n["description"] for n in nodes(tree, "push button")}
    assert buttons["Refresh All"] == "Check every feed for new articles (R, F5)"
    assert {"Add Feed", "Toggle Read", "Save (Star)", "Mark All Read", "Open in Browser", "Preferences"} <= set(buttons)
    menus = [n["name"] for n in nodes(tree, "menu item")]
    assert {"File", "View", "Go", "Article", "Feeds", "Refresh All", "Preferences…"} <= set(menus)
    unnamed = [f"{n['role']}" for n in nodes(tree) if n["focusable"] and not n["name"] and n["role"] not in ("table cell",)]
    assert unnamed == []  # everything the keyboard can reach says what it is


def test_the_tree_says_its_counts_in_words(english: dict) -> None:
    feeds = named(english["tree"], "tree", "Feeds")
    names = cell_names(feeds)
    assert "Harbor & Hill World Desk, 2 unread" in names
    assert "Field Notes, 1 unread" in names
    assert "Saved, 1 article" in names  # Saved counts articles, not unread ones
    assert "All Unread, 5 unread" in names


def test_the_list_says_each_row_with_its_state_in_words(english: dict) -> None:
    articles = named(english["tree"], "table", "Articles")
    names = cell_names(articles)
    glacier = next(n for n in names if n.startswith("Glacier survey finds faster retreat"))
    assert glacier.startswith("Glacier survey finds faster retreat, Harbor & Hill World Desk, ")
    assert glacier.endswith(", unread, saved")
    assert any(n.startswith("Ceasefire talks resume in the river valley, ") and n.endswith(", read") for n in names)  # shown: read
    assert "saved" in names and "not saved" in names  # the star column in words
    headers = [n["name"] for n in nodes(articles, "table column header")]
    assert headers == ["Saved", "Title", "Feed", "Date"]


def test_the_pane_text_and_its_related_links_are_readable(english: dict) -> None:
    pane = named(english["tree"], "label", "Article")
    assert pane["description"] == "Ceasefire talks resume in the river valley"
    assert "Negotiators returned to the table on Tuesday" in pane["text"]
    links = {n["name"]: n for n in nodes(pane, "link")}
    for headline in (
        "Bridge reopens after three years of repairs",
        "Market prices climb as the harvest slips",
        "A headline that no article in this library carries at all",
    ):
        assert links[headline]["description"] == "Related story"
        assert links[headline]["focusable"]
    assert links["Original"]["description"] == "Link"


def test_a_refresh_pressed_through_the_bus_is_announced(english: dict) -> None:
    assert english["pressed"] == "Refresh All"
    announced = [e["data"] for e in english["heard"] if e["type"] == "object:announcement"]
    assert "Refreshing…" in announced
    assert any(a.startswith("Checked 3 feeds: ") for a in announced), english["heard"]


def spoken_fields(dialog: dict) -> dict[str, str]:
    """role+name -> what it is labelled by, for everything focusable in a dialog (list items of combo boxes aside)."""
    return {
        f"{n['role']}: {n['name']}": ", ".join(n["labelled_by"])
        for n in nodes(dialog) if n["focusable"] and n["role"] not in ("list", "list item")
    }


def test_dialogs_opened_through_the_bus_name_every_field(english: dict) -> None:
    prefs, add = english["dialogs"]["Preferences"], english["dialogs"]["Add Feed"]
    assert prefs["name"] == "Preferences — Byline" and prefs["closed"]
    fields = spoken_fields(prefs)
    assert fields["spin button: Refresh every"] == "Refresh every:"
    assert fields["spin button: Remove unsaved articles after"] == "Remove unsaved articles after:"
    assert fields["spin button: Article font size"] == "Article font size:"
    assert fields["check box: Load remote images in articles (they can track you)"] == "Images:"
    # a combo box's name is its value; Orca adds the label (Network's proxy type is on the second tab)
    assert [n["labelled_by"] for n in nodes(prefs, "combo box")] == [["Notifications:"], ["Language:"], ["Type:"]]
    assert fields["text: Proxy host"] == "Host:" and fields["spin button: Proxy port"] == "Port:"
    assert fields["password text: Proxy password"] == "Password:"
    assert add["name"] == "Add Feed — Byline" and add["closed"]
    fields = spoken_fields(add)
    assert fields["text: Address"] == "Address:" and fields["combo box: Folder"] == "Folder:"
    assert "text: Folder" in fields  # the folder box's own line edit, where the typing goes
    unnamed = [key for dialog in (prefs, add) for key in spoken_fields(dialog) if key.endswith(": ")]
    assert unnamed == []
    assert "Top level" in [n["name"] for n in nodes(add, "list item")]


def test_in_german_the_screen_reader_hears_german(german: dict) -> None:
    tree = german["tree"]
    menus = [n["name"] for n in nodes(tree, "menu item")]
    assert {"Datei", "Ansicht", "Gehe zu", "Artikel", "Feeds", "Einstellungen…", "Beenden"} <= set(menus)
    names = cell_names(named(tree, "tree", "Feeds"))
    assert "Harbor & Hill World Desk, 2 ungelesen" in names and "Gemerkt, 1 Artikel" in names
    rows = cell_names(named(tree, "table", "Artikel"))
    assert any(n.startswith("Glacier survey finds faster retreat") and n.endswith(", ungelesen, gemerkt") for n in rows)
    pane = named(tree, "label", "Artikel")
    assert named(pane, "link", "Bridge reopens after three years of repairs")["description"] == "Verwandter Artikel"
    announced = [e["data"] for e in german["heard"] if e["type"] == "object:announcement"]
    assert any(a.startswith("3 Feeds geprüft: ") for a in announced), german["heard"]
    prefs = german["dialogs"]["Einstellungen"]
    assert prefs["name"] == "Einstellungen — Byline" and prefs["closed"]
    assert spoken_fields(prefs)["spin button: Aktualisieren alle"] == "Aktualisieren alle:"
    assert spoken_fields(german["dialogs"]["Feed hinzufügen"])["text: Adresse"] == "Adresse:"
