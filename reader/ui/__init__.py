"""The Byline window (PySide6). Reaches the library only through ``reader.core.library.Library``."""
