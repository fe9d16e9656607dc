"""Where the shared corpus of real files lives: ``../shared/corpus`` beside the repository.

Looked for, in order: the ``CONTACTS_CORPUS`` variable; ``../shared/corpus``
beside this checkout; ``../shared/corpus`` beside the checkout this one was
cloned from (so a clone made in a temporary folder still finds it). The files
are never copied into the project. When the corpus is nowhere, its tests skip
and say so (a machine without ``../shared`` can still run the suite); once it
is found, or ``CONTACTS_CORPUS`` names it, a missing file is a failure.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus"


def _origin() -> Path | None:
    """The folder this checkout was cloned from, when that is a local folder."""
    try:
        url = subprocess.run(
            ["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = (
        Path(url.removeprefix("file://"))
        if url and "://" not in url.replace("file://", "")
        else None
    )
    return path.resolve() if path is not None and path.is_dir() else None


def _locate() -> Path:
    named = os.environ.get("CONTACTS_CORPUS")
    if named:
        return Path(named)
    origin = _origin()
    for candidate in (DEFAULT, origin.parent / "shared" / "corpus" if origin else None):
        if candidate is not None and candidate.is_dir():
            return candidate
    return DEFAULT


CORPUS = _locate()
REQUIRED = bool(os.environ.get("CONTACTS_CORPUS")) or CORPUS.is_dir()
MISSING = f"the shared corpus is not at {CORPUS} (../shared/corpus beside the repository)"


def absent(path: Path) -> bool:
    """Whether tests of ``path`` should skip: it is missing and no corpus was found
    or named (with one, they run, and fail without the file)."""
    return not REQUIRED and not path.exists()


def require(path: Path) -> Path:
    """``path`` inside the corpus; skips (or fails, when required) if it is not there."""
    if not path.exists():
        if REQUIRED:
            pytest.fail(f"{path} is missing from CONTACTS_CORPUS")
        pytest.skip(f"{MISSING}: no {path.name}")
    return path


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir() and not REQUIRED, reason=MISSING)
