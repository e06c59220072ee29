"""OPML in and out: reading rules, refusals, limits, and the round trip."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree

from reader.core.errors import OPMLError
from reader.core.feeds.opml import (
    MAX_OUTLINES,
    UNTITLED_FOLDER,
    OPMLDocument,
    OutlineFeed,
    parse_opml,
    write_opml,
)
from tests.conftest import corpus_files

DATA = Path(__file__).resolve().parents[2] / "data"


def opml(body: str, *, head: str = "<head><title>t</title></head>", version: str = "2.0") -> bytes:
    """A small OPML document around ``body`` outlines."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="{version}">{head}<body>{body}</body></opml>'.encode()


def triples(document: OPMLDocument) -> set[tuple[tuple[str, ...], str, str]]:
    return {(feed.folder, feed.url, feed.title) for feed in document.feeds}


def round_trip(document: OPMLDocument) -> OPMLDocument:
    return parse_opml(write_opml(document.feeds, document.folders, title=document.title).encode("utf-8"))


def reasons(document: OPMLDocument) -> dict[str, str]:
    return dict(document.skipped)


# --- the mixed sample: every rule at once ----------------------------------------


def test_mixed_sample_feeds_folders_and_skips() -> None:
    doc = parse_opml((DATA / "opml_mixed.opml").read_bytes())

    assert doc.title == "Mixed sample"
    assert doc.feeds == (
        OutlineFeed("https://top.example/feed", "Top Title", (), "https://top.example/"),
        OutlineFeed("https://news.example/rss", "Daily & Weekly", ("News",), "https://news.example/"),
        OutlineFeed("https://world.example/atom", "World Wire", ("News", "World")),
        OutlineFeed("https://untitled.example/feed.xml", "untitled.example", ()),
        OutlineFeed("https://cat.example/feed", "Categorized", ("Tech", "Linux")),
        OutlineFeed("http://icon.example/feed", "Iconic", ("Icons",)),  # javascript: htmlUrl dropped
        OutlineFeed("https://orphan.example/feed", "Orphan", (UNTITLED_FOLDER,)),
    )
    assert doc.folders == (
        ("News",),
        ("News", "World"),
        ("Tech",),
        ("Tech", "Linux"),
        ("Icons",),
        (UNTITLED_FOLDER,),
    )
    assert [what for what, _ in doc.skipped] == [
        "Empty inside",  # no URL and nothing inside: not a folder (issue 12, item 5)
        "https://news.example/rss",
        "https://NEWS.example/rss",
        "exec:~/bin/fetch.sh",
        "|~/fetch_tweets.py",
        "file:///etc/passwd",
        "Nothing here",
        "https://lists.example/more.opml",
        "Unread",
    ]
    why = reasons(doc)
    assert why["https://news.example/rss"] == "duplicate"
    assert why["https://NEWS.example/rss"] == "duplicate"
    assert "runs a command" in why["exec:~/bin/fetch.sh"]
    assert "command" in why["|~/fetch_tweets.py"]
    assert "local file" in why["file:///etc/passwd"]
    assert why["Nothing here"] == "no URL"
    assert why["https://lists.example/more.opml"] == "OPML include not followed"
    assert "search folder" in why["Unread"]


def test_mixed_sample_round_trips() -> None:
    doc = parse_opml((DATA / "opml_mixed.opml").read_bytes())
    again = round_trip(doc)
    assert triples(again) == triples(doc)
    assert again.folders == doc.folders
    assert again.skipped == ()
    assert {f.url: f.site_url for f in again.feeds} == {f.url: f.site_url for f in doc.feeds}


# --- attributes ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["xmlUrl", "xmlurl", "xmlURL", "XMLURL", "XmlUrl"])
def test_xml_url_attribute_in_any_case(name: str) -> None:
    doc = parse_opml(opml(f'<outline text="F" {name}="https://a.example/feed"/>'))
    assert [f.url for f in doc.feeds] == ["https://a.example/feed"]


