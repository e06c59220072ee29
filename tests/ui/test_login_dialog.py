"""The Log In dialog, filled in as a person would; a screenshot to look at."""

from __future__ import annotations

from pathlib import Path

from reader.core.secrets import Login
from reader.ui.login_dialog import LoginDialog


def test_login_dialog_asks_for_both_and_remembers_by_default(qtbot, tmp_path: Path) -> None:
    dialog = LoginDialog("Members’ news", "https://club.example/feed.xml", store="file")
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.buttons()[0]
    assert "a file only you can read" in dialog.remember.text() and dialog.remember.isChecked()
    assert not dialog.problem.isVisible()
    dialog.user.setText("ann")
    assert not ok.isEnabled()
    dialog.password.setText("pw with spaces ")
    assert ok.isEnabled()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.remember.setChecked(False)
    assert dialog.values() == (Login("ann", "pw with spaces "), False)
    dialog.grab().save(str(tmp_path / "login.png"))
    assert (tmp_path / "login.png").stat().st_size > 0


def test_login_dialog_says_why_it_asks_again(qtbot) -> None:
    dialog = LoginDialog("Club", "https://club.example/feed.xml", user="ann", problem="The server did not accept the last user name and password.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem.isVisible() and dialog.user.text() == "ann"
    assert "system keyring" in dialog.remember.text()
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()  # no password yet: nothing to log in with
    dialog.password.setText("x")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
