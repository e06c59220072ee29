"""``account add/remove``, ``accounts``, ``sync``: the real ``byline`` process against a real Miniflux."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.syncserver import Account


def byline(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BYLINE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, text=True, timeout=120,
        env=env, check=False,
    )


def test_accounts_from_the_command_line(account: Account, tmp_path: Path) -> None:
    feed = account.feed("cli", 3, category="News")
    data = account.data_dir
    url = account.miniflux.url

    wrong = byline(data, "account", "add", "greader", url, "--user", account.user.name, "--password-stdin", stdin="nope\n")
    assert wrong.returncode == 1
    assert wrong.stderr.count("\n") == 1 and "refused the user name or password" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    added = byline(data, "account", "add", "greader", url, "--user", account.user.name, "--password-stdin",
                   "--name", "Miniflux", stdin=account.api_password + "\n")
    assert added.returncode == 0, added.stderr
    account_id = int(added.stdout.split("\t")[0])
    assert added.stdout.split("\t")[1].strip() == "Miniflux"

    listed = json.loads(byline(data, "accounts", "--json").stdout)
    assert listed == [{
        "id": account_id, "kind": "greader", "name": "Miniflux", "url": url, "user": account.user.name,
        "last_sync": listed[0]["last_sync"], "last_error": None, "pending": 0,
    }]
    assert listed[0]["last_sync"].endswith("Z")

    feeds = json.loads(byline(data, "feeds", "--json").stdout)
    assert [(f["folder"], f["account"]) for f in feeds] == [("Miniflux/News", account_id)]
    articles = json.loads(byline(data, "articles", "--json").stdout)
    assert len(articles) == 3

    assert byline(data, "read", str(articles[0]["id"])).returncode == 0
    assert json.loads(byline(data, "accounts", "--json").stdout)[0]["pending"] == 1

    synced = byline(data, "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == "synced 1 accounts, 0 new articles, 1 changes sent, 0 changes received, 0 failed\n"
    assert account.user.entries(feed_id=feed, status="read")[0]["title"] == articles[0]["title"]

    account.grow(feed, "cli", 5)
    refreshed = byline(data, "refresh")  # refresh syncs every account as part of it
    assert refreshed.returncode == 0, refreshed.stderr
    assert len(json.loads(byline(data, "articles", "--json").stdout)) == 5

    for output in (added.stdout, synced.stdout, refreshed.stdout, byline(data, "accounts").stdout,
                   byline(data, "export").stdout):
        assert account.api_password not in output


def test_sync_failures_are_one_line_and_exit_1(account: Account, tmp_path: Path) -> None:
    account.feed("fail", 1)
    data = account.data_dir
    pw = tmp_path / "pw"
    pw.write_text(account.api_password + "\n")
    added = byline(data, "account", "add", "greader", account.miniflux.url, "--user", account.user.name,
                   "--password-file", str(pw))
    assert added.returncode == 0, added.stderr
    account_id = added.stdout.split("\t")[0]
    article = json.loads(byline(data, "articles", "--json").stdout)[0]["id"]
    byline(data, "save", str(article), "--no-copy")

    account.miniflux.set_greader_password(account.user.id, account.user.name, "rotated")
    failed = byline(data, "sync", account_id)
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "refused the user name or password" in failed.stderr
    assert "failed" in failed.stdout and "Traceback" not in failed.stderr
    assert json.loads(byline(data, "accounts", "--json").stdout)[0]["pending"] == 1  # still pending

    assert byline(data, "sync", "999").returncode == 1
    assert byline(data, "account", "remove", account_id).returncode == 0
    assert byline(data, "accounts", "--json").stdout.strip() == "[]"
    assert [a["id"] for a in json.loads(byline(data, "articles", "--json").stdout)] == [article]  # saved: kept
