"""Web HTML made to fit the HTML content models for EPUB chapters, every word kept."""

from __future__ import annotations

import pytest
from lxml import etree

from reader.core.content.htmltree import parse_fragment
from reader.core.export.xhtml import XHTML_NS, xhtml_body


def fixed(html: str) -> etree._Element:
    """``html`` through xhtml_body, as an XHTML <div> parsed back from its serialization (well-formed or it raises)."""
    div = etree.Element(f"{{{XHTML_NS}}}div", nsmap={None: XHTML_NS})
    xhtml_body(parse_fragment(html), div)
    return etree.fromstring(etree.tostring(div))


def shape(el: etree._Element) -> str:
    """A compact picture of the tree: tag(children...) with text as quoted words."""
    parts = []
    if (el.text or "").strip():
        parts.append(repr(" ".join(el.text.split())))
    for child in el:
        parts.append(shape(child))
        if (child.tail or "").strip():
            parts.append(repr(" ".join(child.tail.split())))
    return f"{etree.QName(el).localname}({', '.join(parts)})"


def words(el: etree._Element) -> list[str]:
    """Every word of every text node (blocks run together in itertext, so it is not used)."""
    return [w for node in el.iter() for piece in (node.text, node.tail) for w in (piece or "").split()]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<span><div>b</div></span>c</p>", "div(p('a', span('b'), 'c'))"),
        ("<h2><span><p>head</p></span></h2>", "div(h2(span('head')))"),
        ("<ul>stray<li>x</li><p>para</p></ul>", "div(ul(li('stray'), li('x'), li(p('para'))))"),
        ("<ol><li>one</li>two</ol>", "div(ol(li('one'), li('two')))"),
        ("<dl><dt>t</dt><dd>d</dd></dl>", "div(dl(dt('t'), dd('d')))"),
        ("<dl><dd>d first</dd><dt>t</dt></dl>", "div(div(div('d first'), p('t')))"),
        ("<blockquote>q<li>stray</li></blockquote>", "div(blockquote('q', div('stray')))"),
        ("<table><tr><td>1</td></tr></table>", "div(table(tr(td('1'))))"),
        ("<table><tr><td>1</td></tr><tbody><tr><td>2</td></tr></tbody></table>", "div(div(div(div('1')), div(div(div('2')))))"),
        ("<table><tbody><tr><td>b</td></tr></tbody><thead><tr><th>h</th></tr></thead></table>",
         "div(div(div(div(div('b'))), div(div(div('h')))))"),
        ("<p>rule<em>in<hr>line</em></p>", "div(p('rule', em('in line')))"),
        ("<pre><div>code</div></pre>", "div(pre('code'))"),
    ],
)
def test_content_models(html: str, expected: str) -> None:
    assert shape(fixed(html)) == expected


def test_nothing_is_lost_from_a_mess() -> None:
    mess = "<p>one<ul><li>two</li></ul>three</p><table><caption>four</caption><tr><td>five</td></tr><p>six</p></table>"
    assert sorted(words(fixed(mess))) == sorted(["one", "two", "three", "four", "five", "six"])


def test_attribute_values_the_models_reject_are_dropped_or_encoded() -> None:
    root = fixed(
        '<p><img src="images/a.png" width="100%" height="12"><a href="https://x.example/a b">s</a>'
        '<a href="https://x.example/100%zz">p</a><a href="http://">empty host</a>'
        '<time datetime="last tuesday">Tue</time><time>2026-11-02</time><time datetime="2026-11-02T10:00Z">x</time></p>'
        '<table><tr><td colspan="abc" rowspan="2">c</td></tr></table>'
    )
    ns = f"{{{XHTML_NS}}}"
    img = root.find(f".//{ns}img")
    assert img.attrib == {"src": "images/a.png", "height": "12", "alt": ""}
    assert [a.get("href") for a in root.iter(f"{ns}a")] == ["https://x.example/a%20b", "https://x.example/100%25zz", None]
    assert [etree.QName(t).localname for t in root.iter(f"{ns}time", f"{ns}span")] == ["span", "time", "time"]
    assert root.find(f".//{ns}td").attrib == {"rowspan": "2"}


def test_characters_xml_cannot_hold_are_left_out() -> None:
    root = fixed("<p>a\x0bb\ufffec \U0001F30A</p>")
    assert "".join(root.itertext()) == "abc \U0001F30A"
