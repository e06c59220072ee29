"""Dialogs: add a feed, a feed's properties, preferences (shortcuts included), and the small questions the window asks.

Dialogs are opened with ``open()`` (window-modal, never a nested event loop)
and report through ``accepted`` and their ``values()``, so tests drive them by
filling the fields and calling ``accept()``. The one-line questions (confirm,
rename, pick a file) go through ``Prompts``, which tests replace.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import DiscoveredFeed, Feed
from reader.core.net.agent import BROWSER_USER_AGENT
from reader.core.secrets import Login
from reader.core.settings import Settings
from reader.ui.accessibility import announce
from reader.ui.i18n import QT_TRANSLATE_NOOP, arg, language_name, long_date, translate
from reader.ui.network_page import Keep, NetworkPage
from reader.ui.prompts import Prompts, start_folder, suggested_path
from reader.ui.shortcuts import ShortcutsEditor, effective_keys
from reader.ui.style import hint_palette


class AddFeedDialog(QDialog):
    """A feed URL, a site URL (the feed is discovered) or a local file, and a folder.

    "Find Feeds" asks for the feeds a site offers (``find_requested(address)``);
    whoever runs the look-up answers with ``set_found`` and the user picks one.

    "Add" does not close the dialog: it asks for the feed (``add_requested``)
    and waits. Whoever adds it calls ``succeeded()`` (the dialog closes) or
    ``failed(message)`` (the error shows inline and the address stays, to fix).

    Signals:
        find_requested(str): the address to look for feeds on.
        add_requested(str, str): the address (or the picked feed) and the folder path.
    """

    find_requested = Signal(str)
    add_requested = Signal(str, str)

    def __init__(self, folders: Sequence[str], parent: QWidget | None = None, *, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("AddFeedDialog", "Add Feed"))
        self.url = QLineEdit()
        self.url.setPlaceholderText(translate("AddFeedDialog", "https://example.org/feed.xml or https://example.org"))
        self.url.setMinimumWidth(420)
        self.folder = QComboBox()
        self.folder.setEditable(True)
        self.folder.addItem("")
        self.folder.addItems(list(folders))
        self.folder.setCurrentText(folder)
        hint = QLabel(translate("AddFeedDialog", "Paste a feed address or a web site's address; Byline finds the site's feed."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        self.found = QComboBox()  # the feeds a site offers, once looked up
        self.found_label = QLabel(translate("AddFeedDialog", "&Feed:"))
        self.found_label.setBuddy(self.found)
        self.found.setVisible(False)
        self.found_label.setVisible(False)
        self.find_status = QLabel("")
        self.find_status.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel("")  # why the last Add failed, in the dialog itself
        self.error.setObjectName("add-feed-error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 4px 6px;")
        self.error.setVisible(False)
        self._adding = False
        form = QFormLayout()
        form.addRow(translate("AddFeedDialog", "&Address:"), self.url)
        form.addRow(self.found_label, self.found)
        form.addRow(translate("AddFeedDialog", "F&older:"), self.folder)
        self.url.setAccessibleName(translate("AddFeedDialog", "Address"))
        self.url.setAccessibleDescription(hint.text())
        self.found.setAccessibleName(translate("AddFeedDialog", "Feed"))
        self.folder.setAccessibleName(translate("AddFeedDialog", "Folder"))
        self.folder.setAccessibleDescription(translate("AddFeedDialog", "Folder path, for example News/World; empty for the top level"))
        edit = self.folder.lineEdit()
        if edit is not None:  # the part that takes the focus and the typing: a screen reader names it too
            edit.setAccessibleName(self.folder.accessibleName())
            edit.setAccessibleDescription(self.folder.accessibleDescription())
        self.folder.setItemData(0, translate("AddFeedDialog", "Top level"), Qt.ItemDataRole.AccessibleTextRole)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("AddFeedDialog", "Add"))
        self.find_button = self.buttons.addButton(translate("AddFeedDialog", "Find Feeds"), QDialogButtonBox.ButtonRole.ActionRole)
        self.find_button.clicked.connect(self._find)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.find_status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        """The address changed: what was found belongs to the old one."""
        self._enable()
        if self.found.count():
            self.set_found([])

    def _enable(self) -> None:
        has_text = bool(self.url.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_text and not self._adding)
        self.find_button.setEnabled(has_text)

    def _find(self) -> None:
        address = self.url.text().strip()
        if address:
            self.find_status.setText(arg(translate("AddFeedDialog", "Looking for feeds on %1…"), address))
            self.find_button.setEnabled(False)
            self.find_requested.emit(address)

    def set_found(self, feeds: Sequence[DiscoveredFeed], error: str | None = None) -> None:
        """Show the feeds a site offers (best first) for the user to pick, or why none were found."""
        self.found.clear()
        for feed in feeds:
            label = f"{feed.title} — {feed.url}" if feed.title else feed.url
            self.found.addItem(label, feed.url)
        self.found.setVisible(bool(feeds))
        self.found_label.setVisible(bool(feeds))
        self.find_button.setEnabled(bool(self.url.text().strip()))
        if error:
            self.find_status.setText(error)
        elif feeds:
            self.find_status.setText(translate("AddFeedDialog", "%Ln feed(s) found; pick one.", None, len(feeds)))
        else:
            self.find_status.setText("")

    def accept(self) -> None:
        """Ask for the feed; the dialog stays open until ``succeeded`` or ``failed``."""
        if not self.url.text().strip() or self._adding:
            return
        self._adding = True
        self.error.setVisible(False)
        self.find_status.setText(translate("AddFeedDialog", "Adding…"))
        announce(self.find_status, self.find_status.text())
        self._enable()
        self.add_requested.emit(*self.values())

    def succeeded(self) -> None:
        self._adding = False
        super().accept()

    def failed(self, message: str) -> None:
        """Show why the feed could not be added; the typed address stays to be corrected."""
        self._adding = False
        self.find_status.setText("")
        self.error.setText(arg(translate("AddFeedDialog", "Could not add this feed: %1"), message))
        self.error.setVisible(True)
        announce(self.error, self.error.text())
        self._enable()
        self.url.setFocus()
        self.url.selectAll()

    def values(self) -> tuple[str, str]:
        """(address, folder path): the picked feed when feeds were found, else the typed address."""
        picked = self.found.currentData() if self.found.count() else None
        return (picked or self.url.text().strip()), self.folder.currentText().strip()


IMAGE_CHOICES = (
    (QT_TRANSLATE_NOOP("FeedPropertiesDialog", "As in Preferences"), None),
    (QT_TRANSLATE_NOOP("FeedPropertiesDialog", "Always load"), True),
    (QT_TRANSLATE_NOOP("FeedPropertiesDialog", "Never load"), False),
)


class FeedPropertiesDialog(QDialog):
    """One feed: where it lives and how it is doing, and its own options.

    The options are "Fetch full stories" (each new article's web page is
    extracted during refresh and shown in place of the feed's text), remote
    images (as in Preferences, always, never) and the refresh interval (0: as
    in Preferences). ``values()`` returns them; the caller stores what changed.
    ``user_agent()`` is the User-Agent the feed is asked with (None: Byline's),
    for servers that turn away programs they do not know.
    """

    def __init__(self, feed: Feed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(arg(translate("FeedPropertiesDialog", "%1 — Properties"), feed.title))
        self.feed = feed
        title = QLabel(feed.title)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-weight: 600;")
        address = QLabel(feed.url)
        address.setTextFormat(Qt.TextFormat.PlainText)
        address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        address.setWordWrap(True)
        checked = long_date(feed.last_checked) if feed.last_checked else translate("FeedPropertiesDialog", "never")
        state = QLabel(f"{checked} — {feed.last_error}" if feed.last_error else checked)
        state.setTextFormat(Qt.TextFormat.PlainText)
        state.setWordWrap(True)
        self.full_stories = QCheckBox(translate("FeedPropertiesDialog", "Fetch full &stories"))
        self.full_stories.setChecked(feed.full_stories)
        stories_hint = QLabel(
            translate(
                "FeedPropertiesDialog",
                "Each new article's web page is fetched when the feed is refreshed and its story shown in place of "
                "the feed's text, which stays one click away.",
            )
        )
        stories_hint.setTextFormat(Qt.TextFormat.PlainText)
        stories_hint.setWordWrap(True)
        stories_hint.setPalette(hint_palette(stories_hint.palette()))  # quiet, yet readable (not a disabled label)
        self.images = QComboBox()
        for label, value in IMAGE_CHOICES:
            self.images.addItem(translate("FeedPropertiesDialog", label), value)
        self.images.setCurrentIndex(next(i for i, (_, v) in enumerate(IMAGE_CHOICES) if v is feed.allow_images))
        self.interval = QSpinBox()
        self.interval.setRange(0, 7 * 24 * 60)
        self.interval.setSuffix(translate("FeedPropertiesDialog", " min"))
        self.interval.setSpecialValueText(translate("FeedPropertiesDialog", "as in Preferences"))
        self.interval.setValue(feed.refresh_minutes or 0)
        self.agent = QLineEdit(feed.user_agent or "")
        self.agent.setPlaceholderText(translate("FeedPropertiesDialog", "Byline’s own"))
        self.agent.setClearButtonEnabled(True)
        self.agent.setCursorPosition(0)
        self.browser_agent = QPushButton(translate("FeedPropertiesDialog", "Like a &Web Browser"))
        self.browser_agent.setToolTip(
            translate("FeedPropertiesDialog", "For servers that refuse programs they do not know (403 Forbidden)")
        )
        self.browser_agent.clicked.connect(self._use_browser_agent)
        agent_row = QHBoxLayout()
        agent_row.addWidget(self.agent, 1)
        agent_row.addWidget(self.browser_agent)
        form = QFormLayout()
        form.addRow(translate("FeedPropertiesDialog", "Feed:"), title)
        form.addRow(translate("FeedPropertiesDialog", "Address:"), address)
        form.addRow(translate("FeedPropertiesDialog", "Folder:"), QLabel(feed.folder or translate("FeedPropertiesDialog", "(top level)")))
        form.addRow(translate("FeedPropertiesDialog", "Last checked:"), state)
        form.addRow(translate("FeedPropertiesDialog", "Stories:"), self.full_stories)
        form.addRow("", stories_hint)
        form.addRow(translate("FeedPropertiesDialog", "Remote &images:"), self.images)
        form.addRow(translate("FeedPropertiesDialog", "&Check every:"), self.interval)
        form.addRow(translate("FeedPropertiesDialog", "User agent:"), agent_row)
        self.full_stories.setAccessibleDescription(stories_hint.text())
        self.images.setAccessibleName(translate("FeedPropertiesDialog", "Remote images"))
        self.interval.setAccessibleName(translate("FeedPropertiesDialog", "Check every"))
        self.agent.setAccessibleName(translate("FeedPropertiesDialog", "User agent"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _use_browser_agent(self) -> None:
        self.agent.setText(BROWSER_USER_AGENT)
        self.agent.setCursorPosition(0)  # show the start ("Mozilla/5.0 ..."), not the tail

    def user_agent(self) -> str | None:
        """The User-Agent typed or picked; None for Byline's own."""
        return self.agent.text().strip() or None

    def values(self) -> tuple[bool, bool | None, int | None]:
        """(fetch full stories, remote images or None for the preference, minutes or None for the preference)."""
        minutes = self.interval.value()
        return self.full_stories.isChecked(), self.images.currentData(), minutes or None

READABLE_SIZES = (8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 36, 42, 48)


class FontSizeBox(QSpinBox):
    """A point size that steps through readable sizes (… 14, 15, 16, 18, 20 …), starting from the size in use.

    ``system`` is the size the system font has; it shows as "N pt (system)".
    """

    def __init__(self, current: int, system: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.system = max(1, system)
        self.setRange(READABLE_SIZES[0], READABLE_SIZES[-1])
        self.setSuffix(translate("PreferencesDialog", " pt"))
        self.setValue(current if current > 0 else self.system)

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                value = next((s for s in READABLE_SIZES if s > value), READABLE_SIZES[-1])
            else:
                value = next((s for s in reversed(READABLE_SIZES) if s < value), READABLE_SIZES[0])
        self.setValue(value)

    def textFromValue(self, value: int) -> str:
        return arg(translate("PreferencesDialog", "%1 (system)"), value) if value == self.system else str(value)

    def valueFromText(self, text: str) -> int:
        digits = "".join(ch for ch in text.split("(")[0] if ch.isdigit())
        return int(digits) if digits else self.system


NOTIFICATION_CHOICES = (
    (QT_TRANSLATE_NOOP("PreferencesDialog", "Off"), "off"),
    (QT_TRANSLATE_NOOP("PreferencesDialog", "A summary of new articles"), "summary"),
    (QT_TRANSLATE_NOOP("PreferencesDialog", "Only what notify rules match"), "rules"),
)


class PreferencesDialog(QDialog):
    """The ``Settings`` a person sets: General (refresh interval, images, retention,
    font size, read delay, notifications, the tray), Network (the proxy, see
    ``NetworkPage``) and Shortcuts (every command's keys).

    ``values()`` is ``current`` with the fields changed; settings the dialog does
    not show (the refresh's worker count) keep their values. ``proxy_login()``
    is the manual proxy's login to store, None to forget it, or ``Keep.STORED``.
    OK is refused while two commands share a key.
    """

    def __init__(
        self, current: Settings, parent: QWidget | None = None, *, system_font_size: int = 10, tray_available: bool = True,
        languages: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("PreferencesDialog", "Preferences"))
        self._current = current
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(translate("PreferencesDialog", " min"))
        self.interval.setSpecialValueText(translate("PreferencesDialog", "never"))
        self.interval.setValue(current.refresh_interval_minutes)
        self.images = QCheckBox(translate("PreferencesDialog", "Load remote &images in articles (they can track you)"))
        self.images.setChecked(current.images)
        self.retention = QSpinBox()
        self.retention.setRange(0, 3650)
        self.retention.setSuffix(translate("PreferencesDialog", " days"))
        self.retention.setSpecialValueText(translate("PreferencesDialog", "keep everything"))
        self.retention.setValue(current.retention_days)
        self.font_size = FontSizeBox(current.font_size, system_font_size)
        self.delay = QSpinBox()
        self.delay.setRange(0, 60000)
        self.delay.setSingleStep(250)
        self.delay.setSuffix(translate("PreferencesDialog", " ms"))
        self.delay.setValue(current.mark_read_delay_ms)
        self.notifications = QComboBox()
        for label, value in NOTIFICATION_CHOICES:
            self.notifications.addItem(translate("PreferencesDialog", label), value)
        self.notifications.setCurrentIndex(
            next((i for i, (_, v) in enumerate(NOTIFICATION_CHOICES) if v == current.notifications), 1)
        )
        self.notifications.setToolTip(translate("PreferencesDialog", "After a refresh or a sync: one notification, never one per article"))
        self.tray = QCheckBox(translate("PreferencesDialog", "Keep running in the system tray when the window is closed"))
        self.tray.setChecked(current.keep_in_tray and tray_available)
        self.tray.setEnabled(tray_available)
        if not tray_available:
            self.tray.setText(translate("PreferencesDialog", "Keep running in the system tray (this desktop has no system tray)"))
        general = QWidget()
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.addItem(translate("PreferencesDialog", "System default"), "")
        for code in languages:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        form.addRow(translate("PreferencesDialog", "&Refresh every:"), self.interval)
        form.addRow(translate("PreferencesDialog", "Images:"), self.images)
        form.addRow(translate("PreferencesDialog", "Remove &unsaved articles after:"), self.retention)
        form.addRow(translate("PreferencesDialog", "Article &font size:"), self.font_size)
        form.addRow(translate("PreferencesDialog", "&Mark read after:"), self.delay)
        form.addRow(translate("PreferencesDialog", "N&otifications:"), self.notifications)
        form.addRow(translate("PreferencesDialog", "&Tray:"), self.tray)
        form.addRow(translate("PreferencesDialog", "&Language:"), self.language)
        note = QLabel(translate("PreferencesDialog", "A new language is used from the next start of Byline."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.language.setAccessibleDescription(note.text())
        for field, name in (
            (self.interval, translate("PreferencesDialog", "Refresh every")),
            (self.retention, translate("PreferencesDialog", "Remove unsaved articles after")),
            (self.font_size, translate("PreferencesDialog", "Article font size")),
            (self.delay, translate("PreferencesDialog", "Mark read after")),
            (self.notifications, translate("PreferencesDialog", "Notifications")),
            (self.language, translate("PreferencesDialog", "Language")),
        ):
            field.setAccessibleName(name)
        self.network = NetworkPage(current)
        self.shortcuts = ShortcutsEditor(effective_keys(current.shortcut_map()))
        self.tabs = QTabWidget()
        self.tabs.addTab(general, translate("PreferencesDialog", "&General"))
        self.tabs.addTab(self.network, translate("PreferencesDialog", "&Network"))
        self.tabs.addTab(self.shortcuts, translate("PreferencesDialog", "&Shortcuts"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.shortcuts.changed.connect(self._check)
        self.tabs.setAccessibleName(translate("PreferencesDialog", "Preferences pages"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(560, 520)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.shortcuts.conflicts_text())

    def _font_size(self) -> int:
        """0 (follow the system) while the box still shows the system's size and the setting followed it."""
        value = self.font_size.value()
        return 0 if self._current.font_size == 0 and value == self.font_size.system else value

    def accept(self) -> None:
        if self.shortcuts.conflicts_text():
            self.tabs.setCurrentWidget(self.shortcuts)
            return
        problem = self.network.problem()
        self.network.show_problem(problem)
        if problem:
            self.tabs.setCurrentWidget(self.network)
            return
        super().accept()

    def values(self) -> Settings:
        return self._current.replace(
            refresh_interval_minutes=self.interval.value(),
            images=self.images.isChecked(),
            retention_days=self.retention.value(),
            font_size=self._font_size(),
            mark_read_delay_ms=self.delay.value(),
            **self.network.changes(),
            notifications=str(self.notifications.currentData()),
            keep_in_tray=self.tray.isChecked(),
            shortcuts=self.shortcuts.overrides(),
            language=str(self.language.currentData() or ""),
        )

    def proxy_login(self) -> Login | None | Keep:
        return self.network.login()


__all__ = ["AddFeedDialog", "FeedPropertiesDialog", "FontSizeBox", "PreferencesDialog", "Prompts", "start_folder", "suggested_path"]
