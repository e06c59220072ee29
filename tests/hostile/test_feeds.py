"""Hostile feed documents: entity bombs, XXE, caps, broken parsers, encodings, junk, dates, size.

Every case ends in a clear per-feed error or a sensible stored feed; memory and
time are bounded (measured in a child process where the number matters).
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import zstandard

from reader.cli import main as cli_main
from reader.core.errors import BylineError, NotAFeedError, ParseError
from reader.core.feeds import entries as feed_entries
from reader.core.feeds import fields
from reader.core.feeds.parse import parse_feed
from reader.core.library import Library
from reader.core.models import FeedStatus
from reader.core.storage.fts import register_functions, unpack_html

REPO = Path(__file__).resolve().parents[2]


# --- helpers -------------------------------------------------------------------------------


def rss(items: str, title: str = "Hostile", prolog: str = "", encoding: str = "utf-8") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>{prolog}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://hostile.example.org/</link>{items}</channel></rss>"
    ).encode()


def item(n: int | str, title: str | None = None, body: str = "<p>body</p>", extra: str = "") -> str:
    return (
        f"<item><title>{title if title is not None else f'Entry {n}'}</title><guid>g-{n}</guid>"
        f"<link>https://hostile.example.org/{n}</link><description>{html.escape(body)}</description>{extra}</item>"
    )


def run_child(code: str, *args: str, timeout: float = 120) -> tuple[int, str, str]:
    """Run ``python -c code args``; return (exit code, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, out.decode(), err.decode()


_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t0 = time.monotonic()\n"
    "rc = subprocess.call([sys.executable, '-m', 'reader', *sys.argv[2:]])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "json.dump([rc, usage.ru_maxrss / 1024, time.monotonic() - t0], open(sys.argv[1], 'w'))\n"
)


def run_cli_measured(tmp_path: Path, *args: str, timeout: float = 300) -> tuple[int, str, str, float, float]:
    """Run ``python -m reader args``; return (exit code, stdout, stderr, its own peak RSS in MB, seconds).

    The CLI is started by a small wrapper that reports its child's usage: Linux keeps
    ru_maxrss across exec, so a process forked straight from this (large) pytest
    process would report pytest's size instead of its own.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out_path, err_path, report = tmp_path / "cli.out", tmp_path / "cli.err", tmp_path / "cli.json"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        try:
            subprocess.run(
                [sys.executable, "-c", _MEASURE, str(report), *args],
                stdout=out, stderr=err, env=env, cwd=REPO, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"byline {' '.join(args)} ran longer than {timeout} s") from exc
    code, peak_mb, elapsed = json.loads(report.read_text())
    return code, out_path.read_text(), err_path.read_text(), peak_mb, elapsed


def all_stored_text(data_dir: Path) -> str:
    """Every value in every table of the library file, as one string."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    register_functions(conn)  # article_fts reads its text through them
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")]
        parts: list[str] = []
        for table in tables:
            if table.startswith("article_fts_"):
                continue  # FTS shadow tables: the FTS table itself is read below
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(_readable(v) for v in row if v is not None)
        return "\n".join(parts)
    finally:
        conn.close()


def _readable(value: object) -> str:
    """A stored value as text: compressed bodies unpacked, other blobs as they are."""
    if isinstance(value, bytes):
        try:
            return unpack_html(value)
        except zstandard.ZstdError:  # an icon or other binary: not a body
            return str(value)
    return str(value)


def add_file(library: Library, tmp_path: Path, body: bytes, name: str = "feed.xml") -> int:
    path = tmp_path / name
    path.write_bytes(body)
    return library.add_feed(str(path)).feed.id


# --- entity expansion ------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    + "]>"
)


def quadratic_blowup() -> str:
    big = "A" * 200_000
    return f'<!DOCTYPE q [<!ENTITY big "{big}">]>'


BOMB_CODE = r"""
import resource, sys, time
from reader.core.feeds.parse import parse_feed
body = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    feed = parse_feed(body)
    outcome = "parsed %d %d" % (len(feed.entries), max([len(e.content) + len(e.title) for e in feed.entries] or [0]))
except Exception as err:
    outcome = "error %s: %s" % (type(err).__name__, err)
print(outcome)
print(time.monotonic() - started)
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big
# pytest process would report the parent's size.
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) // 1024)
"""


