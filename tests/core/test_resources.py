"""The bundled resources: sample library, article stylesheets, icon, .desktop file.

The sample library is what a first launch shows, so it must parse, carry real
stories, and exercise the "[related]" callouts: every bracketed headline names
another sample story (up to quotes and case), except one deliberate miss.
"""

from __future__ import annotations

import configparser
import json
import re
import struct
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
from lxml import html as lxml_html

from tests.tools import require_tool

RESOURCES = Path(__file__).resolve().parents[2] / "reader" / "resources"
SAMPLE = RESOURCES / "sample"
SAMPLE_FILES = sorted(p for p in SAMPLE.iterdir() if p.is_file()) if SAMPLE.is_dir() else []

UNMATCHED_CALLOUT = "What a later school bell did for one coastal district"
CALLOUT_BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd")
WHOLE_BRACKET = re.compile(r"^\[([^\[\]]+)\]$")


@dataclass(frozen=True)
class Story:
    feed: str
    title: str
    published: datetime | None
    body: str
    is_html: bool
    url: str | None
    base_url: str | None = None


def _stories(path: Path) -> list[Story]:
    """The entries of one sample file, through the app's parser when it is there."""
    data = path.read_bytes()
    try:
        from reader.core.feeds.parse import parse_feed
    except ImportError:  # the parser is not written yet: read the formats directly
        return _stories_direct(path.name, data)
    feed = parse_feed(data)
    assert feed.problem is None, feed.problem
    return [
        Story(feed.title, e.title, e.published, e.content, e.content_is_html, e.url, e.base_url)
        for e in feed.entries
    ]


def _stories_direct(name: str, data: bytes) -> list[Story]:
    if name.endswith(".json"):
        doc = json.loads(data)
        return [
            Story(
                doc["title"],
                item["title"],
                datetime.fromisoformat(item["date_published"]),
                item.get("content_html") or item.get("content_text", ""),
                "content_html" in item,
                item.get("url"),
            )
            for item in doc["items"]
        ]
    import io

    import feedparser

    result = feedparser.parse(io.BytesIO(data))
    assert not result.bozo, result.get("bozo_exception")
    out = []
    for e in result.entries:
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        body = e["content"][0]["value"] if e.get("content") else e.get("summary", "")
        out.append(
            Story(
                result.feed.title,
                e.title,
                datetime(*stamp[:6], tzinfo=UTC) if stamp else None,
                body,
                True,
                e.get("link"),
                e["content"][0].get("base") if e.get("content") else None,
            )
        )
    return out


@pytest.fixture(scope="module")
def stories() -> list[Story]:
    if not SAMPLE_FILES:
        pytest.fail("reader/resources/sample/ holds no feed files")
    return [s for path in SAMPLE_FILES for s in _stories(path)]