@pytest.mark.parametrize("name", ["htmlUrl", "HTMLurl", "htmlurl", "HTMLURL"])
def test_html_url_attribute_in_any_case(name: str) -> None:
    doc = parse_opml(opml(f'<outline text="F" xmlUrl="https://a.example/feed" {name}="https://a.example/"/>'))
    assert doc.feeds[0].site_url == "https://a.example/"


@pytest.mark.parametrize(
    ("attrs", "title"),
    [
        ('title="T" text="X"', "T"),
        ('TITLE="T" TEXT="X"', "T"),
        ('text="X"', "X"),
        ('title="" text="X"', "X"),
        ('title="   " text="  spaced \n  out "', "spaced out"),
        ("", "a.example"),
        ('title="" text=""', "a.example"),
    ],
)
def test_feed_title_falls_back_to_text_then_host(attrs: str, title: str) -> None:
    doc = parse_opml(opml(f'<outline type="rss" {attrs} xmlUrl="https://a.example:8080/feed"/>'))
    assert doc.feeds[0].title == title


def test_url_whitespace_trimmed() -> None:
    doc = parse_opml(opml('<outline text="F" xmlUrl="\n\t https://a.example/feed \n"/>'))
    assert doc.feeds[0].url == "https://a.example/feed"


def test_url_attribute_accepted_only_for_feed_types() -> None:
    doc = parse_opml(
        opml(
            '<outline type="rss" text="Feed" url="https://a.example/feed"/>'
            '<outline type="link" text="Page" url="https://b.example/"/>'
        )
    )
    assert [f.url for f in doc.feeds] == ["https://a.example/feed"]
    assert reasons(doc) == {"Page": "no URL"}


def test_namespaced_attributes_are_ignored() -> None:
    data = (
        b'<opml version="2.0" xmlns:x="urn:x"><body>'
        b'<outline text="Folder" x:xmlUrl="https://ns.example/feed">'
        b'<outline text="F" xmlUrl="https://a.example/feed" x:title="Namespaced"/>'
        b"</outline></body></opml>"
    )
    doc = parse_opml(data)
    assert doc.feeds == (OutlineFeed("https://a.example/feed", "F", ("Folder",)),)


def test_site_url_only_http() -> None:
    doc = parse_opml(
        opml(
            '<outline text="A" xmlUrl="https://a.example/f" htmlUrl=""/>'
            '<outline text="B" xmlUrl="https://b.example/f" htmlUrl="javascript:alert(1)"/>'
            '<outline text="C" xmlUrl="https://c.example/f" htmlUrl=" http://c.example/ "/>'
        )
    )
    assert [f.site_url for f in doc.feeds] == [None, None, "http://c.example/"]


# --- folders ----------------------------------------------------------------------------


def test_nested_outlines_become_nested_folders_in_document_order() -> None:
    doc = parse_opml(
        opml(
            '<outline text="A">'
            '  <outline text="A1"><outline text="f1" xmlUrl="http://x.example/1"/></outline>'
            '  <outline text="f2" xmlUrl="http://x.example/2"/>'
            "</outline>"
            '<outline text="B"><outline text="B1"><outline text="B2"/></outline></outline>'
            '<outline text="A"><outline text="f3" xmlUrl="http://x.example/3"/></outline>'
        )
    )
    assert doc.folders == (("A",), ("A", "A1"), ("B",), ("B", "B1"))
    assert doc.skipped == (("B2", "no URL"),)
    assert [(f.folder, f.title) for f in doc.feeds] == [(("A", "A1"), "f1"), (("A",), "f2"), (("A",), "f3")]


def test_folder_named_by_text_then_title_then_fallback() -> None:
    doc = parse_opml(
        opml(
            '<outline text="Shown" title="Hidden"><outline text="a" xmlUrl="http://x.example/a"/></outline>'
            '<outline title="Titled"><outline text="b" xmlUrl="http://x.example/b"/></outline>'
            '<outline><outline text="c" xmlUrl="http://x.example/c"/></outline>'
        )
    )
    assert [f.folder for f in doc.feeds] == [("Shown",), ("Titled",), (UNTITLED_FOLDER,)]


