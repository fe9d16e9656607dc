"""ETags and ``If-Match``: no lost update between two devices.

A resource's ETag is a digest of what the API shows of it. A client that
changes it sends back the ETag it read as ``If-Match``; when the resource
changed meanwhile (another device saved first) the answer is 412 and nothing
is saved. Without ``If-Match`` the change is made (as in most APIs); ``*``
matches any current version.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest

from keepwarm.api.problems import ApiError


def tag_of(shown: Any) -> str:
    """A strong ETag of ``shown`` (what the API answers: a dict or a schema)."""
    if hasattr(shown, "model_dump"):
        shown = shown.model_dump(mode="json")
    raw = json.dumps(shown, sort_keys=True, separators=(",", ":"), default=str)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [part.strip().removeprefix("W/") for part in header.split(",") if part.strip()]


def check(request: HttpRequest, current: str) -> None:
    """412 when the request's ``If-Match`` names a version other than ``current``."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    wanted = _tags(header)
    if "*" in wanted or current in wanted:
        return
    raise ApiError(
        412,
        "It changed since you read it: read it again (a new ETag) and redo the change.",
        headers={"ETag": current},
    )
