"""The lxml fast path against feedparser: same ParsedFeed, or a fallback."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest

from reader.core.errors import ParseError
from reader.core.feeds.dates import read_date
from reader.core.feeds.fastpath import walker as fastparse
from reader.core.feeds.parse import FastPathDeclined, parse_feed
from reader.core.models import ParsedFeed
from tests.conftest import corpus_files

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / "tests" / "data"
URL = "https://corpus.example/feeds/feed.xml"


def _documents(tmp: Path) -> list[tuple[str, bytes, str]]:
    """Every XML document of the differential run: name, body, url."""
    from bench.corpus import write_corpus

    docs = [(p.name, p.read_bytes(), URL) for p in corpus_files("feeds")]
    docs += [(p.name, p.read_bytes(), URL) for p in sorted(DATA.glob("parse_*"))]
    docs += [(p.name, p.read_bytes(), URL) for p in sorted((ROOT / "reader" / "resources" / "sample").glob("*"))]
    bench_url = "http://127.0.0.1:9/"
    write_corpus(tmp, n_feeds=20, n_entries=10, base_url=bench_url)
    docs += [(p.name, p.read_bytes(), bench_url + "feeds/" + p.name) for p in sorted((tmp / "feeds").glob("*"))]
    return [d for d in docs if not d[1].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")]


def _read(body: bytes, url: str, engine: str) -> ParsedFeed | str:
    try:
        return parse_feed(body, url=url, engine=engine)  # type: ignore[arg-type]
    except FastPathDeclined:
        raise
    except ParseError as err:
        return f"{type(err).__name__}: {err}"


def _differences(fast: ParsedFeed | str, slow: ParsedFeed | str) -> list[str]:
    if isinstance(fast, str) or isinstance(slow, str):
        return [] if fast == slow else [f"{fast!r} != {slow!r}"]
    found = [f"feed.{k}" for k in ("kind", "title", "site_url", "description", "icon_url", "problem", "ttl_seconds")
             if getattr(fast, k) != getattr(slow, k)]
    if len(fast.entries) != len(slow.entries):
        found.append(f"{len(fast.entries)} entries != {len(slow.entries)}")
    for i, (a, b) in enumerate(zip(fast.entries, slow.entries, strict=True)):
        found += [f"entry {i} {k}: {getattr(a, k)!r:.80} != {getattr(b, k)!r:.80}"
                  for k in a.__dataclass_fields__ if getattr(a, k) != getattr(b, k)]
    return found


def test_fast_path_matches_feedparser(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _documents(tmp_path)
    fast_names, declined = [], []
    problems: dict[str, list[str]] = {}
    for name, body, url in docs:
        try:
            fast = _read(body, url, "fast")
        except FastPathDeclined:
            declined.append(name)
            continue
        fast_names.append(name)
        diff = _differences(fast, _read(body, url, "feedparser"))
        if diff:
            problems[name] = diff
    with capsys.disabled():
        print(f"\nfast path: {len(fast_names)} of {len(docs)} XML documents; feedparser: {len(declined)}")
    assert not problems, problems
    assert len(fast_names) >= len(docs) // 2  # the bench corpus and most plain feeds go fast
    assert all(n.endswith(".xml") for n in fast_names if n[:4].isdigit())  # every generated feed


def test_auto_equals_feedparser_on_the_corpus() -> None:
    for path in corpus_files("feeds")[:40]:
        body = path.read_bytes()
        assert _differences(_read(body, URL, "auto"), _read(body, URL, "feedparser")) == []


# --- the fast path's own decisions ---------------------------------------------------


def _rss(items: str = '<item><guid isPermaLink="false">1</guid><title>t</title></item>', head: str = "") -> bytes:
    return f'{head}<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def test_plain_rss_goes_fast() -> None:
    feed = parse_feed(_rss(), url=URL, engine="fast")
    assert feed.entries[0].guid == "1" and feed.title == "T"
    assert feed == parse_feed(_rss(), url=URL, engine="feedparser")


@pytest.mark.parametrize(
    "body",
    [
        _rss("<item><title>a & b</title></item>"),  # not well-formed
        _rss("<item><title>&nbsp;</title></item>"),  # undefined entity
        _rss(head='<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://x/rss.dtd">'),  # a DOCTYPE
        b"<opml version='2.0'><body/></opml>",  # unknown root
        b'<feed xmlns="http://purl.org/atom/ns#" version="0.3"><title>x</title></feed>',  # Atom 0.3
        _rss("<item><guid>1</guid><media:group xmlns:media='http://search.yahoo.com/mrss/'/></item>"),
        _rss("<item><guid>1</guid><description><p>child element</p></description></item>"),
        _rss("<item><guid>1</guid><content:title xmlns:content='http://purl.org/dc/elements/1.1/'>odd</content:title></item>"),
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div>x</div></content></entry></feed>',
        '<?xml version="1.0" encoding="koi8-r"?><rss><channel><title>Пример</title></channel></rss>'.encode("koi8-r"),
    ],
)
def test_declines(body: bytes) -> None:
    with pytest.raises(FastPathDeclined):
        parse_feed(body, url=URL, engine="fast")
    parse_feed_or_error = _read(body, URL, "auto")
    assert parse_feed_or_error == _read(body, URL, "feedparser")


def test_xml_base_without_a_url_declines() -> None:
    body = b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.example/"><entry><id>1</id></entry></feed>'
    with pytest.raises(FastPathDeclined):
        parse_feed(body, engine="fast")
    fast = parse_feed(body, url=URL, engine="fast")
    assert fast.entries[0].guid == "http://a.example/1"  # an Atom id resolves like a link, as in feedparser
    assert fast == parse_feed(body, url=URL, engine="feedparser")


def test_entity_bomb_is_never_expanded() -> None:
    body = _rss("<item><title>&a;</title></item>", head='<!DOCTYPE rss [<!ENTITY a "' + "x" * 100 + '">]>')
    started = time.perf_counter()
    assert fastparse.read_feed(body, None, False, URL) is None  # lxml refuses the undefined entity
    assert time.perf_counter() - started < 1


def test_mojibake_and_cp1252_repairs_match() -> None:
    titles = ["CafÃ© crÃ¨me", "plain café", "\u0093quoted\u0094", "日本語"]
    items = "".join(f"<item><guid>{i}</guid><title>{t}</title></item>" for i, t in enumerate(titles))
    body = _rss(items).replace(b"<rss", b'<?xml version="1.0" encoding="utf-8"?><rss', 1)
    fast = parse_feed(body, url=URL, engine="fast")
    assert _differences(fast, parse_feed(body, url=URL, engine="feedparser")) == []
    assert fast.entries[0].title == "Café crème"


# --- dates ---------------------------------------------------------------------------


def test_dates_match_feedparser_where_feedparser_is_right() -> None:
    """Real dates read as feedparser reads them; impossible ones it rolls over are no date (feeds.dates)."""
    from feedparser.datetimes import _parse_date

    rng = random.Random(7)
    samples = ["Sun, 06 Nov 1994 08:49:37 EST", "2003-12-13T18:30:02+01:00", "2003-12-13"]
    for _ in range(300):
        moment = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(2_000_000_000))
        zone = timezone(timedelta(minutes=rng.choice([0, 60, -300, 330, -570])))
        samples.append(format_datetime(moment.astimezone(zone), usegmt=zone.utcoffset(None) == timedelta(0)))
        samples.append(moment.astimezone(zone).isoformat().replace("+00:00", rng.choice(["Z", "+00:00"])))
    for text in samples:
        expected = _parse_date(text)
        assert expected is not None
        assert read_date(text) == datetime(*expected[:6], tzinfo=UTC), text
    for rolled_over in ["2023-02-30T10:00:00Z", "Mon, 31 Feb 2023 10:00:00 GMT", "Tue, 1 Jan 0001 00:00:00 +0100",
                        "9999-12-31T23:59:59-05:00", "", "garbage"]:
        assert read_date(rolled_over) is None, rolled_over


def test_a_fast_path_crash_falls_back_to_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(fastparse, "read_feed", crash)
    body = _rss()
    assert parse_feed(body, url=URL) == parse_feed(body, url=URL, engine="feedparser")
    with pytest.raises(FastPathDeclined):
        parse_feed(body, url=URL, engine="fast")