def test_empty_xml_url_with_children_is_a_folder() -> None:
    doc = parse_opml(opml('<outline text="Group" xmlUrl=""><outline text="a" xmlUrl="http://x.example/a"/></outline>'))
    assert doc.feeds[0].folder == ("Group",)
    assert doc.skipped == ()


def test_childless_outlines_without_url() -> None:
    doc = parse_opml(
        opml(
            '<outline text="Empty folder"/>'
            '<outline text="Typed folder" type="folder"></outline>'
            '<outline text="Empty URL" type="rss" xmlUrl=""/>'
            '<outline text="Typed, no URL" type="rss"/>'
            '<outline text="Blank URL" xmlUrl="   "/>'
            "<outline/>"
        )
    )
    assert doc.feeds == ()
    # an outline with no URL and no children is not a folder unless it says so
    assert doc.folders == (("Typed folder",),)
    assert doc.skipped == (
        ("Empty folder", "no URL"),
        ("Empty URL", "no URL"),
        ("Typed, no URL", "no URL"),
        ("Blank URL", "no URL"),
        ("(untitled outline)", "no URL"),
    )


def test_outlines_inside_a_feed_sit_beside_it() -> None:
    doc = parse_opml(
        opml(
            '<outline text="Dir"><outline text="Parent" xmlUrl="http://x.example/p">'
            '<outline text="Child" xmlUrl="http://x.example/c"/></outline></outline>'
        )
    )
    assert [(f.title, f.folder) for f in doc.feeds] == [("Parent", ("Dir",)), ("Child", ("Dir",))]
    assert doc.folders == (("Dir",),)


# --- categories -------------------------------------------------------------------------


def test_first_category_is_the_folder_at_top_level() -> None:
    doc = parse_opml(opml('<outline text="F" xmlUrl="http://x.example/f" category="/Tech/Linux,/News"/>'))
    assert doc.feeds[0].folder == ("Tech", "Linux")
    assert doc.folders == (("Tech",), ("Tech", "Linux"))


def test_category_without_slashes_is_a_one_level_folder() -> None:
    doc = parse_opml(opml('<outline xmlUrl="http://x.example/f" category=" tag one ,tag_two,tag/three"/>'))
    assert doc.feeds[0].folder == ("tag one",)


def test_real_folder_wins_over_category() -> None:
    doc = parse_opml(opml('<outline text="Dir"><outline text="F" xmlUrl="http://x.example/f" category="/Tech"/></outline>'))
    assert doc.feeds[0].folder == ("Dir",)
    assert doc.folders == (("Dir",),)


def test_empty_category_means_top_level() -> None:
    doc = parse_opml(opml('<outline text="F" xmlUrl="http://x.example/f" category=" / , "/>'))
    assert doc.feeds[0].folder == ()
    assert doc.folders == ()


# --- duplicates and refusals --------------------------------------------------------------


def test_duplicates_first_place_wins() -> None:
    doc = parse_opml(
        opml(
            '<outline text="One"><outline text="First" xmlUrl="https://dup.example/feed"/></outline>'
            '<outline text="Two"><outline text="Second" xmlUrl=" https://dup.example/feed "/></outline>'
            '<outline text="Third" xmlUrl="HTTPS://DUP.EXAMPLE/feed"/>'
            '<outline text="Different path" xmlUrl="https://dup.example/FEED"/>'
        )
    )
    assert [(f.title, f.folder) for f in doc.feeds] == [("First", ("One",)), ("Different path", ())]
    assert doc.skipped == (("https://dup.example/feed", "duplicate"), ("HTTPS://DUP.EXAMPLE/feed", "duplicate"))
    assert doc.folders == (("One",), ("Two",))


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("exec:~/bin/tweets.py", "command"),
        ("filter:~/bin/keep.pl:https://x.example/feed", "command"),
        ("|~/fetch.sh", "command"),
        ("file:///etc/passwd", "local file"),
        ("data:text/xml,<rss/>", "inline data"),
        ("javascript:alert(1)", "script"),
        ("query:unread:unread = \"yes\"", "query"),
        ("ftp://x.example/feed", "only http and https"),
        ("feed.example/rss", "only http and https"),
        ("https://", "host"),
        ("http://[::1", "not a valid URL"),
    ],
)
def test_unsafe_urls_are_skipped_with_reason(url: str, hint: str) -> None:
    escaped = url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    doc = parse_opml(opml(f'<outline text="Bad" xmlUrl="{escaped}"/><outline text="Good" xmlUrl="https://ok.example/"/>'))
    assert [f.url for f in doc.feeds] == ["https://ok.example/"]
    assert len(doc.skipped) == 1
    what, reason = doc.skipped[0]
    assert what == url
    assert hint in reason
    assert "\n" not in reason