def normalize(text: str) -> str:
    """Title key for the test's own matching: quotes unified, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.casefold().split())


def _block_text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def callouts_of(story: Story) -> list[str]:
    """Bracketed headlines standing as a whole block (HTML) or a whole line (text)."""
    if story.is_html:
        root = lxml_html.fragment_fromstring(story.body, create_parent="div")
        texts = [_block_text(el) for el in root.iter(*CALLOUT_BLOCKS)]
    else:
        texts = [line.strip() for line in story.body.splitlines()]
    found = []
    for text in texts:
        m = WHOLE_BRACKET.match(text)
        if m and len(m.group(1).split()) >= 3:
            found.append(m.group(1).strip())
    return found


# --- the sample library -------------------------------------------------------------


def test_sample_library_has_four_formats() -> None:
    suffixes = sorted(p.suffix for p in SAMPLE_FILES)
    assert suffixes == [".atom", ".json", ".rdf", ".xml"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_file_parses_with_real_stories(path: Path) -> None:
    found = _stories(path)
    assert len(found) >= 5
    assert len({s.title for s in found}) == len(found), "titles repeat"
    for story in found:
        assert story.title.strip() and story.title != "(untitled)"
        assert story.published is not None, story.title
        assert datetime(2026, 10, 1, tzinfo=UTC) <= story.published <= datetime(2026, 12, 31, tzinfo=UTC)
        assert story.url and urlsplit(story.url).scheme == "https", story.title
        words = len(re.sub(r"<[^>]+>", " ", story.body).split())
        assert words >= 120, f"{story.title}: only {words} words"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_file_is_well_formed_and_safe(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        doc = json.loads(text)
        assert doc["version"] == "https://jsonfeed.org/version/1.1"
    else:
        ElementTree.fromstring(path.read_bytes())  # raises on malformed XML
    assert not re.search(r"<\s*(script|iframe|object|embed|form)\b", text, re.I)
    assert not re.search(r"\bon[a-z]+\s*=|javascript:", text, re.I)
    hosts = {urlsplit(u).hostname for u in re.findall(r"https?://[^\s\"'<>\\]+", text)}
    hosts -= {"purl.org", "www.w3.org", "jsonfeed.org", "search.yahoo.com"}  # namespaces and the version URI
    assert hosts and all(h and h.endswith((".example.org", ".example.com", ".example.net")) for h in hosts), hosts


def test_dates_are_spread_out(stories: list[Story]) -> None:
    days = {s.published.date() for s in stories if s.published}
    assert len(days) >= 15
    span = max(days) - min(days)
    assert span.days >= 21


def test_every_callout_names_another_sample_story(stories: list[Story]) -> None:
    titles = {normalize(s.title): s for s in stories}
    unmatched = []
    count = 0
    for story in stories:
        for headline in callouts_of(story):
            count += 1
            target = titles.get(normalize(headline))
            if target is None:
                unmatched.append(headline)
            else:
                assert target.title != story.title, f"{story.title} calls out itself"
    assert unmatched == [UNMATCHED_CALLOUT]
    assert count >= 10


def test_callouts_cross_feeds_and_quote_styles(stories: list[Story]) -> None:
    by_title = {normalize(s.title): s for s in stories}
    cross = 0
    curly_to_straight = 0
    for story in stories:
        for headline in callouts_of(story):
            target = by_title.get(normalize(headline))
            if target is None:
                continue
            cross += target.feed != story.feed
            if "\u2019" in headline and "'" in target.title and headline != target.title:
                curly_to_straight += 1
    assert cross >= 4
    assert curly_to_straight == 1


def test_callout_layouts_are_varied() -> None:
    raw = "\n".join(p.read_text(encoding="utf-8") for p in SAMPLE_FILES)
    assert re.search(r"<p>\[[A-Z][^\[\]<]+\]</p>", raw), "a bare bracketed paragraph"
    assert re.search(r'<p>\[<a href="https://[^"]+">[^<\[\]]+</a>\]</p>', raw), "brackets around a link"
    assert re.search(r'<p><a href="https://[^"]+">\[[^<\[\]]+\]</a></p>', raw), "a link around brackets"
    assert re.search(r"<p><strong>\[[^<\[\]]+\]</strong></p>", raw), "a bold callout"
    feed = json.loads((SAMPLE / "night-train-review.json").read_text(encoding="utf-8"))
    text_items = [i["content_text"] for i in feed["items"] if "content_text" in i]
    lines = [line for body in text_items for line in body.splitlines()]
    assert any(WHOLE_BRACKET.match(line.strip()) for line in lines), "a plain-text callout line"


def test_inline_editorial_bracket_is_not_a_callout(stories: list[Story]) -> None:
    story = next(s for s in stories if "[Ruth Okafor]" in s.body)
    assert "Ruth Okafor" not in " ".join(callouts_of(story))


def test_sample_covers_the_content_pipeline(stories: list[Story]) -> None:
    bodies = "\n".join(s.body for s in stories)
    img = re.search(r'<img\s[^>]*src="(https://[^"]+)"[^>]*alt="([^"]+)"', bodies)
    assert img and urlsplit(img.group(1)).hostname.endswith("example.org")
    assert "<p>Posted on Posted in City Hall</p>" in bodies
    atom = ElementTree.fromstring((SAMPLE / "fieldnotes.atom").read_bytes())
    xml_base = "{http://www.w3.org/XML/1998/namespace}base"
    assert atom.get(xml_base)
    ns = "{http://www.w3.org/2005/Atom}"
    assert any(entry.get(xml_base) for entry in atom.iter(f"{ns}entry"))
    relative = [s for s in stories if re.search(r'href="(?!https?:|mailto:|/)[^"]+"', s.body)]
    assert relative, "a relative link to resolve against xml:base"
    assert any(s.base_url == "https://fieldnotes.example.com/2026/11/" for s in relative)


# --- stylesheets, icon, desktop entry ---------------------------------------------


@pytest.mark.parametrize("name", ["article.css", "article-dark.css"])
def test_stylesheets_style_the_callouts(name: str) -> None:
    css = (RESOURCES / name).read_text(encoding="utf-8")
    no_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert no_comments.count("{") == no_comments.count("}")
    assert re.search(r"p\.related-line\s*\{[^}]*background-color", no_comments)
    assert re.search(r"\.related\b[^{]*\{", no_comments)
    assert ".image-placeholder" in no_comments
    assert ".article-header" in no_comments
    assert "var(" not in no_comments and "max-width" not in no_comments


def test_stylesheet_applies_in_qt_rich_text(qapp) -> None:
    """Qt's engine really reads the rules: the callout line gets its tint and indent."""
    from PySide6.QtGui import QTextDocument

    light = (RESOURCES / "article.css").read_text(encoding="utf-8")
    dark = (RESOURCES / "article-dark.css").read_text(encoding="utf-8")
    body = (
        '<html><body><p>Plain.</p><p class="related-line"><a class="related" href="byline:article/1">'
        "A headline</a></p></body></html>"
    )
    tints = []
    for css in (light, light + dark):
        doc = QTextDocument()
        doc.setDefaultStyleSheet(css)
        doc.setHtml(body)
        plain, related = doc.begin(), doc.begin().next()
        assert related.text() == "A headline"
        fmt = related.blockFormat()
        assert fmt.background().style() != 0
        assert fmt.leftMargin() > plain.blockFormat().leftMargin()
        assert plain.blockFormat().lineHeight() >= 140  # percent
        tints.append(fmt.background().color().lightness())
    assert tints[0] > 200 > 100 > tints[1]


