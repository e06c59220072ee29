"""secrets.py: logins in a 0600 file (tests never touch a real keyring), and the choice between the two."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reader.core.errors import StorageError
from reader.core.secrets import FileSecrets, Login, keyring_works, open_secrets


def test_file_secrets_round_trip_with_owner_only_mode(tmp_path: Path) -> None:
    secrets = FileSecrets(tmp_path / "conf" / "secrets.json")
    assert secrets.get("feed:1") is None
    secrets.put("feed:1", Login("ada", "s3cret pass"))
    secrets.put("account:2", Login("bob", "tok"))
    assert secrets.get("feed:1") == Login("ada", "s3cret pass")
    assert stat.S_IMODE(secrets.path.stat().st_mode) == 0o600
    secrets.delete("feed:1")
    assert secrets.get("feed:1") is None and secrets.get("account:2") == Login("bob", "tok")
    assert not list(secrets.path.parent.glob("*.part"))


def test_login_repr_hides_the_password() -> None:
    assert "s3cret" not in repr(Login("ada", "s3cret")) and "ada" in repr(Login("ada", "s3cret"))


def test_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_text("{not json")
    with pytest.raises(StorageError, match="damaged"):
        FileSecrets(path).get("x")


def test_tests_run_without_a_keyring_and_choose_the_file(tmp_path: Path) -> None:
    assert not keyring_works()
    chosen = open_secrets(tmp_path)
    assert chosen.kind == "file" and isinstance(chosen, FileSecrets) and chosen.path == tmp_path / "secrets.json"
