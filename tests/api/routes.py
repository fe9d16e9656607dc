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
    # A person's rows (keepwarm/api/person_rows.py)
    "list_contact_points": Call(PERSON),
    "create_contact_point": Call(PERSON, body={"kind": "phone", "value": "+1 415 555 0100"}),
    "update_contact_point": Call(("person", "contact_point"), body={"label": "Bob's"}),
    "delete_contact_point": Call(("person", "contact_point")),
    "list_addresses": Call(PERSON),
    "create_address": Call(PERSON, body={"street": "1 Bob St", "locality": "Boston"}),
    "update_address": Call(("person", "address"), body={"label": "Bob's"}),
    "delete_address": Call(("person", "address")),
    "list_key_dates": Call(PERSON),
    "create_key_date": Call(PERSON, body={"label": "Bob's day", "month": 2, "day": 2}),
    "update_key_date": Call(("person", "key_date"), body={"label": "Bob's day"}),
    "delete_key_date": Call(("person", "key_date")),
    "list_relationships": Call(PERSON),
    "create_relationship": Call(PERSON, body={"kind": "sibling", "other_id": "{other_person}"}),
    "update_relationship": Call(("person", "relationship"), body={"other_name": "Bob"}),
    "delete_relationship": Call(("person", "relationship")),
    "list_life_events": Call(PERSON),
    "create_life_event": Call(PERSON, body={"kind": "move", "date": "2026-11-01"}),
    "update_life_event": Call(("person", "life_event"), body={"note": "Bob's"}),
    "delete_life_event": Call(("person", "life_event")),
    "list_jobs": Call(PERSON),
    "create_job": Call(PERSON, body={"company": "Bob Corp"}),
    "update_job": Call(("person", "job"), body={"role": "Bob's"}),
    "delete_job": Call(("person", "job")),
    # Touches, follow-ups, kinds, circles, tags (keepwarm/api/touch_log.py)
    "list_touches": Call(query={"person": "{person}", "kind": "{kind}"}),
    "log_touch": Call(
        body={"people": ["{person}", "{other_person}"], "kind_id": "{kind}", "note": "Bob's"}
    ),
    "get_touch": Call(("touch",)),
    "update_touch": Call(("touch",), body={"note": "Bob's", "people": ["{person}"]}),
    "delete_touch": Call(("touch",)),
    "list_follow_ups": Call(query={"state": "all", "person": "{person}"}),
    "create_follow_up": Call(body={"person_id": "{person}", "text": "Bob's", "due": "2026-12-01"}),
    "get_follow_up": Call(("followup",)),
    "update_follow_up": Call(("followup",), body={"text": "Bob's", "person_id": "{other_person}"}),
    "delete_follow_up": Call(("followup",)),
    "complete_follow_up": Call(("followup",)),
    "reopen_follow_up": Call(("followup",)),
    "list_kinds": Call(),
    "list_circles": Call(),
    "list_tags": Call(),
    # The agenda, the plan, warmth (keepwarm/api/week_plan.py)
    "get_agenda": Call(),
    "mark_item_done": Call(("item",), body={"note": "Bob's"}),
    "skip_item": Call(("item",)),
    "swap_item": Call(("item",), body={"kind_id": "{swap_kind}"}),
    "snooze_item": Call(("item",), body={"until": "2026-12-09"}),
    "get_plan": Call(query={"weeks": 4}),
    "list_warmth": Call(query={"ids": "{person}"}),
    "get_person_warmth": Call(PERSON),
    # Warm calls (keepwarm/api/calls.py)
    "get_warm_calls": Call(query={"q": "Acme"}),
    # Imports, exports, the backup (keepwarm/api/transfers.py)
    "create_import": Call(files={"file": ("one.vcf", b"BEGIN:VCARD\r\nFN:Al Bo\r\nEND:VCARD\r\n")}),
    "list_imports": Call(),
    "get_import": Call(("import",)),
    "list_import_lines": Call(("import",)),
    "update_import_mapping": Call(
        ("csv_import",), body={"mapping": {"Who": "display_name", "Mail": "email"}}
    ),
    "start_import_preview": Call(("import",)),
    "start_import_apply": Call(("import",)),
    "delete_import": Call(("import",)),
    "export_vcard": Call(query={"circle": "{circle}"}),
    "export_csv": Call(query={"tag": "{tag}"}),
    "export_touches": Call(query={"person": "{person}"}),
    "get_backup": Call(),
}
