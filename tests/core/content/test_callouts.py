"""The callout rule: which blocks are "[related]" headlines, and the key headlines match by."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from reader.core.content.callouts import Callout, find_callouts, is_callout_text, normalize_headline
from reader.core.content.pipeline import prepare, render
from tests.core.content.samples import URL, H, headlines, related_links

# --- the text rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[American and Russian militaries don’t agree about much in Syria]",
        "[Harbour works to close]",
        "  [ spaced   out    headline words ]  ",
        "[Read: Why Tunisia, Arab Spring’s sole success story, suffers]",
        "[Related: Bus links to the terminal to be reviewed]",
        "[See also: New ticket machines arrive]",
        "[Trippy Tales: The History of 8 Hallucinogens]",
        "[Our Latest Forecast: Who Will Win The 2020 Democratic Primary?]",
        "[Opinion: Why the ferry needs a second pier]",
        "[On Ukraine’s front lines, U.S.-supplied equipment is falling apart]",
        "[Mr. Smith goes to Washington again]",
        "\u200b[Zero width spaces around it]\ufeff",
        "\u00a0[Harbour works to close]\u00a0",
        # "!" or ":" then a capital: a kicker and its headline, not two sentences
        "[Storm warning! What to pack before the ferries stop]",
        "[Storm warning: What to pack before the ferries stop]",
        "[Ferries cancelled! Islanders: Here is the new timetable]",
    ],
)
def test_callout_texts(text: str) -> None:
    assert is_callout_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "he [Kerry] said",
        "The minister [Kerry] said the talks went well.",
        "[1]",
        "[12]",
        "[a]",
        "[]",
        "[ ]",
        "[[nested headline words here]]",
        "[a [b] c and more words]",
        "[one headline] [two headline words]",
        "[Updated]",
        "[Update]",
        "[Video]",
        "[PDF]",
        "[Photos]",
        "[Photos and video]",
        "[Updated with comment from police]",
        "[Note: in the test above, the eyes meant desire]",
        "[Editor's note: an earlier version misnamed the minister]",
        "[Editor’s note: an earlier version misnamed the minister]",
        "[Correction: the vote is on Tuesday, not Monday]",
        "[Disclosure: the author owns shares in the ferry company]",
        "[email protected]",
        "[email\u00a0protected]",
        "[Write to desk@example.com with tips]",
        "[Alden: Lute, did you somehow give me a triple dose of this shit!?]",
        "[Haoyu: Thank you! That is not a dish you are washing though]",
        "[Alden: That time I was]",
        "[Video call from Twenty-seven Hundred and Sixty-third General, Artona I. Connection fee waived.]",
        "[This paragraph was added after publication to explain the vote.]",
        "[The pier was closed. Nobody was told why]",
        "[Why did the pier close? Nobody was told]",
        "[This interview has been edited for length and clarity]",
        "[An earlier version of this story misstated the date]",
        "[Originally published in the Island Gazette]",
        "[Photo by Jane Doe for the Island Gazette]",
        "[Music playing in the background]",
        "[unbalanced headline words here",
        "unbalanced headline words here]",
        "[1, 2, 3]",
        "[12 34 56 78]",
        "[…]",
        "",
        "plain sentence without brackets",
    ],
)
def test_not_callout_texts(text: str) -> None:
    assert not is_callout_text(text)


# --- finding callouts in HTML --------------------------------------------------------------



@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"<p>[{H}]</p>", Callout(H, None)),
        (f"<div>[{H}]</div>", Callout(H, None)),
        (f"<li>[{H}]</li>", Callout(H, None)),
        (f"<blockquote>[{H}]</blockquote>", Callout(H, None)),
        (f"<h3>[{H}]</h3>", Callout(H, None)),
        (f"<p>\n  [{H}]\n</p>", Callout(H, None)),
        (f'<p>[<a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f'<p><a href="{URL}">[{H}]</a></p>', Callout(H, URL)),
        (f'<p><strong><em>[<a href="{URL}">{H}</a>]</em></strong></p>', Callout(H, URL)),
        (f"<p><span><b><i>[{H}]</i></b></span></p>", Callout(H, None)),
        (f'<p><i> <a href="{URL}">[Read: {H}]</a> </i></p>', Callout(H, URL)),
        (f'<p>[Read: <a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f"<p>[Related: {H}]</p>", Callout(H, None)),
        (f"<p>[See also: {H}]</p>", Callout(H, None)),
        (f"<blockquote><p>[{H}]</p></blockquote>", Callout(H, None)),
        (f'<p>The pier dates from 1890. [<a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f'<p>Officials said so. <i>[<a href="{URL}">{H}</a>]</i></p>', Callout(H, URL)),
        # an inline image (an icon, an image without text) inside the bracket
        (f'<p>[<img src="https://ok.example/a.png">{H}]</p>', Callout(H, None)),
        (f'<p>[<img src="https://ok.example/a.png"> <a href="{URL}">{H}</a>]</p>', Callout(H, URL)),
        (f'<p>[<a href="{URL}"><img src="https://ok.example/i.svg" alt="">{H}</a>]</p>', Callout(H, URL)),
        ("<p>[Storm warning! What to pack before the ferries stop]</p>",
         Callout("Storm warning! What to pack before the ferries stop", None)),
    ],
)
def test_callout_layouts(html: str, expected: Callout) -> None:
    assert find_callouts(html) == [expected]


@pytest.mark.parametrize(
    "html",
    [
        "<p>The minister [Kerry] said the talks went well.</p>",
        "<p>Ferries run daily.<sup>[1]</sup></p>",
        "<p>Ferries run daily [12].</p>",
        "<p>[]</p>",
        f"<p>[[{H}]]</p>",
        "<p>The timetable is online [PDF].</p>",
        "<p>Ferry timetable changes [Updated]</p>",
        "<p>[Note: the timetable may change again in winter]</p>",
        "<p>[Editor&rsquo;s note: an earlier version gave the wrong time.]</p>",
        "<p>[Correction: the pier closes in June, not July]</p>",
        '<p>(<strong><a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a></strong>)</p>',
        "<p><span>[Alden: Lute, did you give me a triple dose of this!?]</span></p>",
        f"<p>[{H}</p>",
        # a caption sentence with a bracketed link inside is not a whole-block callout
        f'<p>Tourists flee the museum [<a href="{URL}">{H}</a>] as police arrive.</p>',
        # a bracket closing a paragraph without a link of its own stays text
        f"<p>The pier dates from 1890. [{H}]</p>",
        # a bracketed link glued to a sentence that has not ended
        f'<p>Read more about it in [<a href="{URL}">{H}</a>]</p>',
        # a block that holds other blocks is not itself a callout
        f"<div>[<p>{H}</p>]</div>",
        # a picture outside the bracket belongs to the paragraph, not to a callout
        f'<p><img src="https://ok.example/a.png"> [{H}]</p>',
        f'<p>[{H}] <img src="https://ok.example/a.png"></p>',
    ],
)
def test_not_callouts_in_html(html: str) -> None:
    assert find_callouts(html) == []


def test_callout_with_two_links_takes_the_one_matching_the_headline() -> None:
    html = f'<p>[<a href="https://a.example/x">Read:</a> <a href="{URL}">{H}</a>]</p>'
    assert find_callouts(html) == [Callout(H, URL)]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)", "/relative/path", "mailto:desk@example.com", "ftp://x.example/"],
)
def test_callout_href_only_when_safe_absolute_http(href: str) -> None:
    assert find_callouts(f'<p>[<a href="{href}">{H}</a>]</p>') == [Callout(H, None)]


def test_callouts_from_plain_text_lines() -> None:
    body = f"First paragraph line one.\nline two.\n[{H}]\nThird line.\n\n[Why autumn storms are getting stronger]"
    prepared = prepare(body, is_html=False)
    assert headlines(prepared.html) == [H, "Why autumn storms are getting stronger"]
    assert "First paragraph line one.\nline two." in prepared.text


# --- normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("American and Russian militaries don’t agree", "american and russian militaries don't agree"),
        ("“Superminds” explained", '"superminds" explained'),
        ("It‘s ʼtime′", "it's 'time'"),
        ("  Spaces\n\tand   tabs  ", "spaces and tabs"),
        ("[Who will win?]", "who will win"),
        ("„Quote“ here", "quote\" here"),
        ("ÉCOLE Straße", "école strasse"),
    ],
)
def test_normalize_headline_matches(a: str, b: str) -> None:
    assert normalize_headline(a) == normalize_headline(b)


def test_normalize_headline_values() -> None:
    assert normalize_headline("  “Don’t  panic,” he said.  ") == "don't panic,\" he said"
    assert normalize_headline("") == ""
    assert normalize_headline("A-B test") == "a-b test"
    assert normalize_headline("Other") != normalize_headline("Another")


def test_resolve_by_normalized_title_matches_curly_quotes() -> None:
    titles = {normalize_headline("American and Russian militaries don't agree about much in Syria"): 11}
    out = render(
        "<p>[American and Russian militaries don’t agree about much in Syria]</p>",
        resolve=lambda headline: titles.get(normalize_headline(headline)),
    )
    assert [href for _, href in related_links(out.html)] == ["byline:article/11"]


@pytest.mark.parametrize("images", [True, False])
def test_image_inside_a_callout_leaves_no_image_text(images: bool) -> None:
    html = f'<p>Before.</p><p>[<img src="https://ok.example/icon.png">{H}]</p><p>After.</p>'
    rendered = render(prepare(html).html, images=images)
    assert related_links(rendered.html) == [(H, "byline:related?q=" + quote(H, safe=""))]
    assert "[image" not in rendered.html
    assert "[image" not in rendered.text
    assert "icon.png" not in rendered.html  # the icon goes with the bracket; the link is the headline
