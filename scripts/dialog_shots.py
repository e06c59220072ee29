"""Write the pictures of the network dialogs to docs/window/: Log In, Preferences → Network, Feed Properties.

    python scripts/dialog_shots.py

login-dialog.png asks again after a refused password; preferences-network.png
shows a manual SOCKS5 proxy with a user name; feed-properties-user-agent.png
shows a feed whose server answered 403, as a refresh words it, beside the
User-Agent field. Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtWidgets import QApplication, QWidget

from reader.core.models import Feed
from reader.core.net.answers import status_message
from reader.core.settings import Settings
from reader.ui.dialogs import FeedPropertiesDialog, PreferencesDialog
from reader.ui.login_controller import REFUSED
from reader.ui.login_dialog import LoginDialog

OUT = Path(__file__).resolve().parents[1] / "docs" / "window"


def shoot(app: QApplication, widget: QWidget, name: str) -> None:
    widget.show()
    app.processEvents()
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def main() -> None:
    app = QApplication([])
    login = LoginDialog("Members’ news", "https://club.example/feed.xml", user="ann", problem=REFUSED, store="keyring")
    shoot(app, login, "login-dialog.png")
    proxy = Settings(proxy_mode="manual", proxy_kind="socks5", proxy_host="proxy.corp", proxy_port=1080)
    preferences = PreferencesDialog(proxy)
    preferences.tabs.setCurrentWidget(preferences.network)
    preferences.network.user.setText("ann")
    shoot(app, preferences, "preferences-network.png")
    refused = status_message(403).replace("FEED_ID", "3")  # as refresh.py names the feed
    feed = Feed(id=3, url="https://club.example/feed.xml", title="Members’ news", login=True, last_error=refused)
    shoot(app, FeedPropertiesDialog(feed), "feed-properties-user-agent.png")


if __name__ == "__main__":
    main()
