"""Logging for the command line, set up once after Django's own ``LOGGING``.

A command prints what it did and its errors; the libraries it uses (the PDF
and font code behind labels, the database driver, the mail client…) say only
their warnings and errors. keepwarm's own loggers keep ``KEEPWARM_LOG_LEVEL``
(INFO by default: the worker's "scheduled and sent" line). With
``KEEPWARM_LOG_LEVEL=DEBUG`` every library speaks too, for finding a fault.
"""

from __future__ import annotations

import logging

OWN = "keepwarm"
LIBRARIES_FROM = logging.WARNING


def configure(level_name: str) -> None:
    """Quiet every logger but keepwarm's below ``LIBRARIES_FROM`` (unless DEBUG)."""
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.INFO
    logging.getLogger(OWN).setLevel(level)
    if level <= logging.DEBUG:
        return
    floor = max(level, LIBRARIES_FROM)
    root = logging.getLogger()
    root.setLevel(floor)
    # Loggers given a level of their own (in LOGGING, or by a library at import).
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if not isinstance(logger, logging.Logger) or name == OWN or name.startswith(OWN + "."):
            continue
        if logger.level != logging.NOTSET and logger.level < floor:
            logger.setLevel(floor)


def configure_from_settings() -> None:
    from django.conf import settings

    configure(str(settings.LOGGING.get("root", {}).get("level", "INFO")))
