"""The library's schema, as forward-only migrations.

Each step takes the database from version i to i + 1 (``PRAGMA user_version``).
Never edit a released step; add a new one at the end.
"""

from __future__ import annotations

import sqlite3

from reader.core.storage import fts

_V1 = """
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX folders_by_parent_title ON folders(ifnull(parent_id, 0), title);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
    url TEXT NOT NULL UNIQUE,
    site_url TEXT,
    title TEXT NOT NULL DEFAULT '',
    user_title TEXT,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_checked REAL,
    last_updated REAL,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    next_check REAL,
    gone INTEGER NOT NULL DEFAULT 0,
    ttl_seconds INTEGER,
    interval_override INTEGER,
    problem TEXT
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    guid TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    author TEXT,
    published REAL,
    updated REAL,
    first_seen REAL NOT NULL,
    sort_date REAL NOT NULL,
    html TEXT NOT NULL DEFAULT '',
    is_html INTEGER NOT NULL DEFAULT 1,
    base_url TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    enclosures TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    saved INTEGER NOT NULL DEFAULT 0,
    saved_at REAL,
    orphan_feed_title TEXT,
    UNIQUE (feed_id, guid)
);
CREATE INDEX articles_by_date ON articles(sort_date DESC, id DESC);
CREATE INDEX articles_by_feed_date ON articles(feed_id, sort_date DESC, id DESC);
CREATE INDEX articles_unread ON articles(feed_id) WHERE read = 0;
CREATE INDEX articles_saved ON articles(saved_at) WHERE saved = 1;
CREATE INDEX articles_by_title_key ON articles(title_key);
CREATE INDEX articles_by_url ON articles(url);

CREATE TABLE tombstones (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (feed_id, guid)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE article_fts USING fts5(
    title, author, feed, body,
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V2 = """
CREATE TABLE full_copies (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    html TEXT,
    text TEXT,
    fetched_at REAL NOT NULL,
    error TEXT
);
ALTER TABLE feeds ADD COLUMN icon BLOB;
ALTER TABLE feeds ADD COLUMN icon_type TEXT;
ALTER TABLE feeds ADD COLUMN icon_checked REAL;
ALTER TABLE feeds ADD COLUMN allow_images INTEGER;
"""

# Kept images (content-addressed by SHA-256, each stored once) and which article shows
# which image (or why it was refused); the per-feed "fetch full stories" switch.
_V3 = """
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    stored_at REAL NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE article_images (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    hash TEXT REFERENCES images(hash),
    note TEXT,
    PRIMARY KEY (article_id, url)
) WITHOUT ROWID;
CREATE INDEX article_images_by_hash ON article_images(hash) WHERE hash IS NOT NULL;
CREATE INDEX article_images_by_url ON article_images(url);
ALTER TABLE feeds ADD COLUMN full_stories INTEGER NOT NULL DEFAULT 0;
"""

# Sync accounts. An account's feeds are ordinary feeds with ``account_id`` set:
# ``remote_id`` is the server's stream id, ``remote_url`` the feed's real address
# (``url`` holds a unique ``sync:<account>:<stream>`` key), and an article's guid
# is the server's item id. ``sync_changes`` holds each local mark
# not yet accepted by the server: one row per (item, field), the latest intent,
# written in the same transaction as the mark.
_V4 = """
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    user TEXT NOT NULL,
    folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
    added_at REAL NOT NULL,
    last_sync REAL,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    next_try REAL,
    synced_since REAL
);
ALTER TABLE feeds ADD COLUMN account_id INTEGER REFERENCES accounts(id);
ALTER TABLE feeds ADD COLUMN remote_id TEXT;
ALTER TABLE feeds ADD COLUMN remote_url TEXT;
CREATE INDEX feeds_by_account ON feeds(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX feeds_by_remote_url ON feeds(remote_url) WHERE remote_url IS NOT NULL;
CREATE TABLE sync_changes (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('read', 'saved')),
    value INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, item_id, field)
) WITHOUT ROWID;
"""

# One copy of each body: the FTS index reads its text from the articles (external
# content) instead of keeping a second copy, and new bodies are stored compressed
# (see fts.py). Old bodies are compressed here; the index is rebuilt from them.
_V5 = f"""
ALTER TABLE articles ADD COLUMN fts_feed TEXT;
UPDATE articles SET fts_feed = (SELECT feed FROM article_fts WHERE rowid = articles.id);
DROP TRIGGER articles_fts_delete;
DROP TABLE article_fts;
UPDATE articles SET html = {fts.PACK_SQL}(html) WHERE typeof(html) = 'text' AND length(html) >= 128;
{fts.SCHEMA}
INSERT INTO article_fts(article_fts) VALUES ('rebuild');
"""

# The Unread list (the window's first page) in date order without reading a row:
# at 100k articles its ids took 3.3 s through articles_by_date plus a look-up of
# every row's read flag, 42 ms through this covering partial index.
_V6 = """
CREATE INDEX articles_unread_by_date ON articles(sort_date DESC, id DESC) WHERE read = 0;
"""

# Feeds that need a login (the credentials themselves live in the keyring or the
# 0600 password file, never here) and a feed's own User-Agent.
_V7 = """
ALTER TABLE feeds ADD COLUMN login INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN user_agent TEXT;
"""

# Rules and smart feeds. A hidden article (a rule's "hide") is kept and searchable but
# listed and counted nowhere else. The tree's counts are kept by triggers, so they cost
# the same on a million articles as on a hundred: ``feed_counts`` holds, per feed (0 for
# articles whose feed was deleted), its unread articles and its saved ones; each smart
# feed (a saved search) keeps its unread count, over its matches indexed in
# ``smart_members`` as articles are stored. Unread means read = 0 AND hidden = 0 (and,
# for a smart feed, that its is:read / is:saved filters hold); saved means saved = 1
# AND hidden = 0.
_V8 = """
ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_hidden ON articles(id) WHERE hidden = 1;

