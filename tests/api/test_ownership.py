"""Bob's token on alice's ids: every operation of the API, from its OpenAPI
document, called as bob with alice's objects in its path or body answers 404
(or refuses) and changes nothing of alice's; the same call as alice succeeds,
so the 404 is the owner check and not a bad request.

The operations and their calls are in tests/api/routes.py; an operation of the
document missing there fails here."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from keepwarm.api.app import api
from keepwarm.backup.json_backup import dump
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Relationship,
    Tag,
)
from keepwarm.contacts.services import create_person
from keepwarm.imports import pending
from keepwarm.owned import owned
from keepwarm.plans.agenda import week_agenda
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import add_follow_up, log_touch
from tests.api.calling import Api, api_for
from tests.api.routes import OPERATIONS, Call, Open

pytestmark = pytest.mark.django_db

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nN:Lee;Sam;;;\r\nEND:VCARD\r\n"
CLUB_CSV = b"Who,Mail\r\nAna Ruiz,ana@example.com\r\n"
"""A CSV of no known exporter: its columns wait to be mapped."""


def _operations() -> dict[str, tuple[str, str]]:
    """operation id → (method, path) of every operation in the document."""
    found = {}
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            found[operation["operationId"]] = (method, path)
    return found


DOCUMENT = _operations()
CALLS = {name: how for name, how in OPERATIONS.items() if isinstance(how, Call)}


def world(alice: Any) -> dict[str, Any]:
    """One of alice's objects of every kind an operation can name."""
    jane = create_person(
        alice,
        "Jane Doe",
        emails=["jane@example.com"],
        company="Acme",
        tags=["school"],
        birthday_month=11,
        birthday_day=25,
    )
    sam = create_person(alice, "Sam Lee")
    coffee = owned(TouchKind, alice).get(label="coffee")
    touch = log_touch(alice, [jane, sam], coffee, note="talked about Acme")
    follow_up = add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 30))
    objects = {
        "person": jane,
        "other_person": sam,
        "touch": touch,
        "followup": follow_up,
        "kind": coffee,
        "circle": owned(Circle, alice).first(),
        "tag": owned(Tag, alice).get(name="school"),
        "contact_point": ContactPoint.objects.get(person=jane),
        "address": Address.objects.create(
            owner=alice, person=jane, street="1 Main St", locality="Berlin", country="DE"
        ),
        "key_date": KeyDate.objects.create(
            owner=alice, person=jane, label="anniversary", month=6, day=1
        ),
        "relationship": Relationship.objects.create(
            owner=alice, person=jane, kind="friend", other=sam
        ),
        "life_event": LifeEvent.objects.create(
            owner=alice, person=jane, kind="new_job", date=dt.date(2026, 10, 1)
        ),
        "job": Job.objects.create(owner=alice, person=jane, company="Acme", role="CTO"),
        "import": pending.create(alice, name="one.vcf", data=VCARD),
        "csv_import": pending.create(alice, name="club.csv", data=CLUB_CSV),
    }
    agenda = week_agenda(alice, dt.date(2026, 11, 25))
    entries = [entry for day in agenda.days for entry in day.entries]
    objects["item"] = entries[0].item if entries else None
    # A kind the item may be swapped for (jane's birthday greeting: a call).
    objects["swap_kind"] = (
        owned(TouchKind, alice).get(pk=entries[0].swaps[0][0]) if entries else None
    )
    return objects


def _id(value: Any) -> Any:
    return value.id if hasattr(value, "id") else value.pk


def _fill(value: Any, objects: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return _id(objects[value[1:-1]])
    if isinstance(value, dict):
        return {k: _fill(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, objects) for v in value]
    return value


def call(who: Api, name: str, objects: dict[str, Any]) -> Any:
    how = CALLS[name]
    method, path = DOCUMENT[name]
    ids = iter(how.kinds)
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(_id(objects[next(ids)])) + path[end + 1 :]
    path = path.removeprefix("/api/v1")
    query = {k: _fill(v, objects) for k, v in how.query.items()}
    if how.files is not None:
        return who.client.post(
            "/api/v1" + path,
            {k: _upload(*v) for k, v in how.files.items()} | (how.body or {}),
            headers={"Authorization": f"Bearer {who.secret}"},
        )
    if method == "get":
        return who.get(path, query)
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return who.send(method, path, _fill(how.body, objects))


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def snapshot(user: Any) -> str:
    data, _ = dump(user)
    return json.dumps(data, sort_keys=True, default=str)


def test_every_operation_is_in_the_table():
    assert sorted(set(DOCUMENT) - set(OPERATIONS)) == []
    stale = (
        set(OPERATIONS) - set(DOCUMENT) - {n for n, h in OPERATIONS.items() if isinstance(h, Open)}
    )
    assert sorted(stale) == []


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bob_gets_nothing_of_alices(name, alice, bob, frozen):
    objects = world(alice)
    bob_api = api_for(Client(), bob)
    before = snapshot(alice)
    answer = call(bob_api, name, objects)
    if CALLS[name].kinds:
        assert answer.status_code == 404, answer.content
        assert answer["Content-Type"] == "application/problem+json"
    else:
        assert answer.status_code < 500, answer.content
        text = answer.content.decode()
        for secret in ("Jane Doe", "jane@example.com", "send the article", "talked about Acme"):
            assert secret not in text, (name, secret)
    assert snapshot(alice) == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_same_call_as_alice_succeeds(name, alice, frozen):
    objects = world(alice)
    answer = call(api_for(Client(), alice), name, objects)
    assert 200 <= answer.status_code < 300, answer.content


def test_no_two_schemas_of_the_api_share_a_name():
    """The document names a schema by its class: two classes of one name would
    be one schema, and one of the routes would describe the other's answer."""
    import inspect

    from pydantic import BaseModel

    import keepwarm.api

    seen: dict[str, str] = {}
    clashes = []
    package = Path(keepwarm.api.__file__).parent
    for path in sorted(package.glob("*.py")):
        module = importlib.import_module(f"keepwarm.api.{path.stem}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseModel):
                if value.__module__ != module.__name__:
                    continue
                if name in seen:
                    clashes.append(f"{name}: {seen[name]} and {module.__name__}")
                seen[name] = module.__name__
    assert clashes == []
