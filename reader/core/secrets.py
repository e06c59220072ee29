"""Where passwords live: the system keyring when one works, else a file only the user can read.

Feed logins and sync accounts keep their secrets here and nowhere else: never
in the library database, OPML, backups, logs or output. A secret is found by a
key the caller chooses ("feed:12", "account:3") and holds a user name and a
password (or token).

* ``KeyringSecrets`` uses the ``keyring`` package's backend (Secret Service,
  KWallet, macOS Keychain, Windows Credential Locker) when it is a real one.
* ``FileSecrets`` keeps a JSON file with mode 0600, written atomically, in the
  config dir (or in the data dir the user named with ``--data-dir``).

``open_secrets`` picks one: ``BYLINE_SECRETS=file`` forces the file (tests,
headless machines); otherwise a working keyring wins.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.core.errors import StorageError
from reader.i18n import _

log = logging.getLogger(__name__)

SERVICE = "byline"
FILE_NAME = "secrets.json"
ENV = "BYLINE_SECRETS"  # "file" or "keyring"


@dataclass(frozen=True)
class Login:
    """A user name and its password or token. ``repr`` never shows the password."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Login(user={self.user!r}, password=<hidden>)"


class Secrets(Protocol):
    """A place to keep logins by key."""

    kind: str

    def get(self, key: str) -> Login | None: ...

    def put(self, key: str, login: Login) -> None: ...

    def delete(self, key: str) -> None: ...


class FileSecrets:
    """Logins in one JSON file that only its owner can read or write (mode 0600)."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as err:
            values = {"path": self.path, "err": err.strerror or err}
            raise StorageError(_("cannot read the password file %(path)s: %(err)s") % values) from err
        try:
            data = json.loads(raw)
        except ValueError as err:
            values = {"path": self.path}
            raise StorageError(_("the password file %(path)s is damaged; remove it and enter the passwords again") % values) from err
        return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                os.fchmod(out.fileno(), 0o600)
                json.dump(data, out, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, self.path)
        except OSError as err:
            partial.unlink(missing_ok=True)
            values = {"path": self.path, "err": err.strerror or err}
            raise StorageError(_("cannot write the password file %(path)s: %(err)s") % values) from err

    def get(self, key: str) -> Login | None:
        found = self._read().get(key)
        if not found or "user" not in found or "password" not in found:
            return None
        return Login(str(found["user"]), str(found["password"]))

    def put(self, key: str, login: Login) -> None:
        data = self._read()
        data[key] = {"user": login.user, "password": login.password}
        self._write(data)

    def delete(self, key: str) -> None:
        data = self._read()
        if data.pop(key, None) is not None:
            self._write(data)


class KeyringSecrets:
    """Logins in the system keyring: the user name and the password as one entry per key."""

    kind = "keyring"

    def __init__(self, service: str = SERVICE) -> None:
        import keyring

        self._keyring = keyring
        self.service = service

    def get(self, key: str) -> Login | None:
        try:
            raw = self._keyring.get_password(self.service, key)
        except Exception as err:
            raise StorageError(_("the system keyring could not be read (%(err)s)") % {"err": type(err).__name__}) from err
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return Login(str(data["user"]), str(data["password"]))
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, login: Login) -> None:
        try:
            self._keyring.set_password(self.service, key, json.dumps({"user": login.user, "password": login.password}))
        except Exception as err:
            raise StorageError(_("the system keyring could not store the password (%(err)s)") % {"err": type(err).__name__}) from err

    def delete(self, key: str) -> None:
        try:
            self._keyring.delete_password(self.service, key)
        except Exception:  # noqa: BLE001 - absent already, or a backend that cannot delete: nothing to keep
            log.debug("keyring entry %s was not there to delete", key)


class MemorySecrets:
    """Logins kept in memory only: what the user gave for this session without asking Byline to remember it."""

    kind = "memory"

    def __init__(self) -> None:
        self._logins: dict[str, Login] = {}

    def get(self, key: str) -> Login | None:
        return self._logins.get(key)

    def put(self, key: str, login: Login) -> None:
        self._logins[key] = login

    def delete(self, key: str) -> None:
        self._logins.pop(key, None)


def keyring_works() -> bool:
    """Whether the ``keyring`` package is installed and has a real backend (not the fail or null one)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend configuration means no keyring
        return False
    name = type(backend).__module__
    return not isinstance(backend, fail.Keyring) and not name.endswith(("null", "fail"))


def open_secrets(folder: Path) -> Secrets:
    """The keyring when one works (and ``BYLINE_SECRETS`` does not say "file"), else ``folder``/secrets.json."""
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted != "file" and keyring_works():
        return KeyringSecrets()
    return FileSecrets(folder / FILE_NAME)


__all__ = ["FileSecrets", "KeyringSecrets", "Login", "MemorySecrets", "Secrets", "keyring_works", "open_secrets"]
