"""Feeds that need a login, through the real ``byline`` process (CONTRACT.md, "Feeds that need a login").

Servers on 127.0.0.1 demand basic and digest authentication. Logins arrive
every way the contract allows (``--user`` with ``--password-stdin`` or
``--password-file``, a ``user:password@`` URL, an OPML file carrying one),
the feeds are refreshed, listed, exported (OPML, saved pages, EPUB), backed up and saved; then every
table of the library, every file in the data dir but the password file,
every exported file and everything the commands printed (with ``-v`` logging)
are searched for the passwords.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.dumps import library_dump
from tests.servers import FeedServer, Response, basic_login, digest_login

PASSWORDS = {
    "basic": "Basic-Pa55-wordZ",
    "digest": "Dig&est Pa55:wordQ",  # spaces, ':' and '&' survive stdin, files and URLs
    "url": "Url-Pa55@wordK",
    "opml": "Opml-Pa55-wordJ",
}


def rss(title: str, host: str) -> bytes:
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title><link>http://{host}/</link>"
        f"<item><title>{title} story</title><guid>{title}-1</guid><link>http://{host}/story</link>"
        f"<description>Members only: the {title} story.</description></item></channel></rss>"
    ).encode()


class Run:
    """The byline process on one data dir, keeping everything it printed."""

    def __init__(self, data_dir: Path, *, verbose: bool = True) -> None:
        self.data_dir = data_dir
        self.verbose = verbose
        self.printed: list[str] = []

    def __call__(self, *args: str, stdin: str | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "BYLINE_DATA_DIR": str(self.data_dir)}
        done = subprocess.run(
            [sys.executable, "-m", "reader", *(["-v"] if self.verbose else []), *args], input=stdin, capture_output=True, text=True, timeout=120,
            env=env, check=False,
        )
        self.printed += [done.stdout, done.stderr]
        if ok:
            assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done


@pytest.fixture
def servers(feed_server: FeedServer) -> FeedServer:
    host = f"127.0.0.1:{feed_server.port}"
    feed_server.route("/basic.xml", basic_login(Response(body=rss("Basic", host)), "ann", PASSWORDS["basic"]))
    feed_server.route("/digest.xml", digest_login(Response(body=rss("Digest", host)), "dan", PASSWORDS["digest"]))
    feed_server.route("/url.xml", basic_login(Response(body=rss("Url", host)), "uma", PASSWORDS["url"]))
    feed_server.route("/opml.xml", digest_login(Response(body=rss("Opml", host)), "ola", PASSWORDS["opml"]))
    return feed_server


def leaks(data: bytes) -> list[str]:
    """Which passwords ``data`` holds, as written or URL-encoded."""
    return [name for name, pw in PASSWORDS.items() for form in {pw, quote(pw, safe="")} if form.encode() in data]


def test_logins_reach_the_server_and_nothing_else(servers: FeedServer, tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    byline = Run(data)
    host = f"127.0.0.1:{servers.port}"

    byline("add", servers.url("/basic.xml"), "--user", "ann", "--password-stdin", stdin=PASSWORDS["basic"] + "\n")
    password_file = tmp_path / "pw.txt"  # the user's own file: not searched
    password_file.write_text(PASSWORDS["digest"] + "\n", encoding="utf-8")
    byline("add", servers.url("/digest.xml"), "--user", "dan", "--password-file", str(password_file), "--folder", "Private")
    byline("add", f"http://uma:{quote(PASSWORDS['url'], safe='')}@{host}/url.xml")
    opml = tmp_path / "subs.opml"
    opml.write_text(
        "<?xml version='1.0'?><opml version='2.0'><head><title>mine</title></head><body>"
        f"<outline text='Opml' type='rss' xmlUrl='http://ola:{PASSWORDS['opml']}@{host}/opml.xml'/>"
        f"<outline text='Again' type='rss' xmlUrl='http://ola:{PASSWORDS['opml']}@{host}/opml.xml'/>"
        f"<outline text='Refused' type='rss' xmlUrl='ftp://ola:{PASSWORDS['opml']}@{host}/opml.xml'/>"
        "</body></opml>",
        encoding="utf-8",
    )
    imported = byline("import", str(opml))
    assert imported.stdout == "added 1, already present 0, skipped 2\n"

    refreshed = byline("refresh")
    assert refreshed.stdout == "checked 4 feeds, 1 new article, 3 not modified, 0 failed\n"  # the import's feed is new
    authorized = [r.headers.get("authorization", "").split(" ")[0] for r in servers.requests if r.path == "/opml.xml"]
    assert authorized[-2:] == ["", "Digest"]

    feeds = {f["title"]: f for f in json.loads(byline("feeds", "--json").stdout)}
    assert set(feeds) == {"Basic", "Digest", "Url", "Opml"}
    for name, feed in feeds.items():
        assert feed["login"] is True, name
        assert feed["url"] == f"http://{host}/{name.lower()}.xml"

    articles = json.loads(byline("articles", "--json").stdout)
    assert len(articles) == 4
    byline("save", *[str(a["id"]) for a in articles])
    byline("export", str(out / "subscriptions.opml"))
    byline("backup")
    byline("export-saved", str(out / "saved"), "--epub", str(out / "saved.epub"))

    # Everything that is not the password store: the library's tables, every file, every export, all output.
    found: dict[str, list[str]] = {}
    dump = library_dump(data / "library.sqlite3")
    assert "Members only" in dump  # the dump really holds the library
    found["tables"] = leaks(dump.encode())
    secrets_file = data / "secrets.json"
    files = [p for folder in (data, out) for p in folder.rglob("*") if p.is_file() and p != secrets_file]
    assert {p.name for p in files} >= {"library.sqlite3", "subscriptions.opml", "index.html"}
    assert any(p.parent.name == "backups" for p in files)
    assert any(p.suffix == ".epub" for p in files)
    for path in files:
        found[str(path.relative_to(tmp_path))] = leaks(path.read_bytes())
        if path.suffix == ".epub":  # compressed: look inside
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    found[f"{path.name}/{member}"] = leaks(book.read(member))
    found["output"] = leaks("\n".join(byline.printed).encode())
    assert {k: v for k, v in found.items() if v} == {}

    # ... and the password store holds them, readable by its owner only.
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    stored = json.loads(secrets_file.read_text(encoding="utf-8"))
    assert sorted(v["password"] for v in stored.values()) == sorted(PASSWORDS.values())


def test_login_options_and_their_errors(servers: FeedServer, tmp_path: Path) -> None:
    byline = Run(tmp_path / "data", verbose=False)
    needs = byline("add", servers.url("/basic.xml"), ok=False)
    assert needs.returncode == 1
    assert needs.stderr == (
        "byline: the feed needs a login (the server answered 401 Unauthorized): subscribe with your user name, "
        f"byline add {servers.url('/basic.xml')} --user NAME (or in the window's Add Feed, which asks for it)\n"
    )
    wrong = byline("add", servers.url("/basic.xml"), "--user", "ann", "--password-stdin", stdin="nope\n", ok=False)
    assert wrong.returncode == 1 and "did not accept the user name and password" in wrong.stderr
    assert json.loads(byline("feeds", "--json").stdout) == []  # nothing half-added

    no_user = byline("add", servers.url("/basic.xml"), "--password-stdin", stdin="x\n", ok=False)
    assert no_user.returncode == 2 and "--password-stdin and --password-file go with --user NAME" in no_user.stderr
    empty = byline("add", servers.url("/basic.xml"), "--user", "ann", "--password-stdin", stdin="\n", ok=False)
    assert empty.returncode == 1 and empty.stderr == "byline: no password was given on standard input\n"
    no_way = byline("add", servers.url("/basic.xml"), "--user", "ann", stdin="", ok=False)
    assert no_way.stderr == "byline: give the password with --password-stdin or --password-file F\n"
    missing = byline("add", servers.url("/basic.xml"), "--user", "ann", "--password-file", str(tmp_path / "none"), ok=False)
    assert missing.returncode == 1 and "cannot read the password file" in missing.stderr

    feed_id = byline("add", servers.url("/basic.xml"), "--user", "ann", "--password-stdin", stdin=PASSWORDS["basic"]).stdout.split("\t")[0]
    byline("login", feed_id, "--forget")
    failed = byline("refresh")
    assert f"byline login {feed_id} --user NAME" in failed.stderr
    byline("login", feed_id, "--user", "ann", "--password-stdin", stdin=PASSWORDS["basic"] + "\r\n")
    assert byline("refresh").stdout.endswith("0 failed\n")
    assert byline("login", feed_id, ok=False).returncode == 2
