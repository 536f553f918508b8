"""SQL output: a SQLite database (``--to sqlite``), SQL scripts for SQLite, PostgreSQL and
MySQL/MariaDB, and direct loads into a running server (``--to sql``).

All of them hold the same rows (see ``rows.py``) in the schema declared in ``schema.py``. The
writers (``writer.py``) load on first use, so that the command line can read the dialects'
names in :mod:`.dialects` without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .writer import SqlOptions, open_script, write_sql, write_sqlite

__all__ = ["SqlOptions", "open_script", "write_sql", "write_sqlite"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
