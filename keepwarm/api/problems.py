"""Errors as problem details (RFC 9457, ``application/problem+json``).

Every error the API answers is one shape: ``type``, ``title``, ``status``,
``detail`` and, for input that failed a check, ``errors``: one
``{"field", "message"}`` per problem, the field a dotted path into the body or
the name of a query parameter. Django's ``ValidationError`` from a domain
service (the same message the web form shows) becomes a 422 here.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Schema

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Changed meanwhile",
    413: "Too large",
    422: "Invalid input",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
}
log = logging.getLogger(__name__)


class FieldProblem(Schema):
    field: str
    message: str


class Problem(Schema):
    """An error (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[FieldProblem] = []


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def problem(
    status: int,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_path(location: Any) -> str:
    """ninja's ``loc`` ("body", "payload", "name") as the field a client sent."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] in {"payload", "data", "filters", "params"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def from_django(error: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


ANY_OPERATION = {
    400: "The body is not JSON.",
    401: "No token, or one unknown, expired or revoked.",
    403: "The token may only read.",
    422: "The request does not fit the schema, or a service refused a value.",
    429: "Over the token's rate limit: wait `Retry-After` seconds.",
}
WITH_PATH_IDS = {404: "No such thing of yours (another user's id is 404 too)."}
WITH_CURSOR = {400: "A cursor this list did not give, or a body that is not JSON."}


def documented(document: Any) -> Any:
    """The OpenAPI document with every error as it is answered: the problem
    shape as ``application/problem+json``, and the answers any operation may
    give (no token, a read-only token, bad input, the rate limit, an id that is
    not yours) on every operation that can give them."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
        Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    document["components"]["schemas"]["FieldProblem"] = FieldProblem.model_json_schema()
    document["components"]["schemas"]["Problem"].pop("$defs", None)
    for path, methods in document.get("paths", {}).items():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = {str(status): answer for status, answer in operation["responses"].items()}
            operation["responses"] = answers
            names = {p.get("name") for p in operation.get("parameters", [])}
            extra = dict(ANY_OPERATION)
            if "{" in path:
                extra |= WITH_PATH_IDS
            if "cursor" in names:
                extra |= WITH_CURSOR
            for status, why in extra.items():
                answers.setdefault(str(status), {"description": why})
            for status, answer in answers.items():
                if status.isdigit() and int(status) >= 400:
                    answer["content"] = {PROBLEM: {"schema": problem_ref}}
    return document


def install(api: Any) -> None:
    """Answer every error of ``api`` as a problem."""
    from ninja.errors import AuthenticationError, HttpError
    from ninja.errors import ValidationError as NinjaValidationError

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return problem(exc.status, exc.detail, exc.errors, exc.headers)

    @api.exception_handler(NinjaValidationError)
    def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": field_path(item.get("loc", ())), "message": str(item.get("msg", ""))}
            for item in exc.errors
            if isinstance(item, dict)
        ]
        if not errors:
            errors = [{"field": "", "message": str(item)} for item in exc.errors]
        return problem(422, "The request does not fit the schema.", errors)

    @api.exception_handler(DjangoValidationError)
    def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = from_django(exc)
        detail = " ".join(e["message"] for e in errors)
        return problem(422, detail, errors)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "There is no such thing here.")

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            401,
            "Send a live personal access token: Authorization: Bearer kw_…",
            headers={"WWW-Authenticate": 'Bearer realm="keepwarm"'},
        )

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc))

    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(BadRequest)
    @api.exception_handler(MultiPartParserError)
    def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        """A request Django cannot read (a multipart body with no boundary, more
        query fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``): a 400, as Django
        answers it outside the API; a body over Django's limits is a 413."""
        if isinstance(exc, RequestDataTooBig):
            return problem(413, "The request is larger than this server takes.")
        return problem(400, f"The request cannot be read: {exc}")

    @api.exception_handler(Exception)
    def _crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        return problem(500, "Something went wrong on the server; it is logged.")