def test_include_is_not_followed() -> None:
    doc = parse_opml(opml('<outline text="Sub list" type="include" url="http://lists.example/sub.opml"/>'))
    assert doc.feeds == ()
    assert doc.skipped == (("http://lists.example/sub.opml", "OPML include not followed"),)


def test_liferea_search_folders_and_rules_skipped() -> None:
    doc = parse_opml(
        opml(
            '<outline title="Unread" type="vfolder" id="x" unreadOnly="true">'
            '<outline type="rule" text="Unread" rule="unread" value="" additive="true"/>'
            "</outline>"
            '<outline type="rule" text="Stray rule" rule="flagged"/>'
        )
    )
    assert doc.feeds == () and doc.folders == ()
    assert [what for what, _ in doc.skipped] == ["Unread", "Stray rule"]
    assert all("not a subscription" in reason for _, reason in doc.skipped)


def test_tiny_tiny_rss_settings_skipped() -> None:
    doc = parse_opml(
        opml(
            '<outline text="F" xmlUrl="http://x.example/f"/>'
            '<outline text="tt-rss-prefs" schema-version="120"><outline pref-name="A" value="1"/></outline>'
        )
    )
    assert len(doc.feeds) == 1
    assert doc.folders == ()
    assert doc.skipped == (("tt-rss-prefs", "Tiny Tiny RSS settings, not subscriptions"),)


# --- document shapes -----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0", "3.7", "banana", ""])
def test_any_opml_version(version: str) -> None:
    doc = parse_opml(opml('<outline text="F" xmlUrl="http://x.example/f"/>', version=version))
    assert [f.url for f in doc.feeds] == ["http://x.example/f"]


def test_bom_blank_lines_and_comments_before_the_declaration() -> None:
    doc = parse_opml((DATA / "opml_bom_blankline.opml").read_bytes())
    assert doc.title == "Byte order mark"
    assert doc.feeds == (OutlineFeed("https://cafe.example/rss", "Café crème", ("Lecture",)),)


@pytest.mark.parametrize(
    "data",
    [
        b'<opml><body><outline text="F" xmlUrl="http://x.example/f"/></body></opml>',
        b'\xef\xbb\xbf<opml><body><outline text="F" xmlUrl="http://x.example/f"/></body></opml>',
        b'\r\n  \t<?xml version="1.0"?><opml><body><outline text="F" xmlUrl="http://x.example/f"/></body></opml>',
        b'<!-- c --><opml><!-- c --><body><outline text="F" xmlUrl="http://x.example/f"/><?pi x?></body></opml>',
        b'<!DOCTYPE opml><opml><body><outline text="F" xmlUrl="http://x.example/f"/></body></opml>',
        b'<opml xmlns="http://opml.org/spec2"><body><outline text="F" xmlUrl="http://x.example/f"/></body></opml>',
        b'<OPML><BODY><OUTLINE TEXT="F" XMLURL="http://x.example/f"/></BODY></OPML>',
    ],
    ids=["no-declaration", "bom", "blank-before-declaration", "comments-and-pi", "doctype", "default-ns", "upper"],
)
def test_lenient_document_shapes(data: bytes) -> None:
    doc = parse_opml(data)
    assert doc.feeds == (OutlineFeed("http://x.example/f", "F", ()),)
    assert doc.title == ""