@pytest.mark.parametrize(
    "name, prolog, refs",
    [
        ("billion-laughs", BILLION_LAUGHS, "&lol9;"),
        ("quadratic", quadratic_blowup(), "&big;" * 2000),
        ("billion-laughs-after-comment", "<!-- hi -->" + BILLION_LAUGHS, "&lol9;"),
    ],
)
def test_entity_bombs_are_defused_fast_and_small(tmp_path: Path, name: str, prolog: str, refs: str) -> None:
    body = rss(f"<item><title>T {refs}</title><guid>g</guid><description>{refs}</description></item>", prolog=prolog)
    path = tmp_path / f"{name}.xml"
    path.write_bytes(body)
    code, out, err = run_child(BOMB_CODE, str(path))
    assert code == 0, err
    outcome, seconds, peak_mb = out.splitlines()
    assert float(seconds) < 5.0, outcome
    assert int(peak_mb) < 300, f"{name}: peak {peak_mb} MB"
    if outcome.startswith("parsed"):
        longest = int(outcome.split()[2])
        assert longest < len(body) * 2, f"{name}: an entity was expanded ({longest} chars)"
    else:
        assert outcome.startswith("error ParseError"), outcome


def test_billion_laughs_in_utf16_is_defused(tmp_path: Path) -> None:
    body = rss("<item><title>&lol9;</title><guid>g</guid></item>", prolog=BILLION_LAUGHS, encoding="utf-16")
    wide = body.decode("utf-8").encode("utf-16")
    started = time.monotonic()
    try:
        feed = parse_feed(wide)
    except ParseError:
        pass
    else:
        assert all("lollol" not in e.title for e in feed.entries)
    assert time.monotonic() - started < 5.0


@pytest.mark.parametrize("fmt", ["rss", "atom", "param-entity"])
def test_xxe_never_reads_local_files(tmp_path: Path, library: Library, fmt: str) -> None:
    secret = tmp_path / "secret.txt"
    marker = "TOPSECRET-7f3a9c"
    secret.write_text(f"{marker}\n")
    passwd = Path("/etc/passwd")
    leaks = [marker] + ([line for line in passwd.read_text().splitlines()[:1] if line] if passwd.exists() else [])
    doctype = (
        f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY pw SYSTEM "file:///etc/passwd">]>'
        if fmt != "param-entity"
        else f'<!DOCTYPE r [<!ENTITY % ext SYSTEM "{secret.as_uri()}"> %ext; <!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    if fmt == "atom":
        body = (
            f'<?xml version="1.0"?>{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>A &xxe; &pw;</title>'
            '<id>urn:x</id><entry><id>urn:e1</id><title>E &xxe; &pw;</title>'
            '<content type="html">C &xxe; &pw;</content><author><name>&pw;</name></author></entry></feed>'
        ).encode()
    else:
        body = rss(item(1, title="E &xxe; &pw;", extra="<author>&pw;</author>").replace("&lt;p&gt;body", "&xxe; &pw;"),
                   title="A &xxe; &pw;", prolog=doctype)
    feed_id = add_file(library, tmp_path, body)
    stored = all_stored_text(library.data_dir)
    for leak in leaks:
        assert leak not in stored
    for article in library.articles(feed_id=feed_id):
        rendered = library.render(article.id)
        for leak in leaks:
            assert leak not in rendered.html and leak not in rendered.text and leak not in article.title


# --- caps --------------------------------------------------------------------------------------


def test_entries_title_and_body_are_capped(tmp_path: Path, library: Library) -> None:
    huge_title = "T" * 1_000_000
    huge_body = "<p>" + "b" * 3_000_000 + "</p>"
    items = item("big", title=huge_title, body=huge_body) + "".join(item(i) for i in range(6000))
    started = time.monotonic()
    result = library.add_feed(str(_write(tmp_path / "caps.xml", rss(items, title="F" * 1_000_000))))
    assert time.monotonic() - started < 60
    assert len(result.feed.title) <= fields.MAX_TITLE_CHARS
    articles = library.articles(feed_id=result.feed.id)
    assert len(articles) == feed_entries.MAX_ENTRIES == 5000
    big = next(a for a in articles if a.guid.endswith("g-big"))
    assert 0 < len(big.title) <= fields.MAX_TITLE_CHARS
    assert len(library.article(big.id).content) <= feed_entries.MAX_CONTENT_CHARS + 1000  # markup around the cut text
    assert len(library.render(big.id).html) <= feed_entries.MAX_CONTENT_CHARS + 1000


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.slow
def test_100k_entries_keep_5000_in_bounded_time() -> None:
    body = rss("".join(f"<item><title>E{i}</title><guid>g{i}</guid></item>" for i in range(100_000)))
    started = time.monotonic()
    feed = parse_feed(body)
    elapsed = time.monotonic() - started
    print(f"100k-entry feed ({len(body) / 1e6:.1f} MB): parsed in {elapsed:.1f} s, kept {len(feed.entries)}")
    assert len(feed.entries) == feed_entries.MAX_ENTRIES
    assert [e.guid for e in feed.entries[:3]] == ["g0", "g1", "g2"]  # the first ones, in document order
    assert elapsed < 45


