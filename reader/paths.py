"""Where Byline keeps its data.

Order of precedence: an explicit directory (``--data-dir``), the environment
variable ``BYLINE_DATA_DIR``, then the platform's user data dir from appdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BYLINE_DATA_DIR"
DB_NAME = "library.sqlite3"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to use, creating it if missing."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
    else:
        import appdirs

        path = Path(appdirs.user_data_dir("byline", appauthor=False))
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secrets_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the password file lives when there is no keyring.

    The user's config dir, unless a data dir was named (``--data-dir`` or
    ``BYLINE_DATA_DIR``): then the whole library, this file included, stays in it.
    """
    if explicit or os.environ.get(ENV_VAR):
        return data_dir(explicit)
    import appdirs

    return Path(appdirs.user_config_dir("byline", appauthor=False)).expanduser()


def resources_dir() -> Path:
    """The bundled resources (stylesheets, icons, .desktop entry, sample library).

    They are package data (``reader/resources``), so a plain ``pip install``
    carries them along with the code.
    """
    return Path(__file__).resolve().parent / "resources"