@pytest.mark.parametrize(
    ("encoding", "title"),
    [("utf-16", "Ёж é 🦔"), ("iso-8859-1", "Été"), ("windows-1251", "Ёжик")],
)
def test_declared_encodings(encoding: str, title: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><opml><head><title>{title}</title></head>'
        f'<body><outline text="{title}" xmlUrl="http://x.example/f"/></body></opml>'
    )
    doc = parse_opml(text.encode(encoding))
    assert doc.title == title
    assert doc.feeds[0].title == title


def test_head_title_text_is_collapsed_and_optional() -> None:
    assert parse_opml(opml("", head="<head><title>\n  A\n  B \n</title></head>")).title == "A B"
    assert parse_opml(opml("", head="<head><text/></head>")).title == ""
    assert parse_opml(opml("", head="")).title == ""


def test_html_named_entities_are_repaired() -> None:
    data = b'<opml><body><outline text="arch&aelig;ology&nbsp;&amp;&#230;" xmlUrl="http://x.example/f?a=1&amp;b=2"/></body></opml>'
    doc = parse_opml(data)
    assert doc.feeds == (OutlineFeed("http://x.example/f?a=1&b=2", "archæology &æ", ()),)


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"<opml><body><outline text='x'></body></opml>", 1),
        (b"\n\n\n<opml><body></body></opml><opml/>", 4),
        (b"<opml xmlns><body/></opml>", 1),
        (b'<opml><body><outline text="a\x01b"/></body></opml>', 1),
        (b'<?xml version="1.0" encoding="utf-8"?><opml><body><outline text="\xff"/></body></opml>', 1),
    ],
    ids=["mismatch", "concatenated", "xmlns-no-value", "control-char", "bad-utf8"],
)
def test_malformed_xml_raises_with_line(data: bytes, line: int) -> None:
    """Recovery that finds no feed and no folder keeps the plain syntax error: nothing is read."""
    with pytest.raises(OPMLError, match=rf"^not well-formed XML at line {line}: \S") as info:
        parse_opml(data)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file.*<rss>"),
        (b"<html><body><outline xmlUrl='http://x.example/'/></body></html>", "not an OPML file"),
        (b"<opml version='2.0'><head><title>x</title></head></opml>", "no <body>"),
        (b"just text", "not well-formed"),
    ],
)
def test_not_opml_raises(data: bytes, match: str) -> None:
    with pytest.raises(OPMLError, match=match):
        parse_opml(data)


def test_entity_declarations_refused_without_expansion() -> None:
    laughs = b'<!DOCTYPE opml [<!ENTITY a "' + b"ha" * 50 + b'">'
    for level in range(1, 10):
        previous = b"&a;" if level == 1 else b"&a%d;" % (level - 1)
        laughs += b'<!ENTITY a%d "%s">' % (level, previous * 10)
    laughs += b']><opml><body><outline text="&a9;" xmlUrl="http://x.example/"/></body></opml>'
    started = time.perf_counter()
    with pytest.raises(OPMLError):
        parse_opml(laughs)
    assert time.perf_counter() - started < 1.0


def test_small_internal_entity_refused() -> None:
    data = b'<!DOCTYPE opml [<!ENTITY e "evil">]><opml><body><outline text="&e;" xmlUrl="http://x.example/"/></body></opml>'
    with pytest.raises(OPMLError, match="entities"):
        parse_opml(data)


def test_external_entity_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (
        f'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<opml><head><title>&xxe;</title></head><body><outline text="&xxe;" xmlUrl="http://x.example/"/></body></opml>'
    ).encode()
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert "TOP-SECRET" not in str(info.value)


def test_not_bytes_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_opml("<opml/>")  # type: ignore[arg-type]


# --- limits ------------------------------------------------------------------------------------


def flat_list(count: int) -> bytes:
    return opml("".join(f'<outline text="Feed {i}" xmlUrl="https://f{i % 97}.example/{i}"/>' for i in range(count)))