CREATE TABLE feed_counts (
    feed_key INTEGER PRIMARY KEY,
    unread INTEGER NOT NULL DEFAULT 0,
    saved INTEGER NOT NULL DEFAULT 0
);
INSERT INTO feed_counts(feed_key, unread, saved)
    SELECT ifnull(feed_id, 0), sum(read = 0), sum(saved = 1) FROM articles GROUP BY ifnull(feed_id, 0);

CREATE TABLE rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('read', 'save', 'hide', 'notify')),
    enabled INTEGER NOT NULL DEFAULT 1,
    matched INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);

CREATE TABLE smart_feeds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    criteria TEXT NOT NULL,
    want_read INTEGER,
    want_saved INTEGER,
    position INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE smart_members (
    article_id INTEGER NOT NULL,
    smart_id INTEGER NOT NULL REFERENCES smart_feeds(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, smart_id)
) WITHOUT ROWID;
CREATE INDEX smart_members_by_feed ON smart_members(smart_id, article_id);

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles
WHEN new.hidden = 0 AND (new.read = 0 OR new.saved = 1)
BEGIN
    INSERT INTO feed_counts(feed_key, unread, saved) VALUES (ifnull(new.feed_id, 0), new.read = 0, new.saved = 1)
        ON CONFLICT(feed_key) DO UPDATE SET unread = unread + excluded.unread, saved = saved + excluded.saved;
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
    UPDATE feed_counts SET unread = unread - (old.read = 0), saved = saved - (old.saved = 1)
        WHERE old.hidden = 0 AND feed_key = ifnull(old.feed_id, 0);
    UPDATE smart_feeds SET unread = unread - 1
        WHERE old.read = 0 AND old.hidden = 0 AND ifnull(want_read, 0) = 0
        AND ifnull(want_saved, old.saved) = old.saved
        AND id IN (SELECT smart_id FROM smart_members WHERE article_id = old.id);
    DELETE FROM smart_members WHERE article_id = old.id;
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF read, hidden, saved, feed_id ON articles
WHEN old.read IS NOT new.read OR old.hidden IS NOT new.hidden OR old.saved IS NOT new.saved
    OR old.feed_id IS NOT new.feed_id
BEGIN
    UPDATE feed_counts SET unread = unread - (old.read = 0), saved = saved - (old.saved = 1)
        WHERE old.hidden = 0 AND feed_key = ifnull(old.feed_id, 0);
    INSERT INTO feed_counts(feed_key, unread, saved)
        SELECT ifnull(new.feed_id, 0), new.read = 0, new.saved = 1 WHERE new.hidden = 0
        ON CONFLICT(feed_key) DO UPDATE SET unread = unread + excluded.unread, saved = saved + excluded.saved;
    UPDATE smart_feeds SET unread = unread
        + (new.read = 0 AND new.hidden = 0 AND ifnull(want_read, 0) = 0 AND ifnull(want_saved, new.saved) = new.saved)
        - (old.read = 0 AND old.hidden = 0 AND ifnull(want_read, 0) = 0 AND ifnull(want_saved, old.saved) = old.saved)
        WHERE id IN (SELECT smart_id FROM smart_members WHERE article_id = new.id);
