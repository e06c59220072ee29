"""content.py over the shared corpus: real feeds and real article pages.

Every entry body and every whole page goes through prepare + render without
raising, and nothing that could run (script, handlers, unsafe URLs) comes out.
The article pages also pin the callout decision on real markup.
"""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import pytest

from reader.core.content.callouts import find_callouts
from reader.core.content.pipeline import prepare, render
from tests.conftest import corpus_files
from tests.core.content.samples import assert_safe, related_links

FEEDS = corpus_files("feeds")
ARTICLES = [p for p in corpus_files("articles") if p.suffix == ".html"]


def _bodies(path: Path) -> list[tuple[str, bool, str | None]]:
    """(body, is_html, base) of every content and summary of every entry of a feed file."""
    parsed = feedparser.parse(io.BytesIO(path.read_bytes()), sanitize_html=False, resolve_relative_uris=False)
    out: list[tuple[str, bool, str | None]] = []
    for entry in parsed.entries:
        details = list(entry.get("content") or [])
        if entry.get("summary_detail"):
            details.append(entry["summary_detail"])
        for detail in details:
            value = detail.get("value") or ""
            kind = detail.get("type") or "text/html"
            out.append((value, "html" in kind, detail.get("base") or entry.get("link")))
    return out


def _check(body: str, is_html: bool, base: str | None) -> None:
    prepared = prepare(body, is_html=is_html, base_url=base)
    assert_safe(prepared.html)
    assert "\x00" not in prepared.text
    for images in (True, False):
        rendered = render(prepared.html, resolve=lambda h: len(h), images=images)
        assert_safe(rendered.html)
        if not images:
            assert "<img" not in rendered.html


@pytest.mark.skipif(not FEEDS, reason="../shared/corpus/feeds is not present")
@pytest.mark.parametrize("path", FEEDS, ids=[p.name for p in FEEDS])
def test_feed_entries_render_safely(path: Path) -> None:
    for body, is_html, base in _bodies(path):
        _check(body, is_html, base)


@pytest.mark.skipif(not ARTICLES, reason="../shared/corpus/articles is not present")
@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_article_pages_render_safely(path: Path) -> None:
    _check(path.read_text(encoding="utf-8", errors="replace"), True, "https://example.com/news/story.html")


# Expected callouts, checked by eye against the pages.
WAPO = [
    "Why Tunisia, Arab Spring’s sole success story, suffers from Islamist violence",
    "Bardo museum houses amazing Roman treasures",
    "Tunisia sends most foreign fighters to Islamic State in Syria",
]
POSITIVE = {
    "readability__wapo-1.html": WAPO,
    "readability__wapo-1_expected.html": WAPO,
    "newspaper__livescience.com1.html": ["Trippy Tales: The History of 8 Hallucinogens"],
    "trafilatura__fivethirtyeight.com.endorsement.html": [
        "Our Latest Forecast: Who Will Win The 2020 Democratic Primary?"
    ],
}
NEGATIVE = [
    "readability__royal-road.html",
    "trafilatura__economist.com.thinking.html",
    "trafilatura__barbadostoday.bb-contest.html",
    "postlight__www.washingtonpost.com.html",
]


def _page(corpus_dir: Path, name: str) -> str:
    path = corpus_dir / "articles" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_positive_pages_find_their_callouts(corpus_dir: Path, name: str) -> None:
    prepared = prepare(_page(corpus_dir, name), base_url="https://example.com/")
    callouts = find_callouts(prepared.html)
    assert [c.headline for c in callouts] == POSITIVE[name]
    assert all(c.href and c.href.startswith(("http://", "https://")) for c in callouts)
    rendered = render(prepared.html)
    assert related_links(rendered.html) == [(c.headline, c.href) for c in callouts]


@pytest.mark.parametrize("name", NEGATIVE)
def test_negative_pages_have_no_callouts(corpus_dir: Path, name: str) -> None:
    prepared = prepare(_page(corpus_dir, name), base_url="https://example.com/")
    assert find_callouts(prepared.html) == []
    assert 'class="related"' not in render(prepared.html).html


def test_royal_road_chat_lines_stay_text(corpus_dir: Path) -> None:
    rendered = render(prepare(_page(corpus_dir, "readability__royal-road.html")).html)
    assert "[Alden: Lute, did you somehow give me a triple dose of this shit!?]" in rendered.text


def test_livescience_paragraph_keeps_its_sentence(corpus_dir: Path) -> None:
    rendered = render(prepare(_page(corpus_dir, "newspaper__livescience.com1.html")).html)
    assert "such as depression, Expert said.\n\nTrippy Tales: The History of 8 Hallucinogens" in rendered.text


def test_fivethirtyeight_crumb_category(corpus_dir: Path) -> None:
    prepared = prepare(_page(corpus_dir, "trafilatura__fivethirtyeight.com.endorsement.html"))
    assert prepared.categories == ("2020 Election",)
    assert "Filed under" not in prepared.text
