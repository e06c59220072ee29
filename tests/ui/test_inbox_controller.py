"""Rules and smart feeds in the window: the Rules dialog with its live preview, muting from an article,
saving a search, and a smart feed in the tree whose count moves as its articles are read."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.models import RuleAction
from reader.ui.feed_tree import SEARCHES_HEADING
from reader.ui.inbox_controller import mute_query
from reader.ui.rules_dialog import ACTION_LABELS
from tests.ui.conftest import article_id, grab, open_row, show, wait_idle


def test_mute_query_takes_the_feed_and_telling_title_words() -> None:
    assert mute_query("Harbor & Hill World Desk", "Ceasefire talks resume in the river valley") == (
        'feed:"Harbor & Hill World Desk" title:(ceasefire talks resume)'
    )
    assert mute_query('The "Daily"', "The 2026 Budget") == 'feed:"The Daily" title:budget'
    assert mute_query("", "Of and the") == ""


def test_rules_dialog_previews_adds_switches_applies_and_removes(qtbot, feeds_library, make_window, tmp_path):
    lib = feeds_library
    window = make_window(lib)
    dialog = window.inbox_controller.rules_dialog()
    wait_idle(qtbot, window)
    assert dialog.table.rowCount() == 0
    # typing a query previews what it matches now, after a pause
    qtbot.keyClicks(dialog.query, "title:bridge OR title:market")
    qtbot.waitUntil(lambda: "2 articles" in dialog.preview_label.text(), timeout=5000)
    assert sorted(dialog.preview.item(i).text().split(" — ")[0] for i in range(dialog.preview.count())) == [
        "Bridge reopens after three years of repairs", "Market prices climb as the harvest slips",
    ]
    # a query the language rejects says why, and is not stored
    dialog.query.setText("is:read is:unread")
    qtbot.waitUntil(lambda: "cannot both apply" in dialog.preview_label.text(), timeout=5000)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "not added" in dialog.status.text(), timeout=5000)
    assert lib.rules() == []
    # a good one is added, with its action
    dialog.query.setText("title:bridge OR title:market")
    dialog.name.setText("Mute infrastructure")
    dialog.action.setCurrentIndex(list(ACTION_LABELS).index(RuleAction.HIDE))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    (rule,) = lib.rules()
    assert (rule.name, rule.query, rule.action, rule.enabled) == (
        "Mute infrastructure", "title:bridge OR title:market", RuleAction.HIDE, True,
    )
    assert dialog.table.item(0, 1).text() == "Mute infrastructure" and dialog.table.item(0, 3).text() == "0"
    qtbot.waitUntil(lambda: "2 articles" in dialog.preview_label.text(), timeout=5000)
    assert dialog.editor.title() == "Rule: Mute infrastructure"
    grab(dialog, "rules-dialog.png", tmp_path)
    # switched off and on from its check box
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: not lib.rule(rule.id).enabled, timeout=5000)
    wait_idle(qtbot, window)  # the dialog shows the stored rules again
    assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Unchecked
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: lib.rule(rule.id).enabled, timeout=5000)
    # applied to the stored articles: both are hidden, the counts follow
    dialog.table.setCurrentCell(0, 1)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "2", timeout=5000)
    assert window.tree_model.count_of("smart:unread") == 4
    assert "changed 2 stored articles" in dialog.status.text()
    # removed; what it did stays done
    dialog.table.setCurrentCell(0, 1)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert lib.rules() == [] and len(lib.articles()) == 4
    dialog.close()


def test_mute_articles_like_this_from_the_article_menu(qtbot, feeds_library, make_window):
    lib = feeds_library
    window = make_window(lib)
    show(qtbot, window, "smart:all")
    target = article_id(lib, "Ceasefire talks")
    open_row(qtbot, window, window.list_model.row_of(target))
    menu = window.article_menu(window.list, window.list.visualRect(window.list.currentIndex()).center())
    mute = next(a for a in menu.actions() if a.text().startswith("&Mute"))
    mute.trigger()
    qtbot.waitUntil(lambda: window.inbox_controller.dialog is not None, timeout=5000)
    dialog = window.inbox_controller.dialog
    assert dialog.query.text() == 'feed:"Harbor & Hill World Desk" title:(ceasefire talks resume)'
    assert dialog.action.currentData() is RuleAction.READ and dialog.save_button.text() == "Add Rule"
    qtbot.waitUntil(lambda: dialog.preview_label.text().startswith("1 article"), timeout=5000)
    assert dialog.preview.item(0).text() == "Ceasefire talks resume in the river valley — Harbor & Hill World Desk"
    dialog.save_button.click()
    qtbot.waitUntil(lambda: len(lib.rules()) == 1, timeout=5000)
    assert lib.rules()[0].action is RuleAction.READ
    dialog.close()


def test_a_saved_search_is_a_smart_feed_with_live_counts_keys_marks_and_unread_only(qtbot, feeds_library, make_window, tmp_path):
    lib = feeds_library
    lib.set_setting("mark_read_delay_ms", 600_000)  # only the keys mark articles read here
    window = make_window(lib)
    assert not window.tree_model.index_of(SEARCHES_HEADING).isValid()  # no heading without smart feeds
    window.search_field.setText("bridge OR market OR owls")
    window.search_controller.run()
    qtbot.waitUntil(window.search_controller.showing, timeout=5000)
    window.fake_prompts.answers.append("Crossings and owls")
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.commands.save_search.trigger()
    (smart,) = lib.smart_feeds()
    key = f"search:{smart.id}"
    assert (smart.name, smart.query) == ("Crossings and owls", "bridge OR market OR owls")
    heading = window.tree_model.index_of(SEARCHES_HEADING)
    assert heading.isValid() and heading.data() == "Smart Feeds" and not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    assert window.tree_model.index_of(key).parent() == heading
    assert window.tree.current_key() == key  # the new smart feed is selected, its articles listed
    n = len(lib.articles(smart=smart.id))
    assert n == len(lib.search("bridge OR market OR owls")) >= 3
    assert window.list_model.rowCount() == n and window.tree_model.count_of(key) == n
    wait_idle(qtbot, window)
    grab(window, "window-smart-feeds.png", tmp_path)
    # keys move through it (j) and mark (m): its count follows each mark
    window.list.setFocus()
    first = open_row(qtbot, window, 0)
    second = window.list_model.article_id(1)
    with qtbot.waitSignal(window.article_shown, timeout=5000, check_params_cb=lambda i: i == second):
        qtbot.keyClick(window.list, Qt.Key.Key_J)
    wait_idle(qtbot, window)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: lib.article(second).read and window.tree_model.count_of(key) == n - 1, timeout=5000)
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.list.currentIndex().row() == 0, timeout=5000)
    wait_idle(qtbot, window)
    qtbot.keyClick(window.list, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: lib.article(first).read and window.tree_model.count_of(key) == n - 2, timeout=5000)
    assert lib.smart_feed(smart.id).unread == n - 2
    # Unread Only shows the unread ones, and the open article (read, but kept while it is shown)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.commands.unread_only.trigger()
    assert window.list_model.rowCount() == n - 2 + 1
    assert first in [window.list_model.article_id(r) for r in range(window.list_model.rowCount())]
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.commands.unread_only.trigger()
    # Mark All Read from its menu, then its count is gone
    menu = window.tree_controller.menu(key)
    with qtbot.waitSignal(window.counts_updated, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Mark All Read").trigger()
    qtbot.waitUntil(lambda: window.tree_model.count_of(key) == 0, timeout=5000)
    assert lib.smart_feed(smart.id).unread == 0


def test_edit_and_remove_a_smart_feed_from_the_tree(qtbot, feeds_library, make_window):
    lib = feeds_library
    smart = lib.add_smart_feed("Owls", "owls")
    window = make_window(lib)
    key = f"search:{smart.id}"
    assert window.tree_model.count_of(key) == 1
    window.fake_prompts.answers.extend(["Markets", "market OR bridge"])
    menu = window.tree_controller.menu(key)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Edit Smart Feed…").trigger()
    assert window.tree_model.index_of(key).data() == "Markets"
    assert window.tree_model.count_of(key) == len(lib.search("market OR bridge")) >= 2
    window.fake_prompts.answers.append(True)
    menu = window.tree_controller.menu(key)
    with qtbot.waitSignal(window.tree_loaded, timeout=5000):
        next(a for a in menu.actions() if a.text() == "Remove Smart Feed…").trigger()
    assert lib.smart_feeds() == [] and not window.tree_model.index_of(key).isValid()
    assert not window.tree_model.index_of(SEARCHES_HEADING).isValid()