def nested_list(depth: int) -> bytes:
    return opml('<outline text="L">' * depth + '<outline text="Leaf" xmlUrl="https://leaf.example/"/>' + "</outline>" * depth)


def test_ten_thousand_outlines_parse_fast() -> None:
    data = flat_list(10_000)
    started = time.perf_counter()
    doc = parse_opml(data)
    elapsed = time.perf_counter() - started
    assert len(doc.feeds) == 10_000
    assert doc.feeds[9_999].title == "Feed 9999"
    assert elapsed < 2.0, f"10k outlines took {elapsed:.2f} s"


def test_two_hundred_levels_deep_parse_and_round_trip() -> None:
    started = time.perf_counter()
    doc = parse_opml(nested_list(200))
    assert time.perf_counter() - started < 1.0
    assert doc.feeds[0].folder == ("L",) * 200
    assert len(doc.folders) == 200
    assert [len(path) for path in doc.folders] == list(range(1, 201))
    assert triples(round_trip(doc)) == triples(doc)


def test_too_deep_is_an_opml_error_not_a_recursion_error() -> None:
    with pytest.raises(OPMLError, match="nested"):
        parse_opml(nested_list(5_000))


def test_outline_limit() -> None:
    with pytest.raises(OPMLError, match="100,000"):
        parse_opml(flat_list(MAX_OUTLINES + 1))


# --- writing -----------------------------------------------------------------------------------


def test_write_is_opml_2_with_head() -> None:
    text = write_opml([OutlineFeed("https://a.example/feed", "A", ())], title="Mine & yours")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Mine & yours"
    created = parsedate_to_datetime(root.findtext("head/dateCreated"))
    assert created.tzinfo is not None
    outline = root.find("body/outline")
    assert dict(outline.attrib) == {"type": "rss", "text": "A", "title": "A", "xmlUrl": "https://a.example/feed"}


def test_write_escapes_and_drops_what_xml_cannot_hold() -> None:
    nasty = 'Tom & "Jerry" <b>\x01\x0b\ud800 ]]> \'quoted\''
    feed = OutlineFeed("https://a.example/f?x=1&y=<2>", nasty, ('Dir "&" <x>',), "https://a.example/?q=a&b")
    text = write_opml([feed])
    doc = parse_opml(text.encode("utf-8"))
    assert doc.feeds == (OutlineFeed("https://a.example/f?x=1&y=<2>", "Tom & \"Jerry\" <b> ]]> 'quoted'", ('Dir "&" <x>',), "https://a.example/?q=a&b"),)


def test_write_nests_folders_and_keeps_empty_ones() -> None:
    feeds = [
        OutlineFeed("http://x.example/1", "One", ("A", "B")),
        OutlineFeed("http://x.example/2", "Two", ()),
        OutlineFeed("http://x.example/3", "Three", ("A",)),
    ]
    text = write_opml(feeds, [("Empty",), ("A",), ("A", "Empty child")])
    root = etree.fromstring(text.encode("utf-8"))
    body = root.find("body")
    assert [o.get("text") for o in body] == ["Empty", "A", "Two"]
    folder_a = body[1]
    assert [o.get("text") for o in folder_a] == ["Empty child", "B", "Three"]
    assert folder_a[1][0].get("xmlUrl") == "http://x.example/1"
    doc = parse_opml(text.encode("utf-8"))
    assert set(doc.folders) == {("Empty",), ("A",), ("A", "Empty child"), ("A", "B")}
    assert triples(doc) == {(f.folder, f.url, f.title) for f in feeds}


def test_write_nothing_is_still_a_valid_document() -> None:
    doc = parse_opml(write_opml([]).encode("utf-8"))
    assert doc == OPMLDocument(title="Byline subscriptions", feeds=(), folders=(), skipped=())


