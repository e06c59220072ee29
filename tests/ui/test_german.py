"""With LANG=de_DE.UTF-8 the window speaks German: menus, toolbar, tree, dialogs, status lines and plurals,
with dates in the German form and no label or button cut off.

The window runs in a subprocess (tests/ui/locale_window.py) so the language
really comes from the environment, as when a person starts ``byline``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("german")
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="de_DE.UTF-8", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(HERE / "locale_window.py"), str(out / "library"), str(out)],
        capture_output=True, text=True, timeout=180, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    texts = json.loads((out / "texts.json").read_text(encoding="utf-8"))
    texts["_out"] = str(out)
    return texts


def test_menus_and_toolbar_are_german(german: dict) -> None:
    menus = german["menus"]
    assert german["menubar"] == ["&Datei", "&Ansicht", "&Gehe zu", "A&rtikel", "&Feeds", "&Hilfe"]
    assert {"&Farbschema", "E&xterne Bilder"} <= set(menus)  # submenus
    assert menus["&Datei"] == ["Feed &hinzufügen…", "&Konto hinzufügen…", "Neuer &Ordner…", "OPML &importieren…", "OPML e&xportieren…", "&Einstellungen…", "&Beenden"]
    assert "&Alle aktualisieren" in menus["&Feeds"]
    for title, items in menus.items():  # one accelerator per letter in each menu
        keys = [item[item.index("&") + 1].lower() for item in items if "&" in item]
        assert len(keys) == len(set(keys)), (title, items)
    assert german["toolbar_hidden"] == []  # every toolbar button fits at the default width


def test_tree_list_and_pane_are_german(german: dict) -> None:
    assert german["tree"][:4] == ["Alle Artikel", "Alle ungelesenen", "Heute", "Gemerkt"]
    assert german["headers"][1:] == ["Titel", "Feed", "Datum"]
    assert german["dates"][0] == "03.03. 10:00"  # day.month. hour:minute, the German short form
    assert german["date_column"] >= german["date_needed"]
    assert german["count"] == "6 Artikel"
    assert "von Mara Okonjo · Dienstag, 3. März 2026, 09:00" in german["pane"]
    assert "Verwandt\nBridge reopens after three years of repairs" in german["pane"]  # the core's label, in German too


def test_status_lines_and_plurals_are_german(german: dict) -> None:
    status = german["status"]
    assert "2 Treffer für „bridge“ – Esc kehrt zurück." in status
    assert "Aktualisiere…" in status
    assert "3 Feeds geprüft: 0 neue Artikel." in status
    assert any("is: nimmt saved, read oder unread" in line for line in status), status  # a core message, in German too


def test_dialogs_are_german_and_nothing_is_cut_off(german: dict) -> None:
    assert german["preferences_title"] == "Einstellungen"
    assert {"&Aktualisieren alle:", "S&prache:", "OK", "Abbrechen"} <= set(german["preferences"])  # OK/Abbrechen: qtbase_de
    assert german["add_feed_title"] == "Feed hinzufügen"
    assert {"&Adresse:", "&Ordner:", "Hinzufügen", "Feeds suchen", "Abbrechen"} <= set(german["add_feed"])
    assert german["properties_title"] == "Harbor & Hill World Desk – Eigenschaften"
    assert {"Zuletzt geprüft:", "&Vollständige Artikel abrufen", "Externe &Bilder:"} <= set(german["properties"])
    assert german["account_title"] == "Konto hinzufügen"
    assert {"&Server:", "&Benutzername:", "API-&Passwort:", "&Testen", "Hinzufügen", "Abbrechen"} <= set(german["account"])
    assert german["clipped"] == {"window": [], "preferences": [], "add_feed": [], "properties": [], "account": []}
    out = Path(german["_out"])
    for name in ("window.png", "preferences.png", "add-feed.png", "properties.png", "account.png"):
        assert (out / name).stat().st_size > 5000
