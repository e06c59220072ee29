"""Deterministic benchmark corpus: feeds in four formats, an OPML, a big library.

Everything comes from ``random.Random(seed)`` and a fixed reference time, so the
same arguments give byte-identical files. The text is English-like filler built
from a word list of our own.

    python bench/corpus.py OUTDIR --feeds 200 --entries 50 --seed 1 \
        --base-url http://127.0.0.1:8000/
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FORMATS: tuple[str, ...] = ("rss", "atom", "rdf", "json")
DAY = 86400.0
SPREAD_DAYS = 60

# A fixed vocabulary: common function words repeated so the frequencies look
# roughly like prose, then nouns, verbs and adjectives a newsroom would use.
_FUNCTION = (
    "the the the the of of of and and and to to a a a in in is was for on that "
    "with as by at from it its this but not or be are were has had have will "
    "would could their they he she we after over about into than more most"
).split()
_NOUNS = (
    "city council budget river harbor school teacher student market price tax "
    "election vote minister court judge village farmer harvest storm flood "
    "bridge railway station airport factory worker union strike hospital nurse "
    "doctor patient vaccine museum library archive festival concert theater "
    "film novel author poet painter season league match stadium coach player "
    "senate committee report inquiry police witness trial verdict region "
    "province border treaty summit embassy agency satellite rocket telescope "
    "planet glacier forest drought wildfire coast island mountain valley "
    "network software engineer startup investor bank currency inflation "
    "mortgage tenant landlord housing transit highway cyclist ferry orchard "
    "vineyard fishery reef whale volcano earthquake survey census mayor "
    "governor parliament cabinet reform protest crowd neighbor bakery chef "
    "restaurant recipe garden climate energy turbine battery grid pipeline "
    "refinery chemist laboratory study journal data privacy platform app "
    "device chip browser server outage archive manuscript historian ruin"
).split()
_VERBS = (
    "announced approved rejected delayed opened closed expanded reduced "
    "reported revealed warned promised signed blocked funded built repaired "
    "launched tested measured discovered restored questioned defended "
    "criticized praised visited left joined raised cut doubled halved "
    "recorded published released reviewed studied found proposed debated "
    "celebrated mourned rebuilt moved flooded crossed reached won lost"
).split()
_ADJECTIVES = (
    "new old local national regional early late quiet busy public private "
    "rural urban northern southern eastern western coastal small large rare "
    "common annual seasonal historic modern remote crowded empty sudden "
    "gradual careful bold independent official unofficial final first second "
    "open closed cheap costly green digital ancient young veteran"
).split()
_NAMES = (
    "Ada Basil Clara Dmitri Elena Farid Greta Hugo Ines Jonas Kenji Lina Marco "
    "Nadia Oskar Priya Quentin Rosa Samir Tove Umar Vera Wendell Ximena Yusuf Zora"
).split()
_SURNAMES = (
    "Abbott Brennan Castillo Dahl Eriksen Fontaine Guerra Hale Ito Jansen Kowal "
    "Lindqvist Moreau Novak Okafor Petrov Quinn Rahman Sato Torres Ueda Varga "
    "Whitlock Xu Yilmaz Zeller"
).split()
_TOPICS = ("News", "Technology", "Science", "Culture", "Sports", "Business")
_SUBTOPICS = ("World", "Local", "Analysis", "Opinion", "Features")
_WORDS = _FUNCTION + _NOUNS + _VERBS + _ADJECTIVES


@dataclass(frozen=True)
class Entry:
    """One generated story."""

    guid: str
    url: str
    title: str
    author: str
    published: float
    html: str
    summary: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class FeedSpec:
    """One generated feed: where it lives and what it holds."""

    index: int
    kind: str
    title: str
    path: str  # relative to the corpus dir
    url: str
    site_url: str
    folder: tuple[str, str]
    entries: tuple[Entry, ...] = field(default=(), repr=False)


def default_now() -> float:
    """Today's midnight UTC: the reference time when none is given."""
    return float(int(time.time() // DAY) * DAY)


# --- text ----------------------------------------------------------------------


def make_headline(rng: random.Random) -> str:
    """A short news-like headline in sentence case."""
    parts = [
        rng.choice(_ADJECTIVES).capitalize(),
        rng.choice(_NOUNS),
        rng.choice(_VERBS),
        rng.choice(_FUNCTION[10:]),
        rng.choice(_ADJECTIVES),
        rng.choice(_NOUNS),
    ]
    if rng.random() < 0.5:
        parts += ["in", rng.choice(_NOUNS)]
    return " ".join(parts)


def make_sentence(rng: random.Random) -> str:
    """A sentence of 8-24 vocabulary words."""
    words = rng.choices(_WORDS, k=rng.randint(8, 24))
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice(".....?!")


def make_name(rng: random.Random) -> str:
    return f"{rng.choice(_NAMES)} {rng.choice(_SURNAMES)}"


def make_body(rng: random.Random, base_url: str, headlines: list[str], target: int) -> str:
    """HTML paragraphs of about ``target`` bytes, with links, images and callouts."""
    out: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.07 and headlines:
            headline = rng.choice(headlines)
            style = rng.randrange(3)
            if style == 0:
                block = f"<p>[{escape(headline)}]</p>"
            elif style == 1:
                slug = headline.lower().replace(" ", "-")
                block = f'<p><a href="{base_url}related/{slug}.html">[{escape(headline)}]</a></p>'
            else:
                block = f"<p><strong>[{escape(headline)}]</strong></p>"
        elif roll < 0.12:
            n = rng.randrange(100000)
            alt = " ".join(rng.choices(_NOUNS, k=3))
            block = (
                f'<figure><img src="{base_url}img/{n}.jpg" alt="{alt}" width="640" height="360">'
                f"<figcaption>{escape(make_sentence(rng))}</figcaption></figure>"
            )
        else:
            sentences = [make_sentence(rng) for _ in range(rng.randint(3, 7))]
            if rng.random() < 0.4:
                i = rng.randrange(len(sentences))
                noun = rng.choice(_NOUNS)
                link = f'<a href="{base_url}topics/{noun}.html">{noun}</a>'
                sentences[i] = sentences[i][:-1] + f" (see {link})" + sentences[i][-1]
            block = "<p>" + " ".join(sentences) + "</p>"
        out.append(block)
        size += len(block) + 1
    return "\n".join(out)


# --- feeds -----------------------------------------------------------------------


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc822(ts: float) -> str:
    return format_datetime(datetime.fromtimestamp(ts, UTC), usegmt=True)


def plan_feeds(
    n_feeds: int,
    n_entries: int,
    seed: int,
    base_url: str | Sequence[str],
    now: float | None = None,
) -> list[FeedSpec]:
    """Build every feed and entry in memory (deterministic for given arguments).

    ``base_url`` may be several sites (e.g. one loopback server on many ports):
    feed i is served from site i mod their number, as subscriptions spread
    over many sites in real life.
    """
    bases = [base_url] if isinstance(base_url, str) else list(base_url)
    bases = [b if b.endswith("/") else b + "/" for b in bases]
    now = default_now() if now is None else now
    rng = random.Random(seed)
    headlines = [make_headline(rng) for _ in range(n_feeds * n_entries)]
    feeds: list[FeedSpec] = []
    for i in range(n_feeds):
        base_url = bases[i % len(bases)]
        kind = FORMATS[i % len(FORMATS)]
        ext = "json" if kind == "json" else "xml"
        path = f"feeds/{i:04d}-{kind}.{ext}"
        site = f"{base_url}site/{i:04d}/"
        folder = (rng.choice(_TOPICS), rng.choice(_SUBTOPICS))
        title = f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS).capitalize()} {i:04d}"
        entries = []
        for j in range(n_entries):
            title_j = headlines[i * n_entries + j]
            published = now - rng.random() * SPREAD_DAYS * DAY
            published = float(int(published))
            target = rng.randint(3000, 10000)
            entries.append(
                Entry(
                    guid=f"urn:byline-bench:{seed}:{i}:{j}",
                    url=f"{site}story/{j}.html",
                    title=title_j,
                    author=make_name(rng),
                    published=published,
                    html=make_body(rng, base_url, headlines, target),
                    summary=make_sentence(rng),
                    categories=tuple(sorted(set(rng.choices(_NOUNS, k=rng.randint(1, 3))))),
                )
            )
        entries.sort(key=lambda e: e.published, reverse=True)
        feeds.append(FeedSpec(i, kind, title, path, base_url + path, site, folder, tuple(entries)))
    return feeds