# --- the shared corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files("opml"), ids=lambda p: p.name)
def test_corpus_parses_or_fails_cleanly_and_round_trips(path: Path) -> None:
    try:
        doc = parse_opml(path.read_bytes())
    except OPMLError as err:
        message = str(err)
        assert message and "\n" not in message
        return
    assert isinstance(doc, OPMLDocument)
    assert all(f.url.startswith(("http://", "https://")) for f in doc.feeds)
    assert len({f.url for f in doc.feeds}) == len(doc.feeds)
    assert set(doc.folders) >= {f.folder for f in doc.feeds if f.folder}
    for path_ in doc.folders:  # parents before children
        assert path_[:-1] == () or doc.folders.index(path_[:-1]) < doc.folders.index(path_)
    again = round_trip(doc)
    assert triples(again) == triples(doc)
    assert set(again.folders) == set(doc.folders)


def corpus(corpus_dir: Path, name: str) -> OPMLDocument:
    return parse_opml((corpus_dir / "opml" / name).read_bytes())


def test_corpus_titles_fall_back_to_text(corpus_dir: Path) -> None:
    with_titles = corpus(corpus_dir, "netnewswire__Subs.opml")
    without = corpus(corpus_dir, "netnewswire__SubsNoTitleAttributes.opml")
    assert len(without.feeds) == len(with_titles.feeds) > 100
    assert "title=" not in (corpus_dir / "opml" / "netnewswire__SubsNoTitleAttributes.opml").read_text("utf-8").split("<body>")[1]
    assert all(f.title for f in without.feeds)
    assert [f.title for f in without.feeds] == [f.title for f in with_titles.feeds]


def test_corpus_newsboat_pipe_refused(corpus_dir: Path) -> None:
    doc = corpus(corpus_dir, "newsboat__piped.opml")
    assert [f.url for f in doc.feeds] == ["https://example.com/feed.atom"]
    assert [what for what, _ in doc.skipped] == ["|~/fetch_tweets.py"]


