"""What every export does to a body: kept images local, other images placeholders, app links resolved or dropped."""

from __future__ import annotations

from lxml import etree

from reader.core.export.offline import offline_body, slug
from tests.core.export.checks import remote, resource_loads

BODY = (
    '<p><img src="byline:image/abc" alt="kept"><img src="byline:image/lost" alt="lost">'
    '<img src="https://cdn.example/x.png" alt="remote"><img src="/rel.png"></p>'
    '<p class="related-line"><a class="related" href="byline:article/7">In the export</a></p>'
    '<p class="related-line"><a class="related" href="byline:article/8">Not in it</a></p>'
    '<p class="related-line"><a class="related" href="byline:related?q=x">Unresolved</a></p>'
    '<table class="related-box" width="100%" cellspacing="0" cellpadding="0"><tr><td class="related-bar" width="3"></td>'
    '<td class="related-cell"><p class="related-line"><span class="related-label">Related</span><br>'
    '<a class="related" href="https://news.example/s">Boxed</a></p></td></tr></table>'
    '<p><a href="https://news.example/" rel="noopener noreferrer">web</a> <a href="#top">top</a> <a href="../x">rel</a></p>'
)


def out(html: str = BODY) -> etree._Element:
    return offline_body(
        html,
        article_href=lambda i: "007-in.html" if i == 7 else None,
        image_src=lambda digest: "images/abc.png" if digest == "abc" else None,
    )


def test_images_are_local_or_placeholders() -> None:
    body = out()
    assert [i.get("src") for i in body.iter("img")] == ["images/abc.png"]
    assert [s.text for s in body.iter("span") if s.get("class") == "image-placeholder"] == [
        "[image: lost]", "[image: remote]", "[image]",
    ]
    loads = resource_loads(etree.tostring(body, method="html", encoding="unicode"))
    assert remote(loads) == [] and loads == ["img@src=images/abc.png"]


def test_links_within_the_export_stay_app_links_go() -> None:
    links = {"".join(a.itertext()): a.get("href") for a in out().iter("a")}
    assert links == {
        "In the export": "007-in.html", "Not in it": None, "Unresolved": None, "Boxed": "https://news.example/s",
        "web": "https://news.example/", "top": None, "rel": None,
    }
    assert all("rel" not in a.attrib for a in out().iter("a") if a.get("href") is None)


def test_the_pane_callout_box_becomes_its_related_line() -> None:
    body = out()
    assert not list(body.iter("table", "td"))
    boxed = [p for p in body.iter("p") if p.get("class") == "related-line"][-1]
    assert "".join(boxed.itertext()) == "Related: Boxed"


def test_slug() -> None:
    assert slug("Callouts <&> \"quotes\" — at Dawn!") == "callouts-quotes-at-dawn"
    assert slug("???") == "article"
