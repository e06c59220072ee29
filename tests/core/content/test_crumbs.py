"""Aggregator crumbs ("Posted in ...") are dropped and their categories kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.content.pipeline import prepare

# --- crumbs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "categories"),
    [
        ("Posted on Posted in World News", ("World News",)),
        ("Posted on May 14, 2024 by Harbour Desk", ()),
        ("Posted on 14 May 2024", ()),
        ("Posted on 2024-05-14 at 10:30", ()),
        ("Posted by admin", ()),
        ("Filed under Politics, Europe", ("Politics", "Europe")),
        ('Posted in <a href="/c/world">World News</a> | <a href="/c/eu">Europe</a>', ("World News", "Europe")),
        ("Tagged NATO, Kerry, Brussels", ()),
        ("Posted on June 1, 2015 by admin Leave a comment", ()),
    ],
)
def test_crumbs_are_dropped(block: str, categories: tuple[str, ...]) -> None:
    prepared = prepare(f"<p>Story text here.</p><p>{block}</p><p>More story.</p>")
    assert prepared.categories == categories
    assert prepared.text == "Story text here.\n\nMore story."


@pytest.mark.parametrize(
    "block",
    [
        "He posted in the forum that the ferry was late.",
        "Posted on Twitter, the video quickly went viral.",
        "Posted in the forum, the message warned users that the update would break everything.",
        "Tagged as a risk by regulators, the bank fell sharply on Monday after the report.",
        "Posted by a neighbour who saw the fire start. Police are investigating the cause now.",
        "Filed under seal, the documents describe the deal in detail and name the buyers.",
    ],
)
def test_sentences_with_crumb_words_are_kept(block: str) -> None:
    prepared = prepare(f"<p>{block}</p>")
    assert prepared.text == block
    assert prepared.categories == ()


def test_crumb_markup_in_spans() -> None:
    html = (
        '<div class="entry-meta"><span class="posted-on">Posted on <a href="/d"><time>March 3, 2016</time></a></span>'
        '<span class="byline"> by <a href="/a">Jane Doe</a></span></div><p>Body.</p>'
    )
    prepared = prepare(html)
    assert prepared.text == "Body."
    assert "Jane" not in prepared.html


def test_inline_small_crumb_is_dropped() -> None:
    prepared = prepare("<p>Story text here. <small>Filed under Politics, Europe</small></p><p>More.</p>")
    assert prepared.categories == ("Politics", "Europe")
    assert "Filed" not in prepared.text


def test_crumb_in_a_list_item_is_dropped() -> None:
    prepared = prepare("<ul><li>First point</li><li>Posted in World News</li></ul><p>Body.</p>")
    assert prepared.categories == ("World News",)
    assert prepared.text == "First point\n\nBody."


@given(st.lists(st.sampled_from(["Posted", "Filed", "Tagged", "\n", " ", "x", "posted", "\r"])).map("".join), st.booleans())
def test_the_quick_precheck_is_the_line_by_line_one(text: str, small: bool) -> None:
    """may_have_crumbs looks for the words at line starts without splitting the text into lines."""
    from reader.core.content.crumbs import may_have_crumbs

    by_lines = any(line.startswith(("Posted", "Filed", "Tagged")) for line in text.split("\n"))
    html = "<p><small>x</small></p>" if small else "<p>x</p>"
    assert may_have_crumbs(text, html) == (by_lines or (small and any(w in text for w in ("Posted", "Filed", "Tagged"))))