# --- parser failures become per-feed errors ----------------------------------------------------------


@pytest.mark.parametrize("exc", [MemoryError(), RecursionError("maximum recursion depth exceeded"), ValueError("odd"),
                                 KeyError("k"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), AssertionError()])
def test_any_parser_exception_is_a_per_feed_error(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    path = _write(tmp_path / "f.xml", rss(item(1) + item(2)))
    feed_id = library.add_feed(str(path)).feed.id
    library.mark_read([library.articles(feed_id=feed_id)[0].id])
    library.mark_saved([library.articles(feed_id=feed_id)[1].id])
    before = [(a.id, a.title, a.read, a.saved) for a in library.articles(feed_id=feed_id)]
    path.write_bytes(rss(item(1) + item(2) + item(3)))  # changed, so it is parsed again

    import feedparser

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr(feedparser, "parse", explode)
    monkeypatch.setattr("reader.core.feeds.fastpath.walker.read_feed", explode)
    with pytest.raises(ParseError):
        parse_feed(path.read_bytes())
    results = list(library.refresh_iter([feed_id]))
    assert [r.status for r in results] == [FeedStatus.FAILED]
    assert results[0].error and "\n" not in results[0].error
    assert library.feed(feed_id).last_error == results[0].error
    assert [(a.id, a.title, a.read, a.saved) for a in library.articles(feed_id=feed_id)] == before
    monkeypatch.undo()
    monkeypatch.setenv("BYLINE_NETWORK", "loopback")
    results = list(library.refresh_iter([feed_id]))
    assert results[0].status is FeedStatus.UPDATED and results[0].new == 1
    assert library.feed(feed_id).last_error is None


def test_deeply_nested_markup_does_not_recurse(tmp_path: Path, library: Library) -> None:
    deep = "<div>" * 5_000 + "deep text" + "</div>" * 5_000  # see test_render for the cost of deeper bodies
    body = rss(item(1, body=deep) + "<item><title>x</title><guid>g-x</guid>" + "<x>" * 50_000 + "</x>" * 50_000 + "</item>")
    started = time.monotonic()
    feed_id = add_file(library, tmp_path, body)
    for a in library.articles(feed_id=feed_id):
        library.render(a.id)
    assert time.monotonic() - started < 30


# --- encodings ------------------------------------------------------------------------------------

ENCODING_CASES = {
    "invalid-utf8": rss(item(1, title="cafe")).replace(b"cafe", b"caf\xe9\xff\xfe"),
    "latin1-labelled-utf8": "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Caf\xe9</title>"
    "<item><title>Na\xefve</title><guid>n</guid></item></channel></rss>".encode("latin-1"),
    "utf8-labelled-latin1": rss(item(1, title="Cafe\u0301 \u2014 \u00fcber"), encoding="iso-8859-1"),
    "unknown-encoding": rss(item(1, title="Hello"), encoding="x-no-such-charset"),
    "utf16-no-declaration": rss(item(1, title="Wide \u00e9"))
    .replace(b'<?xml version="1.0" encoding="utf-8"?>', b"")
    .decode()
    .encode("utf-16-le"),
    "utf16-bom-odd-length": b"\xff\xfe" + rss(item(1)).decode().encode("utf-16-le")[:-1],
    "utf32-declared-utf8": rss(item(1, title="Thirty-two")).decode().encode("utf-32"),
    "nul-bytes": rss(item(1, title="nul\x00here").replace("\x00", "")).replace(b"nulhere", b"nul\x00here"),
    "shift-jis-labelled-utf8": rss(item(1, title="\u65e5\u672c\u8a9e")).decode().encode("shift_jis"),
}


@pytest.mark.parametrize("name", sorted(ENCODING_CASES))
def test_bad_and_mislabelled_encodings(tmp_path: Path, library: Library, name: str) -> None:
    body = ENCODING_CASES[name]
    try:
        result = library.add_feed(str(_write(tmp_path / "enc.xml", body)))
    except BylineError as err:
        assert isinstance(err, ParseError), err
        assert "\n" not in str(err)
        assert library.feeds() == []  # nothing stored half-way
        return
    articles = library.articles(feed_id=result.feed.id)
    for text in [result.feed.title] + [a.title for a in articles]:
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogates stored
    for a in articles:
        library.render(a.id).html.encode("utf-8")


def test_latin1_mislabelled_keeps_readable_text() -> None:
    feed = parse_feed(ENCODING_CASES["latin1-labelled-utf8"])
    assert feed.entries and feed.entries[0].title in ("Na\xefve", "Na\ufffdve")


def test_control_characters_never_reach_titles(tmp_path: Path, library: Library) -> None:
    """ESC sequences in a title would drive the user's terminal through ``byline articles``."""
    xml = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T\x1b]0;pwned\x07 \x1b[31mred</title>'
        b"<item><title>I\x1b[2J\x00x\x9bz</title><guid>c1</guid><author>a\x1bb</author>"
        b"<category>c\x1b[1m</category></item></channel></rss>"
    )
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J\u001b]0;x\u0007",
        "items": [{"id": "1", "title": "t\u001b[31m\u0000", "content_text": "b", "tags": ["t\u001b[1m"],
                   "authors": [{"name": "n\u009b1m"}]}],
    }
    for name, body in (("ctl.xml", xml), ("ctl.json", json.dumps(doc).encode())):
        feed_id = add_file(library, tmp_path, body, name)
        texts = [library.feed(feed_id).title]
        for a in library.articles(feed_id=feed_id):
            texts += [a.title, a.author or "", *a.categories]
        for text in texts:
            assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text), repr(text)
        assert any("red" in t for t in texts) or any("x" in t for t in texts)


