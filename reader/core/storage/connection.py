"""One connection to the library file, and the one place SQLite errors become Byline errors.

``StoreBase`` opens (creating and migrating) the file in WAL mode and gives the
domain mixins two doors: ``transaction()`` for a short ``BEGIN IMMEDIATE``
write, and the connection itself for reads. Every statement, read or write,
runs through ``_Connection``/``_Cursor``, which hand any SQLite fault to
``classify``: a damaged file becomes ``CorruptLibraryError``, a full disk, a
read-only place or a lock held too long becomes ``StorageError``. Other SQLite
errors (our own SQL, an FTS5 syntax error) stay what they are: a bug is loud,
and search turns its own syntax errors into ``QueryError``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from reader.core.errors import CorruptLibraryError, StorageError
from reader.core.storage.fts import TextHints, register_functions
from reader.core.storage.schema import COMPACTING, MIGRATIONS, SCHEMA_VERSION, statements
from reader.i18n import N_, _

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
CACHE_KB = 32_000  # page cache per connection: searches on a big library reuse it
WRITER_CACHE_KB = 8_000  # a refresh writes new pages; a big cache only raises its peak memory
BULK_CHECKPOINT_PAGES = 50_000  # ~200 MB of WAL before a checkpoint during a refresh
COMPACT_MAX_BYTES = 4 << 30  # past this, a migration that frees space leaves the free pages for reuse

# Primary SQLite result codes of faults in the file or the disk, not in our SQL.
_STORAGE_CODES = {3, 5, 6, 8, 10, 13, 14}  # PERM BUSY LOCKED READONLY IOERR FULL CANTOPEN
_CORRUPT_CODES = {11, 26}  # CORRUPT NOTADB
_STORAGE_MESSAGES = ("disk is full", "disk i/o error", "readonly database", "database is locked", "unable to open")
_CORRUPT_MESSAGES = ("malformed", "not a database", "corrupt")

REPAIR_HINT = N_("it was left untouched — run byline rescue, or restore a backup")


def classify(err: BaseException, path: Path | None = None) -> StorageError | None:
    """The user-facing error an SQLite fault stands for, or None when it is not a fault of the file.

    Args:
        err: any exception; only ``sqlite3.DatabaseError`` can be classified.
        path: the library file, named in the message when given.
    """
    if not isinstance(err, sqlite3.DatabaseError):
        return None
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(err)
    low = message.lower()
    where = f" {path}" if path is not None else ""
    if primary in _CORRUPT_CODES or any(m in low for m in _CORRUPT_MESSAGES):
        values = {"where": where, "problem": message, "hint": _(REPAIR_HINT)}
        return CorruptLibraryError(_("the library file%(where)s is damaged (%(problem)s); %(hint)s") % values)
    if primary in _STORAGE_CODES or any(m in low for m in _STORAGE_MESSAGES):
        values = {"where": where, "problem": message}
        return StorageError(_("the library%(where)s could not be used: %(problem)s; nothing was changed") % values)
    return None


def _raise_classified(err: sqlite3.DatabaseError) -> None:
    failure = classify(err)
    if failure is not None:
        try:
            raise failure from err
        finally:
            # The raised error's traceback holds this frame: without this the two keep each other,
            # and the failed cursor with them, until the garbage collector runs, so closing the
            # connection leaves the library's files open (a zombie connection) until then.
            del failure


class _Cursor(sqlite3.Cursor):
    """A cursor whose every step passes SQLite faults through ``classify``.

    Iterating reads all rows at once (``fetchall``): one C call, and one place
    where an error can surface.
    """

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        try:
            super().execute(sql, parameters)
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        try:
            super().executemany(sql, seq_of_parameters)
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise
        return self

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(size if size is not None else self.arraysize)
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]  # rows, not the cursor: see the class docstring
        return iter(self.fetchall())


class _Connection(sqlite3.Connection):
    """A connection whose shortcuts (``execute``, ``executemany``) use ``_Cursor``.

    Attributes:
        text_hints: texts a writer already derived for the bodies it is storing
            (see ``fts.register_functions``); filled and emptied around a write.
    """

    text_hints: TextHints

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        return _Cursor(self).execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        return _Cursor(self).executemany(sql, seq_of_parameters)


Connection = _Connection  # what the mixins' methods receive inside a transaction


class StoreBase:
    """The connection every domain mixin of ``Store`` shares. Not shared between threads."""

    def __init__(self, conn: _Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, check: bool = False) -> Self:
        """Open (creating and migrating as needed) the library at ``path``.

        Raises:
            CorruptLibraryError: the file is not a database or fails its check;
                the file is left exactly as it was.
            StorageError: the file cannot be opened or written.
        """
        path = Path(path)
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False, factory=_Connection
            )
        except sqlite3.Error as err:
            raise StorageError(_("cannot open the library at %(path)s: %(err)s") % {"path": path, "err": err}) from err
        store = cls(conn, path)
        try:
            store._configure()
            if check:
                store.check_integrity()
            store._migrate()
        except StorageError as err:
            conn.close()
            if isinstance(err, CorruptLibraryError) or str(path) in str(err):
                raise
            raise type(err)(_("cannot open the library at %(path)s: %(err)s") % {"path": path, "err": err}) from err
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StorageError(_("cannot open the library at %(path)s: %(err)s") % {"path": path, "err": err}) from err
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self) -> None:
        c = self._conn
        c.text_hints = {}
        register_functions(c, c.text_hints)
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the header here is what fails fast on a file that is not SQLite.
        try:
            c.execute("PRAGMA user_version").fetchone()
        except CorruptLibraryError as err:
            raise CorruptLibraryError(self._damaged(err.__cause__)) from err
        mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("journal mode is %s, not WAL", mode)
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA temp_store = MEMORY")
        c.execute(f"PRAGMA cache_size = -{CACHE_KB}")

    def _damaged(self, cause: BaseException | None) -> str:
        """The one-line message for this library file found damaged."""
        return _("the library file %(path)s is damaged (%(cause)s); %(hint)s") % {"path": self.path, "cause": cause, "hint": _(REPAIR_HINT)}

    def check_integrity(self, cancel: threading.Event | None = None) -> bool:
        """Run SQLite's quick check; raise CorruptLibraryError on any problem.

        Args:
            cancel: set it to stop the check early (it reads the whole file).

        Returns:
            True when the check ran to the end (and found nothing), False when cancelled.
        """
        done = threading.Event()
        if cancel is not None:
            def interrupt_when_cancelled() -> None:
                while not done.wait(0.1):
                    if cancel.is_set():
                        self._conn.interrupt()
                        return

            threading.Thread(target=interrupt_when_cancelled, name="byline-check-cancel", daemon=True).start()
        try:
            rows = [r[0] for r in self._conn.execute("PRAGMA quick_check(5)")]
        except CorruptLibraryError as err:
            raise CorruptLibraryError(self._damaged(err.__cause__)) from err
        except sqlite3.OperationalError as err:
            if cancel is not None and cancel.is_set() and "interrupt" in str(err):
                return False
            raise
        finally:
            done.set()
        if rows != ["ok"]:
            found = "; ".join(" ".join(str(r).split()) for r in rows)  # SQLite's report spans lines: one line here
            failed = {"path": self.path, "found": found, "hint": _(REPAIR_HINT)}
            raise CorruptLibraryError(_("the library file %(path)s failed its integrity check (%(found)s); %(hint)s") % failed)
        return True

    @property
    def version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            newer = {"path": self.path, "schema": current}
            raise StorageError(_("the library at %(path)s was written by a newer Byline (schema %(schema)s); upgrade Byline") % newer)
        compact = False
        for version in range(current, target):
            with self.transaction() as c:
                for statement in statements(MIGRATIONS[version]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {version + 1}")
            log.info("library migrated to schema %d", version + 1)
            compact = compact or (current > 0 and version + 1 in COMPACTING)
        if compact:
            self._compact()

    def _compact(self) -> None:
        """Give the pages a migration freed back to the disk (VACUUM), unless the file is too big to copy now."""
        try:
            size = self.path.stat().st_size
        except OSError:
            return
        if size > COMPACT_MAX_BYTES:
            log.info("library of %d bytes not compacted after migrating; its free pages will be reused", size)
            return
        self._conn.execute("VACUUM")

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def erasing_writes(self) -> Iterator[None]:
        """Writes whose old values must not linger in the file (a password moved out of a URL).

        SQLite zeroes what they overwrite or delete (``secure_delete``), and the
        WAL is copied back and emptied afterwards, so the old bytes are gone
        from the library file and its WAL, whatever SQLite's build default.
        """
        c = self._conn
        before = c.execute("PRAGMA secure_delete").fetchone()[0]
        c.execute("PRAGMA secure_delete = ON")
        try:
            yield
        finally:
            c.execute(f"PRAGMA secure_delete = {int(before)}")
            try:
                c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except (sqlite3.OperationalError, StorageError):  # busy: a later checkpoint overwrites the pages
                log.debug("checkpoint after erasing writes deferred", exc_info=True)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for a write-heavy job (a refresh): a smaller page cache, and the
        WAL copied back into the database once at the end instead of every 4 MB."""
        c = self._conn
        c.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
        c.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            c.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            c.execute("PRAGMA wal_autocheckpoint = 1000")
            try:
                c.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except (sqlite3.OperationalError, StorageError):  # busy: the next commit's auto-checkpoint will do it
                log.debug("checkpoint after a refresh deferred", exc_info=True)

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        """One short write transaction; rolled back on any exception."""
        c = self._conn
        try:
            c.execute("BEGIN IMMEDIATE")
        except StorageError as err:
            raise StorageError(_("the library is busy or read-only: %(cause)s") % {"cause": err.__cause__}) from err
        try:
            yield c
        except BaseException as exc:
            # SQLite rolls back by itself on some errors (disk full, I/O error);
            # a second ROLLBACK would raise and hide the real cause.
            if c.in_transaction:
                c.execute("ROLLBACK")
            failure = classify(exc, None) if isinstance(exc, sqlite3.DatabaseError) else None
            if failure is not None:
                raise failure from exc
            raise
        else:
            try:
                c.execute("COMMIT")
            except StorageError:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise

    def backup_to(self, dest: str | Path) -> None:
        """Copy the whole library, consistently, to ``dest`` (SQLite backup API)."""
        target = sqlite3.connect(dest)
        try:
            self._conn.backup(target)
        except sqlite3.DatabaseError as err:
            _raise_classified(err)
            raise
        finally:
            target.close()


def rows_per_statement(c: sqlite3.Connection, values_per_row: int, most: int) -> int:
    """How many rows of ``values_per_row`` values one statement may bind: at most ``most``, within SQLite's limit."""
    try:
        limit = c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):  # pragma: no cover - Python 3.11 has getlimit
        limit = 999
    return max(1, min(most, limit // values_per_row))


def placeholders(values: Sequence[object]) -> str:
    """``?,?,?`` for an ``IN (...)`` list of ``values``."""
    return ",".join("?" * len(values))