END;
"""

# A server's Retry-After (429, 503) as the time before which the feed is not asked
# again, even by a manual refresh (only a forced one); NULL when no server said so.
_V9 = """
ALTER TABLE feeds ADD COLUMN wait_until REAL;
"""


# The Saved list in date order, as _V6 does for Unread: without it SQLite walked
# articles_by_date for saved rows, 3.2 s at a million articles with none saved.
_V10 = """
CREATE INDEX articles_saved_by_date ON articles(sort_date DESC, id DESC) WHERE saved = 1;
"""


# Every list's length from the tallies, not only Unread's and Saved's: ``feed_counts``
# also keeps, per feed, its listed articles (hidden = 0). All Articles at a million
# articles counted every row before its first page could show (64 ms with the file
# cached, 160 ms cold); a feed's or a folder's full list counted its rows too. The
# first count reads the feed index, not the rows (0.5 s at a million, not 12 s), then
# takes the hidden ones off.
_V11 = """
ALTER TABLE feed_counts ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
INSERT INTO feed_counts(feed_key, listed)
    SELECT ifnull(feed_id, 0), count(*) FROM articles WHERE true GROUP BY ifnull(feed_id, 0)
    ON CONFLICT(feed_key) DO UPDATE SET listed = excluded.listed;
WITH h(feed_key, n) AS (SELECT ifnull(feed_id, 0), count(*) FROM articles WHERE hidden = 1 GROUP BY ifnull(feed_id, 0))
UPDATE feed_counts SET listed = listed - (SELECT n FROM h WHERE h.feed_key = feed_counts.feed_key)
    WHERE feed_key IN (SELECT feed_key FROM h);

DROP TRIGGER articles_count_insert;
DROP TRIGGER articles_count_delete;
DROP TRIGGER articles_count_update;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles WHEN new.hidden = 0 BEGIN
    INSERT INTO feed_counts(feed_key, unread, saved, listed) VALUES (ifnull(new.feed_id, 0), new.read = 0, new.saved = 1, 1)
        ON CONFLICT(feed_key) DO UPDATE SET
            unread = unread + excluded.unread, saved = saved + excluded.saved, listed = listed + 1;
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
    UPDATE feed_counts SET unread = unread - (old.read = 0), saved = saved - (old.saved = 1), listed = listed - 1
        WHERE old.hidden = 0 AND feed_key = ifnull(old.feed_id, 0);
    UPDATE smart_feeds SET unread = unread - 1
        WHERE old.read = 0 AND old.hidden = 0 AND ifnull(want_read, 0) = 0
        AND ifnull(want_saved, old.saved) = old.saved
        AND id IN (SELECT smart_id FROM smart_members WHERE article_id = old.id);
    DELETE FROM smart_members WHERE article_id = old.id;
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF read, hidden, saved, feed_id ON articles
WHEN old.read IS NOT new.read OR old.hidden IS NOT new.hidden OR old.saved IS NOT new.saved
    OR old.feed_id IS NOT new.feed_id
BEGIN
    UPDATE feed_counts SET unread = unread - (old.read = 0), saved = saved - (old.saved = 1), listed = listed - 1
        WHERE old.hidden = 0 AND feed_key = ifnull(old.feed_id, 0);
    INSERT INTO feed_counts(feed_key, unread, saved, listed)
        SELECT ifnull(new.feed_id, 0), new.read = 0, new.saved = 1, 1 WHERE new.hidden = 0
        ON CONFLICT(feed_key) DO UPDATE SET
            unread = unread + excluded.unread, saved = saved + excluded.saved, listed = listed + excluded.listed;
    UPDATE smart_feeds SET unread = unread
        + (new.read = 0 AND new.hidden = 0 AND ifnull(want_read, 0) = 0 AND ifnull(want_saved, new.saved) = new.saved)
        - (old.read = 0 AND old.hidden = 0 AND ifnull(want_read, 0) = 0 AND ifnull(want_saved, old.saved) = old.saved)
        WHERE id IN (SELECT smart_id FROM smart_members WHERE article_id = new.id);
END;
"""


MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11)
#: Steps that free much of the file: the store compacts it (VACUUM) after running one.
COMPACTING = frozenset({5})
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner ';')."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return [s for s in out if s]