# --- not feeds ----------------------------------------------------------------------------------------

NOT_FEEDS = {
    "html-page": (b"<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>", NotAFeedError),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89", ParseError),
    "json-object": (json.dumps({"status": "ok", "data": [1, 2, 3]}).encode(), ParseError),
    "json-array": (b"[1, 2, 3]", ParseError),
    "json-deep": (b'{"items":' + b"[" * 100_000 + b"]" * 100_000 + b"}", ParseError),
    "json-truncated": (b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "ti', ParseError),
    "empty": (b"", ParseError),
    "whitespace": (b" \n\t\r\n ", ParseError),
    "plain-text": (b"Service temporarily unavailable. Please try again later.", ParseError),
    "xml-not-feed": (b'<?xml version="1.0"?><config><setting name="a">1</setting></config>', ParseError),
    "gzip-bytes": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00\x86\xa6\x10\x36\x05\x00\x00\x00", ParseError),
}


@pytest.mark.parametrize("name", sorted(NOT_FEEDS))
def test_non_feed_bodies_are_refused_and_nothing_is_stored(tmp_path: Path, library: Library, name: str) -> None:
    body, expected = NOT_FEEDS[name]
    with pytest.raises(expected) as caught:
        parse_feed(body)
    assert str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(BylineError):
        library.add_feed(str(_write(tmp_path / "junk.bin", body)))
    assert library.feeds() == []
    assert library.articles() == []


def test_truncated_feed_keeps_what_was_complete(tmp_path: Path, library: Library) -> None:
    whole = rss(item(1) + item(2) + item(3))
    cut = whole[: whole.index(b"<item><title>Entry 3") + 25]
    feed_id = add_file(library, tmp_path, cut)
    titles = sorted(a.title for a in library.articles(feed_id=feed_id))
    assert titles[:2] == ["Entry 1", "Entry 2"]
    assert library.store.feed_states([feed_id])  # the feed exists and can be refreshed


def test_refresh_to_a_broken_body_keeps_articles(tmp_path: Path, library: Library) -> None:
    path = _write(tmp_path / "f.xml", rss(item(1) + item(2)))
    feed_id = library.add_feed(str(path)).feed.id
    before = [(a.id, a.title) for a in library.articles(feed_id=feed_id)]
    for junk, _ in NOT_FEEDS.values():
        path.write_bytes(junk)
        (result,) = library.refresh_iter([feed_id])
        assert result.status is FeedStatus.FAILED and result.error
        assert [(a.id, a.title) for a in library.articles(feed_id=feed_id)] == before


# --- identity ------------------------------------------------------------------------------------------


def test_duplicate_guids_store_one_article(tmp_path: Path, library: Library) -> None:
    dupes = "".join(
        f"<item><title>Copy {n}</title><guid>same</guid><description>v{n}</description></item>" for n in range(5)
    )
    path = _write(tmp_path / "dupe.xml", rss(dupes + item(9)))
    feed_id = library.add_feed(str(path)).feed.id
    articles = library.articles(feed_id=feed_id)
    assert sorted(a.guid.rsplit("/", 1)[-1] for a in articles) == ["g-9", "same"]
    assert next(a for a in articles if a.guid.endswith("same")).title == "Copy 0"
    path.write_bytes(rss(dupes.replace("Copy", "Again") + item(9)))
    (result,) = library.refresh_iter([feed_id])
    assert result.status is FeedStatus.UPDATED and result.new == 0
    assert len(library.articles(feed_id=feed_id)) == 2


# --- absurd dates -------------------------------------------------------------------------------------

RSS_DATES = [
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Wed, 31 Dec 1969 23:59:59 GMT",
    "Sun, 01 Jan 3000 00:00:00 +1400",
    "Thu, 01 Jan 1970 00:00:00 -1200",
    "not a date at all",
    "Tue, 99 Foo 2024 99:99:99 XYZ",
    "",
]
JSON_DATES = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59Z",
    "-0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2999-01-01T00:00:00Z",
    "2024-13-45T25:61:61Z",
]


