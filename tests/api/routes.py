"""How every operation of the REST API is owned (``OPERATIONS``), the API's
counterpart of tests/routes.py: tests/api/test_ownership.py calls each as bob
on alice's things, and fails for an operation of the OpenAPI document missing
here.

A value ``"{kind}"`` in a body or a query stands for the id of alice's object
of that kind (made by the ``world`` fixture of tests/api/test_ownership.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One operation: the kinds of alice's objects its path names, in order, and
    a body (or query) that would succeed for alice. Bob gets 404 when the path
    names alice's objects, a refusal or an answer of his own otherwise, and
    nothing of alice's changes or shows."""

    kinds: tuple[str, ...] = ()
    body: dict[str, Any] | None = None
    query: dict[str, Any] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] | None = None
    """A multipart upload: field → (file name, content)."""


@dataclass(frozen=True)
class Open:
    """No token needed, for the reason given."""

    why: str


PERSON = ("person",)

OPERATIONS: dict[str, Call | Open] = {
    # The document itself
    "openapi-json": Open("the OpenAPI document: what the API is, nobody's data"),
    "openapi-view": Open("the browsable docs of the document"),
    "api-root": Open("the API's root: answers 404 unless a route matches"),
    # People (keepwarm/api/people.py)
    "list_people": Call(query={"q": "Jane"}),
    "create_person": Call(body={"name": "Bob's Friend", "circle_id": "{circle}"}),
    "get_person": Call(PERSON),
    "update_person": Call(PERSON, body={"company": "Bob Corp"}),
    "archive_person": Call(PERSON),
    "unarchive_person": Call(PERSON),
    "delete_person": Call(PERSON),
}
