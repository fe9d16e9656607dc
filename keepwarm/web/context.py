"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import keepwarm


def site(request: HttpRequest) -> dict[str, Any]:
    return {"keepwarm_version": keepwarm.__version__}
