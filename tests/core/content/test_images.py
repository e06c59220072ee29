"""Which downloaded files are kept as images: sniffed by their bytes, sized, SVG made inert or refused."""

from __future__ import annotations

import hashlib

import pytest
from lxml import etree

from reader.core.content.images import (
    IMAGE_MAX_BYTES,
    ImageRefused,
    check_image,
    clean_svg,
    image_sources,
    sniff_raster,
)
from tests.images import SAFE_SVG, SCRIPT_SVG, jpeg_header, png, png_header, webp_header

GIF_1X1 = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


# --- raster images ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "size"),
    [
        (png(30, 20), "image/png", (30, 20)),
        (jpeg_header(1200, 800), "image/jpeg", (1200, 800)),
        (GIF_1X1, "image/gif", (1, 1)),
        (webp_header(640, 480), "image/webp", (640, 480)),
    ],
)
def test_raster_images_are_known_by_their_bytes(data: bytes, kind: str, size: tuple[int, int]) -> None:
    assert sniff_raster(data) == (kind, size)
    checked = check_image(data, "application/octet-stream")  # the server's word does not matter
    assert (checked.type, (checked.width, checked.height)) == (kind, size)
    assert checked.data == data and checked.hash == hashlib.sha256(data).hexdigest()


def test_an_image_of_the_wrong_declared_type_is_kept_as_what_it_is() -> None:
    assert check_image(png(), "image/jpeg").type == "image/png"


@pytest.mark.parametrize(
    ("data", "declared", "said"),
    [
        (b"<!DOCTYPE html><html><body>Sign in to continue</body></html>", "image/png", "the server called it image/png but it is an HTML page"),
        (b"%PDF-1.7\n...", "image/jpeg", "not an image"),
        (b"", "image/gif", "an empty file"),
        (b"MZ\x90\x00 executable", "image/webp", "not an image"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff", "TIFF"),
    ],
)
def test_a_non_image_with_an_image_type_is_refused_with_a_note(data: bytes, declared: str, said: str) -> None:
    with pytest.raises(ImageRefused, match="not an image") as caught:
        check_image(data, declared)
    assert said in str(caught.value)


def test_a_file_over_the_cap_is_refused_before_anything_else() -> None:
    with pytest.raises(ImageRefused, match=r"too large \(50 MB; images up to 5 MB are kept\)"):
        check_image(png_header(10, 10) + b"\x00" * (50 * 1024 * 1024), "image/png")
    assert check_image(png(), max_bytes=IMAGE_MAX_BYTES).type == "image/png"


@pytest.mark.parametrize(
    "data",
    [png_header(100_000, 10), png_header(10_000, 10_000), jpeg_header(65_000, 65_000), webp_header(16_384, 16_384)],
)
def test_a_pixel_bomb_is_refused_from_its_header(data: bytes) -> None:
    with pytest.raises(ImageRefused, match="too many pixels"):
        check_image(data)


@pytest.mark.parametrize(("data", "kind"), [(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (png_header(0, 5), "PNG")])
def test_a_damaged_header_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(ImageRefused, match=f"a damaged {kind} image"):
        check_image(data)


# --- SVG --------------------------------------------------------------------------------------------


def test_a_plain_svg_is_kept_with_its_drawing_and_local_references() -> None:
    checked = check_image(SAFE_SVG, "image/svg+xml")
    assert checked.type == "image/svg+xml" and checked.width is None
    root = etree.fromstring(checked.data)
    tags = [etree.QName(e).localname for e in root.iter()]
    assert tags == ["svg", "defs", "linearGradient", "stop", "rect", "rect", "use", "text"]
    assert root.find("{http://www.w3.org/2000/svg}rect").get("fill") == "url(#g)"
    assert root.find("{http://www.w3.org/2000/svg}use").get("{http://www.w3.org/1999/xlink}href") == "#dot"
    assert clean_svg(checked.data) == checked.data  # cleaning is stable: same bytes, same hash


def test_an_svg_is_recognised_without_its_type() -> None:
    assert check_image(SAFE_SVG, "text/plain").type == "image/svg+xml"


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        (SCRIPT_SVG, "a script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler onload"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g><rect ONCLICK="x()"/></g></svg>', "event handler ONCLICK"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>', "foreignObject"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="jav&#x09;ascript:alert(1)"><rect/></a></svg>', "javascript"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect/><animate attributeName="href" to="javascript:alert(1)"/></svg>', "javascript"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><metadata><script>x</script></metadata></svg>', "a script"),
        (b'<!DOCTYPE svg [<!ENTITY lol "lol">]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol;</text></svg>', "entities"),
    ],
)
def test_an_svg_that_runs_code_is_refused_whole(svg: bytes, why: str) -> None:
    with pytest.raises(ImageRefused, match="refused") as caught:
        check_image(svg, "image/svg+xml")
    assert why in str(caught.value)


def test_an_svg_loses_everything_that_reaches_outside_it() -> None:
    svg = (
        b'<?xml-stylesheet href="http://127.0.0.1:9/x.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'xmlns:ink="http://www.inkscape.org/namespaces/inkscape" ink:version="1" xml:base="http://127.0.0.1:9/">'
        b"<style>@import url(http://127.0.0.1:9/a.css); rect { fill: url(http://127.0.0.1:9/p.svg#x) }</style>"
        b'<image xlink:href="http://127.0.0.1:9/tracker.png" width="1" height="1"/>'
        b'<use xlink:href="http://127.0.0.1:9/sprites.svg#icon"/>'
        b'<rect width="5" height="5" fill="url(http://127.0.0.1:9/f)" style="fill: url(\'http://127.0.0.1:9/s\')" stroke="red"/>'
        b'<a xlink:href="http://127.0.0.1:9/page"><circle r="2"/></a>'
        b'<feImage href="http://127.0.0.1:9/fe.png"/>'
        b"</svg>"
    )
    clean = check_image(svg).data
    assert b"127.0.0.1" not in clean and b"inkscape" not in clean
    root = etree.fromstring(clean)
    assert [etree.QName(e).localname for e in root.iter()] == ["svg", "use", "rect", "circle"]
    assert root.find("{http://www.w3.org/2000/svg}rect").attrib == {"width": "5", "height": "5", "stroke": "red"}


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        (b"<svg><rect/></svg>", "not an SVG image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "a broken SVG"),
        (b'<html xmlns="http://www.w3.org/2000/svg"><svg/></html>', "not an SVG image"),
    ],
)
def test_what_is_not_a_standalone_svg_is_refused(svg: bytes, why: str) -> None:
    with pytest.raises(ImageRefused, match=why):
        check_image(svg, "image/svg+xml")


# --- which images a body shows --------------------------------------------------------------------


def test_image_sources_lists_web_images_once_in_order_without_pixels() -> None:
    first = '<p><img src="https://a.example/1.png"><img src="data:image/gif;base64,R0lG"></p><img src="/relative.png">'
    second = (
        '<img src="https://a.example/1.png"><img src="http://b.example/2.jpg" alt="x">'
        '<img src="https://t.example/pixel.gif" width="1" height="1"><img src="https://c.example/3.gif" width="1">'
    )
    assert image_sources([first, "", second]) == [
        "https://a.example/1.png", "http://b.example/2.jpg", "https://c.example/3.gif",
    ]
    many = "".join(f'<img src="https://a.example/{i}.png">' for i in range(60))
    assert len(image_sources([many], limit=40)) == 40
