"""The window's short questions (``Prompts``) and where file dialogs open.

Kept apart from the dialogs (``dialogs``) so that the window and its
controllers, which hold a ``Prompts`` from the start, load no dialog until
one is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Prompts:
    """The window's short questions. Tests swap in an object with the same methods."""

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Yes

    def text(self, parent: QWidget, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
        return text if ok else None

    def choose(self, parent: QWidget, title: str, label: str, items: Sequence[str]) -> str | None:
        item, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
        return item if ok else None

    def open_file(self, parent: QWidget, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(), filters)
        return path or None

    def save_file(self, parent: QWidget, title: str, name: str, filters: str) -> str | None:
        """``name`` is a path to propose (``suggested_path``), not relative to the working directory."""
        path, _ = QFileDialog.getSaveFileName(parent, title, name, filters)
        return path or None

    def inform(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        """A message that stays until read (a summary, with details to unfold)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def start_folder() -> str:
    """Where file dialogs open: the user's documents folder, else home (never the working directory)."""
    for location in (QStandardPaths.StandardLocation.DocumentsLocation, QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def suggested_path(name: str, *, downloads: bool = False) -> str:
    """``name`` in ``start_folder()`` (or the downloads folder): what a save dialog proposes."""
    if downloads:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        if folder and Path(folder).is_dir():
            return str(Path(folder) / name)
    return str(Path(start_folder()) / name)
