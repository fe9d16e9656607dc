"""The one error a backup or a restore raises: a message for the user."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; ``str(exc)`` says why, in one line."""
