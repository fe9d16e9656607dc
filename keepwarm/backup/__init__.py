"""Lossless backup and restore of one account as versioned JSON, and an online
copy of the whole SQLite database. The file format is described in
``docs/backup.md``; ``schema`` says which rows and fields go into it."""

from __future__ import annotations

from keepwarm.backup.errors import BackupError

__all__ = ["BackupError"]
