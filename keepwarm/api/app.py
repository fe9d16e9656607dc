"""The API itself: one ``NinjaAPI`` with every router, its sign-in, its error
shape and its document."""

from __future__ import annotations

from ninja import NinjaAPI

from keepwarm.api import people, problems
from keepwarm.api.auth import AUTH

api = NinjaAPI(
    title="keepwarm",
    version="1",
    description=(
        "The REST API of keepwarm: people, touches, the agenda and the plan, warm calls, "
        "imports and exports. Send a personal access token as `Authorization: Bearer kw_…` "
        "(Settings → API tokens, or `keepwarm token create NAME`). Errors are problem "
        "details (RFC 9457); lists are paged with `cursor`; changes honour `If-Match`. "
        "Guide: docs/api.md."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)

for module in (people,):
    api.add_router("/", module.router)