def test_corpus_liferea_hebrew_with_bom(corpus_dir: Path) -> None:
    raw = (corpus_dir / "opml" / "liferea__feedlist_he.opml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    doc = parse_opml(raw)
    assert max(len(f.folder) for f in doc.feeds) == 3
    assert all(len(path) == 1 or path[:-1] in doc.folders for path in doc.folders)
    assert len(doc.skipped) == 2 and all("search folder" in reason for _, reason in doc.skipped)


def test_corpus_malformed_and_not_opml(corpus_dir: Path) -> None:
    missing_end = corpus(corpus_dir, "listparser__end-element-missing.xml")
    assert [(f.title, f.url) for f in missing_end.feeds] == [("malformed", "https://domain/feed")]
    assert missing_end.damage is not None and missing_end.damage.startswith("damaged at line 12: ")
    two = corpus(corpus_dir, "listparser__concatenated-documents.xml")
    assert [f.url for f in two.feeds] == ["http://domain/feed1"]
    assert two.damage is not None and "line 19" in two.damage  # where the second document starts
    with pytest.raises(OPMLError, match="not an OPML file"):
        corpus(corpus_dir, "newsboat__opml-element-missing.opml")
    with pytest.raises(OPMLError, match="no <body>"):
        corpus(corpus_dir, "newsboat__body-element-missing.opml")


def test_corpus_edge_cases(corpus_dir: Path) -> None:
    assert corpus(corpus_dir, "listparser__outline_xmlUrl-miscapitalized.xml").feeds[0].url == "http://domain/feed"
    assert corpus(corpus_dir, "listparser__outline_xmlUrl-whitespace.xml").feeds[0].url == "http://domain/feed"
    assert corpus(corpus_dir, "listparser__outline_xmlUrl-empty.xml").skipped == (("feedname", "no URL"),)
    dup = corpus(corpus_dir, "listparser__outline-duplication-2.xml")
    assert [f.folder for f in dup.feeds] == [("hier1",)] and dup.skipped == (("http://domain/feed", "duplicate"),)
    assert corpus(corpus_dir, "listparser__cats-3-multiple.xml").feeds[0].folder == ("root1", "node1")
    entity = corpus(corpus_dir, "listparser__html-entity-attribute.xml")
    assert entity.feeds[0].title == entity.feeds[1].title == "archæology"
    rssguard = corpus(corpus_dir, "rssguard__feeds-en_US.opml")
    assert rssguard.feeds and rssguard.skipped == ()



# --- damaged files: recover what can be read (issue 12, item 21) -------------------------------


def test_unclosed_outline_recovers_both_feeds_and_says_where() -> None:
    doc = parse_opml((DATA / "opml_malformed.opml").read_bytes())
    assert [f.url for f in doc.feeds] == ["https://fine.example/feed", "https://broken.example/feed"]
    assert doc.damage is not None and doc.damage.startswith("damaged at line 7: ")
    what, why = doc.skipped[0]
    assert what == "line 7 of the file"
    assert why.startswith("not well-formed XML (") and "could be read were imported" in why


def test_stray_closing_tag_keeps_the_outlines_around_it() -> None:
    data = (
        b'<?xml version="1.0"?>\n<opml version="2.0"><head><title>t</title></head><body>\n'
        b'<outline text="News">\n'
        b'  <outline text="One" type="rss" xmlUrl="https://one.example/feed"/>\n'
        b"  </outline></outline>\n"
        b'<outline text="Two" type="rss" xmlUrl="https://two.example/feed"/>\n'
        b"</body></opml>\n"
    )
    doc = parse_opml(data)
    assert [(f.url, f.folder) for f in doc.feeds] == [("https://one.example/feed", ("News",)), ("https://two.example/feed", ())]
    assert doc.damage is not None and "line 5" in doc.damage


def test_undefined_entity_recovers_the_outline() -> None:
    doc = parse_opml(b'<opml>\n<body>\n<outline text="a &egregious; b" xmlUrl="http://x.example/"/></body></opml>')
    assert [f.url for f in doc.feeds] == ["http://x.example/"]
    assert doc.damage is not None and doc.damage.startswith("damaged at line 3: ")
    assert "egregious" in doc.damage


def test_well_formed_files_report_no_damage() -> None:
    assert parse_opml((DATA / "opml_mixed.opml").read_bytes()).damage is None


# --- Byline's own attributes: a feed's options ------------------------------------------------


def test_a_feeds_options_go_out_and_come_back() -> None:
    feeds = [
        OutlineFeed(url="https://a.example/feed", title="A", folder=("News",), images=False, interval_minutes=90,
                    full_stories=True, user_agent="Mozilla/5.0 (X11) Test"),
        OutlineFeed(url="https://b.example/feed", title="B", folder=(), images=True),
        OutlineFeed(url="https://c.example/feed", title="C", folder=()),
    ]
    text = write_opml(feeds, [("News",)])
    assert 'xmlns:byline="https://byline.invalid/ns/opml/1"' in text
    assert list(parse_opml(text.encode()).feeds) == feeds


def test_plain_exports_declare_no_extra_namespace() -> None:
    text = write_opml([OutlineFeed(url="https://a.example/feed", title="A", folder=())])
    assert "byline" not in text.split("<body>")[0].replace("Byline subscriptions", "")


def test_options_that_do_not_read_right_are_left_out() -> None:
    ns = 'xmlns:byline="https://byline.invalid/ns/opml/1"'
    body = (
        '<outline type="rss" text="A" xmlUrl="https://a.example/feed" byline:fullStories="maybe" '
        'byline:images="sometimes" byline:refreshMinutes="-5" byline:userAgent="bad&#10;agent"/>'
        '<outline type="rss" text="B" xmlUrl="https://b.example/feed" byline:refreshMinutes="99999999999"/>'
        '<outline type="rss" text="C" xmlUrl="https://c.example/feed" fullStories="true" images="off"/>'
    )
    doc = f'<?xml version="1.0"?><opml version="2.0" {ns}><head/><body>{body}</body></opml>'.encode()
    plain = [(f.images, f.interval_minutes, f.full_stories, f.user_agent) for f in parse_opml(doc).feeds]
    assert plain == [(None, None, False, None)] * 3  # and un-namespaced look-alikes are someone else's