def test_desktop_entry_has_the_required_keys() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(RESOURCES / "byline.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Byline"
    assert entry["GenericName"] == "News Reader"
    assert entry["Exec"] == "byline gui %U"
    assert entry["Icon"] == "byline"
    assert entry["Terminal"] == "false"
    assert set(entry["Categories"].rstrip(";").split(";")) >= {"Network", "Feed", "News"}
    assert set(entry["MimeType"].rstrip(";").split(";")) >= {"application/rss+xml", "application/atom+xml"}


def test_desktop_entry_validates() -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    run = subprocess.run([tool, str(RESOURCES / "byline.desktop")], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout


def test_png_icon_is_256_square() -> None:
    data = (RESOURCES / "byline.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height) == (256, 256)
    assert depth == 8 and colour == 6  # 8-bit RGBA: the rounded corners are transparent
    (crc,) = struct.unpack(">I", data[29:33])
    assert crc == zlib.crc32(data[12:29])


def test_svg_icon_is_a_square_svg() -> None:
    root = ElementTree.fromstring((RESOURCES / "byline.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


# --- the sample through the app's own content pipeline ----------------------------


def test_render_turns_sample_callouts_into_related_links(stories: list[Story]) -> None:
    content = pytest.importorskip("reader.core.content.pipeline")
    callouts = pytest.importorskip("reader.core.content.callouts")
    ids = {callouts.normalize_headline(s.title): n for n, s in enumerate(stories, start=1)}
    checked = 0
    for story in stories:
        prepared = content.prepare(story.body, is_html=story.is_html, base_url=story.base_url)
        rendered = content.render(prepared.html, resolve=lambda h: ids.get(callouts.normalize_headline(h)))
        root = lxml_html.fragment_fromstring(rendered.html or "<p></p>", create_parent="div")
        links = root.xpath('//p[@class="related-line"]/a[@class="related"]')
        expected = callouts_of(story)
        assert [_block_text(a) for a in links] == expected, story.title
        for a, headline in zip(links, expected, strict=True):
            href = a.get("href")
            key = normalize(headline)
            if headline == UNMATCHED_CALLOUT:
                assert href == "byline:related?q=" + quote(headline, safe="")
            elif href.startswith("https://"):
                target = next(s for s in stories if normalize(s.title) == key)
                assert href == target.url  # the callout's own link points at the story
            else:
                target_id = next(n for n, s in enumerate(stories, start=1) if normalize(s.title) == key)
                assert href == f"byline:article/{target_id}"
            checked += 1
    assert checked >= 10


def test_prepare_drops_the_crumb_and_resolves_relative_links(stories: list[Story]) -> None:
    content = pytest.importorskip("reader.core.content.pipeline")
    ferries = next(s for s in stories if "[Ruth Okafor]" in s.body)
    prepared = content.prepare(ferries.body, base_url=ferries.base_url)
    assert "City Hall" in prepared.categories
    assert "Posted on" not in prepared.text
    assert "the mayor [Ruth Okafor] said" in prepared.text
    gauge = next(s for s in stories if s.base_url == "https://fieldnotes.example.com/2026/11/")
    prepared = content.prepare(gauge.body, base_url=gauge.base_url)
    assert 'href="https://fieldnotes.example.com/2026/11/data/pier9-gauge-2026.csv"' in prepared.html


def test_sample_storm_story_exercises_enclosures_captions_and_callouts() -> None:
    """Issue 12: one sample article carries enclosures (16), a story beside a media
    caption (17) and callouts with "!", ":" and inline images (18)."""
    parse = pytest.importorskip("reader.core.feeds.parse")
    content = pytest.importorskip("reader.core.content.pipeline")
    callouts = pytest.importorskip("reader.core.content.callouts")
    feed = parse.parse_feed((SAMPLE / "harbor-city-ledger.xml").read_bytes())
    storm = next(e for e in feed.entries if e.title == "Storm warning! What to pack before the ferries stop")
    assert [(e.type, e.length) for e in storm.enclosures] == [("audio/mpeg", 4718592), ("application/pdf", 182340)]
    # the story wins; the caption stays with its photo
    assert "gale warning for the outer harbor" in storm.content
    assert "<figcaption>Spray over the north breakwater" in storm.content
    assert storm.content.index("breakwater-spray.jpg") < storm.content.index("gale warning")
    titles = {callouts.normalize_headline(e.title): n for n, e in enumerate(feed.entries, start=1)}
    for images in (True, False):
        rendered = content.render(
            content.prepare(storm.content).html, resolve=lambda h: titles.get(callouts.normalize_headline(h)), images=images
        )
        root = lxml_html.fragment_fromstring(rendered.html, create_parent="div")
        links = [(_block_text(a), a.get("href")) for a in root.xpath('//a[@class="related"]')]
        assert links == [
            ("Ferry timetable: The winter crossings, hour by hour", f"byline:article/{titles[callouts.normalize_headline('Ferry timetable: The winter crossings, hour by hour')]}"),
            ("Council keeps the night ferries running through the winter", "https://harborcityledger.example.org/2026/11/25/night-ferries-winter"),
        ]
        lines = " ".join(_block_text(p) for p in root.xpath('//p[@class="related-line"]'))
        assert "[image" not in lines and "icons/" not in rendered.html  # the callouts' icons leave nothing
    timetable = next(e for e in feed.entries if e.title.startswith("Ferry timetable"))
    assert callouts.find_callouts(timetable.content) == [
        callouts.Callout("Storm warning! What to pack before the ferries stop", None)
    ]
