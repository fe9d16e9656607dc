"""The API itself: one ``NinjaAPI`` with every router, its sign-in, its error
shape and its document."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from keepwarm.api import calls, people, person_rows, problems, touch_log, transfers, week_plan
from keepwarm.api.auth import AUTH


class Api(NinjaAPI):
    """Every route gives its ``operation_id``: it is the route's URL name too, so
    the document, the URL resolver and the tests name an operation alike."""

    def get_operation_url_name(self, operation: Any, router: Any) -> str:
        if not operation.operation_id:
            raise ValueError(f"{operation.view_func.__name__}: give the route an operation_id")
        return str(operation.operation_id)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return problems.documented(super().get_openapi_schema(**kwargs))


api = Api(
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

for module in (people, person_rows, touch_log, week_plan, calls, transfers):
    api.add_router("/", module.router)
