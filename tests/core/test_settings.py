"""Settings: one dataclass, stored one key per field; bad stored values fall back, bad changes are refused."""

from __future__ import annotations

import pytest

from reader.core.errors import InputError
from reader.core.settings import Settings


def test_defaults_of_the_inbox_settings() -> None:
    s = Settings()
    assert (s.notifications, s.keep_in_tray, s.shortcuts) == ("summary", False, ())


def test_stored_values_round_trip() -> None:
    s = Settings().replace(notifications="rules", keep_in_tray=True, shortcuts={"refresh": "F5", "next_unread": ""})
    assert s.shortcuts == (("next_unread", ""), ("refresh", "F5"))
    assert s.shortcut_map() == {"refresh": "F5", "next_unread": ""}
    import json

    stored = json.loads(json.dumps(s.as_stored()))  # as the settings table keeps them
    assert Settings.from_stored(stored) == s


@pytest.mark.parametrize(("key", "value"), [
    ("notifications", "loud"), ("notifications", 3), ("keep_in_tray", "yes"), ("shortcuts", "F5"),
    ("shortcuts", [["refresh"]]), ("shortcuts", {"refresh": 5}),
])
def test_bad_changes_are_refused_and_bad_stored_values_fall_back(key: str, value: object) -> None:
    with pytest.raises(InputError):
        Settings().replace(**{key: value})
    assert getattr(Settings.from_stored({key: value}), key) == getattr(Settings(), key)
