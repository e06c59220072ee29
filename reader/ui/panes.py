"""The window's three panes side by side: a splitter that keeps each of them usable.

``PaneSplitter`` holds the tree, the list (or the search results) and the
article. When the window shrinks so far that the list or the article would
drop under what it needs, the tree gives way first (down to its own minimum),
so Byline stays readable down to 640x480. Sizes the user sets, or that a
saved layout restores, are left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSplitter, QWidget

__all__ = ["PANE_MINIMUMS", "PANE_SIZES", "PaneSplitter"]

PANE_SIZES = (240, 500, 540)  # tree, list, article at 1280 px: the article's 38 em column still fits
PANE_MINIMUMS = (120, 220, 250)  # below these a pane stops being usable; 640 px wide still fits all three
TREE_SHARE = 0.2  # in a cramped window the tree gives way first, down to this share of the width
SLACK = 40  # px above its minimum under which a pane counts as squeezed


class PaneSplitter(QSplitter):
    """Tree, list and article, with their minimum widths and the tree giving way first."""

    def __init__(self, tree: QWidget, middle: QWidget, pane: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        for index, (widget, least) in enumerate(zip((tree, middle, pane), PANE_MINIMUMS, strict=True)):
            self.addWidget(widget)
            widget.setMinimumWidth(least)
            self.setStretchFactor(index, index)  # 0, 1, 2: the tree keeps its width when the window grows
        self.setSizes(list(PANE_SIZES))
        self.fit_when_shown = True  # the default sizes meet the real window: fit once (a restored layout is kept)

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        restored = super().restoreState(state)
        self.fit_when_shown = self.fit_when_shown and not restored
        return restored

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.fit_when_shown:
            self.fit_when_shown = False
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        old = event.oldSize()
        if old.isValid() and old.width() > event.size().width():  # shrinking, not restoring a layout
            self.fit()

    def fit(self) -> None:
        """When the list or the article is squeezed, take the width from the tree first."""
        sizes = self.sizes()
        if len(sizes) != 3 or sum(sizes) <= 0:
            return
        tree, middle, pane = sizes
        if middle > PANE_MINIMUMS[1] + SLACK and pane > PANE_MINIMUMS[2] + SLACK:
            return
        total = sum(sizes)
        tree = max(PANE_MINIMUMS[0], min(tree, int(total * TREE_SHARE)))
        rest = total - tree
        middle = max(PANE_MINIMUMS[1], min(rest // 2, rest - PANE_MINIMUMS[2]))
        self.setSizes([tree, middle, rest - middle])
