"""An online copy of the whole SQLite database, safe while the server runs."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from keepwarm.backup.errors import BackupError


def copy_database(target: Path) -> int:
    """Copy the database to ``target`` with SQLite's backup API (a consistent
    snapshot even while others write). Returns the size in bytes.

    ``BackupError`` on PostgreSQL, which has its own tool for this.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        raise BackupError(
            f"The database is {connection.display_name}, not SQLite: copy it with its own "
            "tool (for PostgreSQL: pg_dump --format=custom), or back up each account "
            "with `keepwarm backup -o FILE`."
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder.")
    connection.ensure_connection()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    os.close(handle)
    try:
        copy = sqlite3.connect(temporary)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target.stat().st_size
