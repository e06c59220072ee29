"""Media RSS captions: which entry text is a picture's caption, and which picture it belongs to.

feedparser (and the fast path, which copies it) reads ``<media:description>``
as if it were a second ``<description>``: the caption lands in the entry's
``content`` (or its summary, when it comes first) and the story can end up as
nothing but the caption. ``entry_media`` reads the Media RSS parts of each
entry on its own, so ``parse`` can tell the story from the caption and keep
the caption beside its image.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

__all__ = ["MediaCaption", "captioned_figure", "entry_media"]

MRSS = "http://search.yahoo.com/mrss/"
_DESCRIPTION = f"{{{MRSS}}}description"
_CONTENT = f"{{{MRSS}}}content"
_THUMBNAIL = f"{{{MRSS}}}thumbnail"
_GROUP = f"{{{MRSS}}}group"
_ENTRY_TAGS = ("item", "{http://purl.org/rss/1.0/}item", "{http://www.w3.org/2005/Atom}entry")
_MAX_CAPTIONS = 20


@dataclass(frozen=True)
class MediaCaption:
    """A Media RSS description and the image it describes (None when it names none)."""

    text: str
    image_url: str | None


def _is_image(el: etree._Element) -> bool:
    if el.tag == _THUMBNAIL:
        return True
    medium = (el.get("medium") or "").strip().lower()
    mime = (el.get("type") or "").strip().lower()
    return medium == "image" or mime.startswith("image/")


def _first_image(parent: etree._Element) -> str | None:
    for child in parent:
        if child.tag in (_CONTENT, _THUMBNAIL) and _is_image(child):
            url = (child.get("url") or "").strip()
            if url:
                return url
    for child in parent:
        if child.tag == _CONTENT:  # a thumbnail of a video is the picture its caption goes with
            for grand in child:
                if grand.tag == _THUMBNAIL and (grand.get("url") or "").strip():
                    return (grand.get("url") or "").strip()
    return None


def _captions_of(entry: etree._Element) -> list[MediaCaption]:
    out: list[MediaCaption] = []
    for desc in entry.iter(_DESCRIPTION):
        text = "".join(desc.itertext()).strip()
        if not text:
            continue
        holder = desc.getparent()
        url: str | None = None
        if holder is not None and holder.tag in (_CONTENT, _THUMBNAIL):
            url = (holder.get("url") or "").strip() or None if _is_image(holder) else _first_image(holder)
        elif holder is not None:
            url = _first_image(holder)  # an entry or a media:group: its picture
        out.append(MediaCaption(text, url))
        if len(out) >= _MAX_CAPTIONS:
            break
    return out


def entry_media(data: bytes) -> list[list[MediaCaption]] | None:
    """The Media RSS captions of every entry, in document order; None when the document has none.

    Only documents that declare the Media RSS namespace and hold a description
    in it are read a second time (lxml, recovering, no network, no entities).
    """
    if MRSS.encode() not in data or b"description" not in data:
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    entries = list(root.iter(*_ENTRY_TAGS))
    found = [_captions_of(el) for el in entries]
    return found if any(found) else None


def captioned_figure(image_url: str, caption: str) -> str:
    """HTML of a picture with its caption, for the top of a story that does not show it.

    The image has an empty alt: the caption under it already says what it shows.
    """
    from html import escape

    return (
        f'<figure><img src="{escape(image_url)}" alt="">'
        f"<figcaption>{escape(caption, quote=False)}</figcaption></figure>"
    )