def render_rss(feed: FeedSpec) -> str:
    """RSS 2.0 with content:encoded."""
    items = []
    for e in feed.entries:
        cats = "".join(f"<category>{escape(c)}</category>" for c in e.categories)
        items.append(
            "<item>"
            f"<title>{escape(e.title)}</title><link>{escape(e.url)}</link>"
            f'<guid isPermaLink="false">{escape(e.guid)}</guid>'
            f"<pubDate>{_rfc822(e.published)}</pubDate>"
            f"<dc:creator>{escape(e.author)}</dc:creator>{cats}"
            f"<description>{escape(e.summary)}</description>"
            f"<content:encoded>{escape(e.html)}</content:encoded>"
            "</item>"
        )
    updated = feed.entries[0].published if feed.entries else 0.0
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        f"<title>{escape(feed.title)}</title><link>{escape(feed.site_url)}</link>"
        f"<description>Generated feed {feed.index}</description>"
        f"<lastBuildDate>{_rfc822(updated)}</lastBuildDate>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def render_atom(feed: FeedSpec) -> str:
    """Atom 1.0 with escaped HTML content."""
    items = []
    for e in feed.entries:
        cats = "".join(f"<category term={quoteattr(c)}/>" for c in e.categories)
        items.append(
            "<entry>"
            f"<id>{escape(e.guid)}</id><title>{escape(e.title)}</title>"
            f'<link rel="alternate" href={quoteattr(e.url)}/>'
            f"<published>{_iso(e.published)}</published><updated>{_iso(e.published)}</updated>"
            f"<author><name>{escape(e.author)}</name></author>{cats}"
            f"<summary>{escape(e.summary)}</summary>"
            f'<content type="html">{escape(e.html)}</content>'
            "</entry>"
        )
    updated = feed.entries[0].published if feed.entries else 0.0
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(feed.url)}</id><title>{escape(feed.title)}</title>"
        f"<updated>{_iso(updated)}</updated>"
        f'<link rel="alternate" href={quoteattr(feed.site_url)}/>'
        f'<link rel="self" href={quoteattr(feed.url)}/>\n' + "\n".join(items) + "\n</feed>\n"
    )