def _check_dates_library(library: Library, feed_id: int, count: int) -> None:
    articles = library.articles(feed_id=feed_id)
    assert len(articles) == count
    now = time.time()
    for a in articles:
        if a.published is not None:
            assert 0 <= a.published.timestamp() <= now + 3 * 86400, a.published
        library.render(a.id)
        library.article(a.id)
    ids = [a.id for a in library.articles()]
    assert sorted(ids) == sorted(a.id for a in articles)  # listing works and sees them all
    for args in (["articles", "--json"], ["show", str(ids[0]), "--json"], ["articles"], ["search", "Dated"]):
        import io

        out, err = io.StringIO(), io.StringIO()
        code = cli_main(["--data-dir", str(library.data_dir), *args], out=out, err=err)
        assert code == 0, err.getvalue()
        if "--json" in args:
            json.loads(out.getvalue())


def test_absurd_rss_dates_are_stored_sensibly(tmp_path: Path, library: Library) -> None:
    items = "".join(
        f"<item><title>Dated {n}</title><guid>d{n}</guid><pubDate>{d}</pubDate></item>" for n, d in enumerate(RSS_DATES)
    )
    items += "<item><title>Dated atomish</title><guid>da</guid><pubDate>9999-12-31T23:59:59-14:00</pubDate></item>"
    feed_id = add_file(library, tmp_path, rss(items))
    _check_dates_library(library, feed_id, len(RSS_DATES) + 1)


def test_absurd_json_dates_are_stored_sensibly(tmp_path: Path, library: Library) -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Dates",
        "items": [
            {"id": f"j{n}", "title": f"Dated {n}", "content_text": "x", "date_published": d, "date_modified": d}
            for n, d in enumerate(JSON_DATES)
        ]
        + [{"id": "jn", "title": "Dated number", "content_text": "x", "date_published": -1e300}],
    }
    feed_id = add_file(library, tmp_path, json.dumps(doc).encode(), "dates.json")
    _check_dates_library(library, feed_id, len(JSON_DATES) + 1)


def test_absurd_atom_dates_are_stored_sensibly(tmp_path: Path, library: Library) -> None:
    entries = "".join(
        f"<entry><id>urn:a{n}</id><title>Dated {n}</title><updated>{d}</updated><published>{d}</published></entry>"
        for n, d in enumerate(JSON_DATES)
    )
    body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Dates</title><id>urn:f</id>{entries}</feed>'
    feed_id = add_file(library, tmp_path, body.encode(), "dates.atom")
    _check_dates_library(library, feed_id, len(JSON_DATES))


# --- a 50 MB feed through the command line -------------------------------------------------------------


@pytest.mark.slow
def test_50mb_feed_through_the_cli_has_bounded_memory(tmp_path: Path) -> None:
    para = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8 + "</p>\n"
    body = html.escape((para * (25_000 // len(para) + 1))[:25_000])
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>')
        for i in range(2000):
            f.write(f"<item><title>Big {i}</title><guid>big-{i}</guid><description>{body}</description></item>\n")
        f.write("</channel></rss>\n")
    size_mb = path.stat().st_size / 1e6
    assert size_mb > 50
    code, out, err, peak_mb, elapsed = run_cli_measured(tmp_path, "--data-dir", str(tmp_path / "data"), "add", str(path))
    print(f"50 MB feed ({size_mb:.1f} MB): exit {code}, peak RSS {peak_mb:.0f} MB, {elapsed:.1f} s")
    assert code in (0, 1), err
    lines = (out if code == 0 else err).strip().splitlines()
    assert len(lines) == 1, (out, err)
    if code == 0:
        assert lines[0].split("\t")[1] == "Big"
        assert err == ""
    assert "Traceback" not in err
    assert peak_mb < 1536
    assert elapsed < 180
