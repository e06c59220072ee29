"""``python -m reader`` runs the same entry point as the ``byline`` command."""

from reader.cli import main

raise SystemExit(main())