def render_rdf(feed: FeedSpec) -> str:
    """RSS 1.0 (RDF) with dc: and content: modules."""
    seq = "".join(f"<rdf:li rdf:resource={quoteattr(e.url)}/>" for e in feed.entries)
    items = []
    for e in feed.entries:
        cats = "".join(f"<dc:subject>{escape(c)}</dc:subject>" for c in e.categories)
        items.append(
            f"<item rdf:about={quoteattr(e.url)}>"
            f"<title>{escape(e.title)}</title><link>{escape(e.url)}</link>"
            f"<dc:date>{_iso(e.published)}</dc:date><dc:creator>{escape(e.author)}</dc:creator>{cats}"
            f"<description>{escape(e.summary)}</description>"
            f"<content:encoded>{escape(e.html)}</content:encoded>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"<channel rdf:about={quoteattr(feed.url)}>"
        f"<title>{escape(feed.title)}</title><link>{escape(feed.site_url)}</link>"
        f"<description>Generated feed {feed.index}</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n" + "\n".join(items) + "\n</rdf:RDF>\n"
    )


def render_json(feed: FeedSpec) -> str:
    """JSON Feed 1.1."""
    doc: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.site_url,
        "feed_url": feed.url,
        "items": [
            {
                "id": e.guid,
                "url": e.url,
                "title": e.title,
                "content_html": e.html,
                "summary": e.summary,
                "date_published": _iso(e.published),
                "authors": [{"name": e.author}],
                "tags": list(e.categories),
            }
            for e in feed.entries
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


RENDERERS = {"rss": render_rss, "atom": render_atom, "rdf": render_rdf, "json": render_json}


def render_opml(feeds: list[FeedSpec], title: str = "Byline benchmark") -> str:
    """OPML 2.0 with every feed in a two-level folder (topic / subtopic)."""
    tree: dict[str, dict[str, list[FeedSpec]]] = {}
    for f in feeds:
        tree.setdefault(f.folder[0], {}).setdefault(f.folder[1], []).append(f)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">']
    lines.append(f"<head><title>{escape(title)}</title></head>")
    lines.append("<body>")
    for top in sorted(tree):
        lines.append(f"  <outline text={quoteattr(top)} title={quoteattr(top)}>")
        for sub in sorted(tree[top]):
            lines.append(f"    <outline text={quoteattr(sub)} title={quoteattr(sub)}>")
            for f in tree[top][sub]:
                lines.append(
                    f'      <outline type="rss" text={quoteattr(f.title)} title={quoteattr(f.title)} '
                    f"xmlUrl={quoteattr(f.url)} htmlUrl={quoteattr(f.site_url)}/>"
                )
            lines.append("    </outline>")
        lines.append("  </outline>")
    lines.append("</body>")
    lines.append("</opml>")
    return "\n".join(lines) + "\n"


def write_corpus(
    outdir: str | Path,
    n_feeds: int = 200,
    n_entries: int = 50,
    seed: int = 1,
    base_url: str | Sequence[str] = "http://127.0.0.1:8000/",
    now: float | None = None,
) -> list[FeedSpec]:
    """Write feeds/ and corpus.opml (plus urls.txt) under ``outdir``; return the plan."""
    out = Path(outdir)
    (out / "feeds").mkdir(parents=True, exist_ok=True)
    feeds = plan_feeds(n_feeds, n_entries, seed, base_url, now)
    for f in feeds:
        (out / f.path).write_bytes(RENDERERS[f.kind](f).encode("utf-8"))
    (out / "corpus.opml").write_bytes(render_opml(feeds).encode("utf-8"))
    (out / "urls.txt").write_bytes("".join(f.url + "\n" for f in feeds).encode("utf-8"))
    return feeds


def write_opml_only(path: str | Path, n_feeds: int, seed: int, base_url: str) -> list[str]:
    """An OPML of ``n_feeds`` feeds with no entries (for import timings); returns URLs."""
    feeds = plan_feeds(n_feeds, 0, seed, base_url, now=0.0)
    Path(path).write_bytes(render_opml(feeds, "Byline import benchmark").encode("utf-8"))
    return [f.url for f in feeds]


# --- a big library, through the store ------------------------------------------------


def iter_article_rows(n_articles: int, seed: int, now: float | None = None) -> Iterator[dict[str, Any]]:
    """Rows for ``Store.bulk_insert_articles``: guid, url, title, author,
    published, html, text, categories. Bodies are smaller (600-2500 bytes) than the
    feed corpus so a million rows stay within a reasonable disk size."""
    now = default_now() if now is None else now
    rng = random.Random(seed)
    for k in range(n_articles):
        sentences = [make_sentence(rng) for _ in range(rng.randint(5, 20))]
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        text = "\n\n".join(paragraphs)
        html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        yield {
            "guid": f"urn:byline-bench-lib:{seed}:{k}",
            "url": f"http://127.0.0.1/lib/{k}.html",
            "title": make_headline(rng),
            "author": make_name(rng),
            "published": float(int(now - rng.random() * SPREAD_DAYS * DAY)),
            "html": html,
            "text": text,
            "categories": sorted(set(rng.choices(_NOUNS, k=rng.randint(1, 3)))),
        }


class MissingPiece(RuntimeError):
    """A part of Byline the benchmark needs is not there (yet)."""


def generate_library(
    data_dir: str | Path,
    n_articles: int,
    seed: int = 1,
    n_feeds: int = 100,
    batch: int = 5000,
) -> int:
    """Fill a Byline library in ``data_dir`` with ``n_articles`` generated articles.

    Feeds are created through the store when it offers ``add_feed``; the articles
    go through ``Store.bulk_insert_articles(feed_id, rows)`` so no SQL lives here.
    Raises ``MissingPiece("store bulk API")`` when the store does not offer it.
    Returns the number of rows handed to the store.
    """
    try:
        from reader.core.storage import store as store_module
        from reader.core.storage.store import Store
    except Exception as err:
        raise MissingPiece(f"store bulk API (reader.core.storage.store: {type(err).__name__}: {err})") from err
    if not hasattr(Store, "open") or not hasattr(Store, "bulk_insert_articles"):
        raise MissingPiece("store bulk API (Store.open / Store.bulk_insert_articles)")
    from reader import paths

    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    row_type = getattr(store_module, "EntryRow", None)
    if row_type is None:
        try:
            from reader.core.storage import rows as rows_module
        except ImportError:
            rows_module = None
        row_type = getattr(rows_module, "EntryRow", None)
    store = Store.open(data / paths.DB_NAME)
    try:
        feed_ids = _make_feeds(store, n_feeds, seed)
        rows: list[Any] = []
        done = 0
        for row in iter_article_rows(n_articles, seed):
            rows.append(_to_row(row_type, row))
            if len(rows) >= batch:
                store.bulk_insert_articles(feed_ids[(done // batch) % len(feed_ids)], rows)
                done += len(rows)
                rows = []
        if rows:
            store.bulk_insert_articles(feed_ids[(done // batch) % len(feed_ids)], rows)
            done += len(rows)
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()
    return done


def _to_row(row_type: Any, row: dict[str, Any]) -> Any:
    """The store's own row type when it has one (``EntryRow``), else the dict."""
    if row_type is None:
        return row
    return row_type(
        guid=row["guid"],
        title=row["title"],
        title_key=" ".join(row["title"].casefold().split()),
        content_hash=hashlib.sha1(row["html"].encode()).hexdigest(),
        url=row["url"],
        author=row["author"],
        published=row["published"],
        html=row["html"],
        text=row["text"],
        categories=tuple(row["categories"]),
    )


def _make_feeds(store: Any, n_feeds: int, seed: int) -> list[int]:
    """Create the library's feeds with the store's ``add_feed``."""
    adder = getattr(store, "add_feed", None)
    if adder is None:
        raise MissingPiece("store bulk API (Store.add_feed to create feeds)")
    ids: list[int] = []
    for i in range(n_feeds):
        url = f"http://127.0.0.1/lib-feed/{seed}/{i}.xml"
        result = adder(url, title=f"Library feed {i}")
        fid = result[0] if isinstance(result, tuple) else getattr(result, "id", result)
        if not isinstance(fid, int):
            raise MissingPiece(f"store bulk API (add_feed returned {type(result).__name__}, not an id)")
        ids.append(fid)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic benchmark corpus.")
    parser.add_argument("outdir")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000/")
    parser.add_argument("--now", type=float, default=None, help="reference UNIX time (default: today 00:00 UTC)")
    args = parser.parse_args(argv)
    feeds = write_corpus(args.outdir, args.feeds, args.entries, args.seed, args.base_url, args.now)
    print(f"{len(feeds)} feeds x {args.entries} entries -> {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
