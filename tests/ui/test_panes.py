"""The three panes: the tree gives way first in a small window; a restored layout is kept (issue 12, item 1)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from reader.ui.panes import PANE_MINIMUMS, PaneSplitter


def test_first_show_in_a_small_window_takes_width_from_the_tree(qtbot):
    splitter = PaneSplitter(QLabel("tree"), QLabel("list"), QLabel("pane"))
    qtbot.addWidget(splitter)
    splitter.resize(800, 600)
    splitter.show()
    qtbot.waitUntil(splitter.isVisible, timeout=2000)
    tree, middle, pane = splitter.sizes()
    assert tree <= 0.2 * sum(splitter.sizes()) + 1
    assert middle >= PANE_MINIMUMS[1] + 40 and pane >= PANE_MINIMUMS[2]


def test_a_restored_layout_is_kept(qtbot):
    first = PaneSplitter(QLabel("tree"), QLabel("list"), QLabel("pane"))
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.show()
    first.setSizes([200, 220, 272])
    state = first.saveState()
    wanted = first.sizes()
    again = PaneSplitter(QLabel("tree"), QLabel("list"), QLabel("pane"))
    qtbot.addWidget(again)
    again.resize(700, 500)
    assert again.restoreState(state)
    again.show()
    qtbot.waitUntil(again.isVisible, timeout=2000)
    assert again.sizes() == wanted
