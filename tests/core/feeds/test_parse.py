"""parse_feed: every format to one shape, hostile input to ParseError."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reader.core.errors import NotAFeedError, ParseError
from reader.core.feeds import entries as feed_entries
from reader.core.feeds import fields
from reader.core.feeds.fields import plain_text
from reader.core.feeds.parse import parse_feed
from reader.core.feeds.prolog import strip_doctype
from reader.core.models import Enclosure, FeedKind, ParsedFeed
from tests.conftest import corpus_files

DATA = Path(__file__).resolve().parents[2] / "data"
FEED_URL = "https://host.example/feeds/main.xml"
UTC = UTC


def load(name: str, url: str | None = FEED_URL, content_type: str | None = None) -> ParsedFeed:
    return parse_feed((DATA / name).read_bytes(), url=url, content_type=content_type)


def rss(items: str, channel: str = "<title>T</title>") -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


def json_feed(items: list[object], **feed: object) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", **feed, "items": items}).encode()


# --- formats -------------------------------------------------------------------------


def test_rss20_feed_fields() -> None:
    feed = load("parse_rss20.xml")
    assert feed.kind is FeedKind.RSS
    assert feed.title == "The Harbour & Tide Gazette"
    assert feed.site_url == "https://host.example/news/"
    assert feed.description == "Local news from the harbour."
    assert feed.icon_url == "https://host.example/static/logo.png"
    assert feed.ttl_seconds == 45 * 60
    assert feed.problem is None


def test_rss20_full_item() -> None:
    first = load("parse_rss20.xml").entries[0]
    assert first.guid == "gazette-1001"  # whitespace stripped
    assert first.title == "Ferry timetable changes for the winter"
    assert first.url == "https://gazette.example/news/ferry-winter"
    assert first.author == "Ana Ribeiro"  # "email (Name)" -> Name, long TLD intact
    assert first.published == datetime(2023, 1, 3, 8, 30, tzinfo=UTC)
    assert first.content == '<p>The <a href="/ferries">ferry</a> now leaves at 7:15.</p>'
    assert first.content_is_html
    assert first.summary == "Short summary of the ferry changes."
    assert first.base_url == "https://gazette.example/news/ferry-winter"
    assert first.categories == ("Transport", "Winter")
    assert first.enclosures == (Enclosure("https://host.example/audio/ferry.mp3", "audio/mpeg", 123456),)


def test_rss20_fallbacks_and_duplicates() -> None:
    entries = load("parse_rss20.xml").entries
    by_title = {e.title: e for e in entries}
    lighthouse = by_title["Lighthouse repainted"]
    assert lighthouse.guid == lighthouse.url == "https://host.example/news/lighthouse"
    assert lighthouse.author == "The News Desk"  # the channel's editor
    assert lighthouse.summary == "" and lighthouse.content == "<p>Red and white again.</p>"
    untitled = entries[2]
    assert untitled.title == "The harbour master says the new pontoon opens in spring,…"
    assert len(untitled.guid) == 40 and int(untitled.guid, 16) >= 0
    assert untitled.published is None and untitled.url is None
    # the repeated guid keeps the first item only
    assert [e.guid for e in entries].count("gazette-1001") == 1
    assert "Ferry timetable (repeated guid)" not in by_title


def test_absurd_dates_become_none() -> None:
    by_title = {e.title: e for e in load("parse_rss20.xml").entries}
    assert by_title["Ancient and future dates"].published is None
    assert by_title["From the future"].published is None


def test_dates_near_now() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    tomorrow, next_week = now + timedelta(days=1), now + timedelta(days=7)
    body = json_feed(
        [
            {"id": "a", "title": "a", "date_published": tomorrow.isoformat()},
            {"id": "b", "title": "b", "date_published": next_week.isoformat()},
            {"id": "c", "title": "c", "date_published": "1969-12-31T23:59:59Z"},
        ]
    )
    dates = [e.published for e in parse_feed(body).entries]
    assert dates == [tomorrow, None, None]


def test_rss10() -> None:
    feed = load("parse_rss10.rdf")
    assert feed.kind is FeedKind.RDF
    assert feed.ttl_seconds == 86400 // 2  # sy: daily, twice
    (entry,) = feed.entries
    assert entry.title == "A comet over the bay"
    assert entry.author == "Ivo Petrov"
    assert entry.published == datetime(2022, 11, 20, 3, 10, tzinfo=UTC)  # dc:date
    assert entry.categories == ("Comets",)
    assert entry.content == "Visible before dawn <em>this week</em>."


def test_rss091_with_netscape_doctype() -> None:
    feed = load("parse_rss091.xml")
    assert feed.kind is FeedKind.RSS
    assert feed.title == "Café Society Weekly"
    assert feed.icon_url == "http://cafe.example/cup.gif"
    assert [e.url for e in feed.entries] == ["http://cafe.example/1999/espresso.html"]


def test_atom10_xml_base_and_relative_links() -> None:
    feed = load("parse_atom10.xml")
    assert feed.kind is FeedKind.ATOM
    assert feed.title == "Atlas Field Notes"  # type="html" title to text
    assert feed.site_url == "https://atlas.example/blog/"
    assert feed.icon_url == "https://atlas.example/favicon.ico"
    ridge, river = feed.entries
    assert ridge.title == "Ridge walk & picnic"
    assert ridge.url == "https://atlas.example/blog/posts/ridge-walk"
    assert ridge.base_url == "https://atlas.example/blog/"
    assert ridge.enclosures == (Enclosure("https://atlas.example/blog/media/ridge.gpx", "application/gpx+xml", 2048),)
    assert ridge.author == "Mara Quist"  # inherited from the feed
    assert ridge.published == datetime(2023, 2, 27, 13, 0, tzinfo=UTC)
    assert ridge.updated == datetime(2023, 2, 28, 10, 0, tzinfo=UTC)
    assert ridge.categories == ("Walks", "food")
    assert ridge.summary == "A short walk along the ridge."
    assert river.url == "https://atlas.example/archive/2022/river"
    assert river.base_url == "https://atlas.example/archive/2022/"
    assert river.author == "Tomas Ek, Li Wen"
    assert river.content == "Rivers <are> not HTML here."
    assert river.content_is_html is False
    assert river.published == river.updated  # only <updated>: it stands in


def test_atom03() -> None:
    feed = load("parse_atom03.xml")
    assert feed.kind is FeedKind.ATOM
    (entry,) = feed.entries
    assert entry.guid == "tag:diary.example,2004:first"
    assert entry.published == datetime(2004, 5, 1, 8, 0, tzinfo=UTC)
    assert entry.content == "<p>Hello from 2004.</p>"
    assert entry.author == "Pim"


def test_json_feed_10() -> None:
    feed = load("parse_jsonfeed10.json")
    assert feed.kind is FeedKind.JSON
    assert feed.site_url == "https://radio.example/"
    assert feed.icon_url == "https://host.example/icon-512.png"
    assert feed.ttl_seconds is None
    tides, winds = feed.entries
    assert tides.url == "https://host.example/episodes/12"
    assert tides.content_is_html is False and "<b>moons</b>" in tides.content
    assert tides.author == "Pocket Radio Team"
    assert tides.published == datetime(2023, 4, 2, 7, 0, tzinfo=UTC)
    assert tides.categories == ("science", "sea")
    assert tides.enclosures == (Enclosure("https://host.example/audio/12.mp3", "audio/mpeg", 9_000_000),)
    assert winds.guid == "11"  # numeric id as text
    assert winds.title.startswith("Notes for the episode about winds")
    assert winds.published == datetime(2023, 3, 26, 5, 0, 0, 250000, tzinfo=UTC)


def test_json_feed_11_authors() -> None:
    first, second = load("parse_jsonfeed11.json").entries
    assert first.author == "Rui Costa, Hana Ito"
    assert first.title == "Bookbinding & you"
    assert first.content == "<p>Stitching.</p>" and first.content_is_html
    assert first.summary == "How to stitch a book."
    assert first.updated == datetime(2023, 5, 2, 11, 30, tzinfo=UTC)
    assert second.author == "Editors"
    assert second.content_is_html is False


def test_json_feed_wrong_types_are_ignored() -> None:
    feed = load("parse_jsonfeed_wrong_types.json")
    assert feed.title == "host.example" and feed.site_url is None and feed.description == ""
    by_guid = {e.guid: e for e in feed.entries}
    w1 = by_guid["w1"]
    assert w1.title == "(untitled)" and w1.url is None and w1.published is None and w1.updated is None
    assert w1.author == "Kept Name"
    assert w1.categories == ()
    assert [e.url for e in w1.enclosures] == ["https://files.example/a.pdf", "https://files.example/b.pdf"]
    assert w1.enclosures[0].length is None and w1.enclosures[1].length == 10 and w1.enclosures[1].type is None
    assert by_guid["2.5"].title == "float id"
    assert by_guid["https://wrong.example/bool"].title == "boolean id"  # bool id ignored, link used
    assert len(feed.entries) == 3  # the null item and the string item are dropped


# --- guids ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("parse_*")))
def test_guids_are_stable(name: str) -> None:
    first = [e.guid for e in load(name).entries]
    again = [e.guid for e in load(name).entries]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(first)


def test_derived_guid_depends_on_content() -> None:
    one = parse_feed(rss("<item><description>alpha</description></item>")).entries[0].guid
    two = parse_feed(rss("<item><description>beta</description></item>")).entries[0].guid
    assert one != two


def test_missing_dates_stay_none() -> None:
    (entry,) = parse_feed(rss("<item><title>x</title><guid>g</guid></item>")).entries
    assert entry.published is None and entry.updated is None


# --- titles --------------------------------------------------------------------------


def test_html_title_google_alerts_style() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Alert</title><entry><id>1</id>'
        b'<title type="html">&lt;b&gt;Slack&lt;/b&gt;&amp;#39;s stock &amp;amp; the&lt;br&gt;numbers</title></entry></feed>'
    )
    assert parse_feed(body).entries[0].title == "Slack's stock & the numbers"


def test_plain_text() -> None:
    assert plain_text("  a\n\t b  ") == "a b"
    assert plain_text("<p>One</p><p>Two</p>") == "One Two"
    assert plain_text("1 < 2 &amp; 3 > 2") == "1 < 2 & 3 > 2"
    assert plain_text("<i>x</i>", is_html=False) == "<i>x</i>"
    assert plain_text("x" * 5000) == "x" * fields.MAX_TITLE_CHARS


# --- hostile and broken input -------------------------------------------------------


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};") * 10}">' for i in range(1, 12)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{entities}\n<!-- ]> -->\n]>\n'
        '<rss version="2.0"><channel><title>Bomb &lol11;</title>'
        "<item><guid>1</guid><title>t &lol11;</title><description>&lol11;</description></item></channel></rss>"
    ).encode()


def _quadratic_blowup() -> bytes:
    # one "safe" 20 kB entity used 10,000 times: 200 MB once expanded
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "{"x" * 20_000}">\n]>\n'
        '<rss version="2.0"><channel><title>q</title><item><guid>1</guid><title>t</title>'
        f"<description>{'&a;' * 10_000}</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("make", [_billion_laughs, _quadratic_blowup])
def test_entity_bombs_are_not_expanded(make: Callable[[], bytes]) -> None:
    body = make()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        feed = parse_feed(body)
    except ParseError:
        pass
    else:
        assert all(len(e.title) < 100 and len(e.content) <= len(body) for e in feed.entries)
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB


def test_strip_doctype() -> None:
    assert strip_doctype(b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a ">]">]>\n<x/>') == b'<?xml version="1.0"?>\n\n<x/>'
    assert strip_doctype(b"<!-- c --><!DOCTYPE rss SYSTEM 'a>b'><rss/>") == b"<!-- c --><rss/>"
    body = b"<rss><!DOCTYPE kept></rss>"
    assert strip_doctype(body) == body  # only the prolog is touched


def test_never_reads_a_path_or_url(tmp_path: Path) -> None:
    local = tmp_path / "feed.xml"
    local.write_bytes(rss("<item><guid>secret</guid></item>"))
    for body in (str(local).encode(), local.as_uri().encode(), b"http://127.0.0.1:9/feed.xml"):
        with pytest.raises(ParseError):
            parse_feed(body)


def test_not_a_feed_html() -> None:
    body = b"<!DOCTYPE html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(NotAFeedError, match="web page"):
        parse_feed(body, url="https://shop.example/")


def test_other_xml_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="not an RSS, Atom or JSON feed"):
        parse_feed(b"<?xml version='1.0'?><note><to>Ana</to></note>")


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_empty_document(body: bytes) -> None:
    with pytest.raises(ParseError, match="empty document"):
        parse_feed(body)


def test_valid_feed_without_entries() -> None:
    feed = parse_feed(rss("", "<title>Quiet</title><link>https://quiet.example/</link>"))
    assert feed.entries == () and feed.title == "Quiet"


def test_untitled_feed_falls_back_to_host() -> None:
    assert parse_feed(rss("", "<link>https://quiet.example/x</link>")).title == "quiet.example"
    assert parse_feed(rss("", ""), url="https://feeds.example/a.xml").title == "feeds.example"


def test_malformed_feed_reports_problem() -> None:
    body = rss("<item><guid>1</guid><title>ok</title></item><item><guid>2</guid><title>bad & worse</title></item>")
    feed = parse_feed(body)
    assert feed.problem and "line 1" in feed.problem
    assert [e.guid for e in feed.entries] == ["1", "2"]


def test_invalid_json() -> None:
    with pytest.raises(ParseError, match="invalid or incomplete JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "cut')


def test_rss_in_json_is_refused() -> None:
    body = json.dumps({"rss": {"version": "2.0", "channel": {"title": "S", "item": []}}}).encode()
    with pytest.raises(ParseError, match="RSS-in-JSON"):
        parse_feed(body)


@pytest.mark.parametrize("body", [b"[1, 2]", b'{"title": "no items"}', b"{" * 100_000])
def test_json_that_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(body, content_type="application/feed+json")


def test_json_detected_by_content_type() -> None:
    body = b'\n {"version": "https://jsonfeed.org/version/1", "items": [{"id": "x", "title": "y"}]}'
    assert parse_feed(body, content_type="application/json").kind is FeedKind.JSON


# --- encodings -----------------------------------------------------------------------


def test_declared_latin1_but_utf8_bytes() -> None:
    body = '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Euro € café</title></channel></rss>'
    assert parse_feed(body.encode("utf-8")).title == "Euro € café"


def test_undeclared_latin1_bytes() -> None:
    body = '<rss version="2.0"><channel><title>Notícias de São Paulo</title></channel></rss>'
    assert parse_feed(body.encode("iso-8859-1")).title == "Notícias de São Paulo"


def test_charset_from_content_type_when_undeclared() -> None:
    body = '<rss version="2.0"><channel><title>Пример ленты</title></channel></rss>'.encode("koi8-r")
    assert parse_feed(body, content_type="text/xml; charset=KOI8-R").title == "Пример ленты"


def test_utf16_with_doctype() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY e "x">]><rss version="2.0"><channel><title>Ünïcode</title></channel></rss>'
    assert parse_feed(text.encode("utf-16")).title == "Ünïcode"


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("rss-parser__uolNoticias.rss", "Notícias"),
        ("miniflux__encoding__koi8r.xml", "Пример"),
        ("miniflux__encoding__windows-1252-incorrect-prolog.xml", "€"),
        ("miniflux__encoding__utf8-incorrect-prolog.xml", "테스트"),
        ("rss-parser__encoding.rss", "Notícias"),
    ],
)
def test_corpus_encodings(corpus_dir: Path, name: str, word: str) -> None:
    feed = parse_feed((corpus_dir / "feeds" / name).read_bytes())
    text = " ".join([feed.title, feed.description, *(e.title for e in feed.entries)])
    assert word in text
    assert "Ã" not in text and "â€" not in text and "\ufffd" not in text


# --- caps ----------------------------------------------------------------------------


def test_entry_cap_keeps_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [{"id": str(i), "title": f"n{i}"} for i in range(feed_entries.MAX_ENTRIES + 7)]
    entries = parse_feed(json_feed(items)).entries
    assert len(entries) == feed_entries.MAX_ENTRIES
    assert entries[0].guid == "0" and entries[-1].guid == str(feed_entries.MAX_ENTRIES - 1)
    monkeypatch.setattr(feed_entries, "MAX_ENTRIES", 2)
    assert [e.guid for e in parse_feed(rss("<item><guid>a</guid></item>" * 1 + "<item><guid>b</guid></item><item><guid>c</guid></item>")).entries] == ["a", "b"]


def test_title_and_body_caps() -> None:
    big = "x" * (feed_entries.MAX_CONTENT_CHARS + 10)
    (entry,) = parse_feed(json_feed([{"id": "1", "title": "word " * 1000, "content_html": big}])).entries
    assert len(entry.title) <= fields.MAX_TITLE_CHARS
    assert len(entry.content) == feed_entries.MAX_CONTENT_CHARS


# --- the corpus ----------------------------------------------------------------------


def _absolute_or_none(url: str | None) -> bool:
    if url is None:
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.parametrize("path", corpus_files("feeds"), ids=lambda p: p.name)
def test_corpus_feed(path: Path) -> None:
    try:
        feed = parse_feed(path.read_bytes(), url="https://corpus.example/feeds/" + path.name)
    except ParseError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert isinstance(feed, ParsedFeed) and isinstance(feed.title, str) and feed.title
    assert _absolute_or_none(feed.site_url) and _absolute_or_none(feed.icon_url)
    assert len({e.guid for e in feed.entries}) == len(feed.entries)
    for entry in feed.entries:
        assert entry.guid and isinstance(entry.guid, str)
        assert isinstance(entry.title, str) and entry.title and "<b>" not in entry.title
        for moment in (entry.published, entry.updated):
            assert moment is None or moment.utcoffset() == timedelta(0)
        assert _absolute_or_none(entry.url) and _absolute_or_none(entry.base_url)
        assert all(_absolute_or_none(e.url) for e in entry.enclosures)
        assert isinstance(entry.content, str) and isinstance(entry.summary, str)


def test_a_link_with_a_control_character_is_no_link_and_never_a_title() -> None:
    """Found by bench/fuzz.py: a NUL inside a link became part of the feed title derived from it."""
    body = (b"<rss version='2.0'><channel><link>http://cafe.examp\x00le/</link><item><title>x</title><guid>g</guid>"
            b"<link>http://cafe.example/\x01a</link></item></channel></rss>")
    for engine in ("auto", "feedparser"):
        parsed = parse_feed(body, url="https://fuzz.example/feed", engine=engine)  # type: ignore[arg-type]
        assert parsed.site_url is None and parsed.title == "fuzz.example"
        assert parsed.entries[0].url is None
