"""Byline: a desktop news reader.

The package is named ``reader`` (the user's layout); the distribution and the
command are ``byline``. The facade is ``reader.core.library.open_library``.
"""

__version__ = "0.1.0"
