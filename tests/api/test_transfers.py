"""Imports as jobs, exports and the backup through the API: real files from
the shared corpus uploaded, previewed and imported in the background as the
web's import page does, bad and large files refused with their reason, other
users' jobs a 404, and downloads that import back as the same people."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from keepwarm.api.app import api
from keepwarm.backup.json_backup import dump
from keepwarm.backup.schema import FORMAT
from keepwarm.contacts.models import Circle, ContactPoint, Person, Tag
from keepwarm.contacts.services import create_person
from keepwarm.formats import csvfiles, vcard
from keepwarm.formats.touchlog import parse_touches
from keepwarm.imports import background, files, service
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from keepwarm.touches.services import log_touch
from tests.api.calling import Api, api_for
from tests.conftest import kind
from tests.corpus import CORPUS, needs_corpus, require

pytestmark = pytest.mark.django_db
in_background = pytest.mark.django_db(transaction=True)
"""The work runs in a thread with its own connection, as in a server."""

VCARDS = CORPUS / "vcard"
UNREADABLE = VCARDS / "aosp" / "v21_android_custom_prop.vcf"
"""A real card with no name, email or phone: nothing in the file can be imported."""
GENERIC_CSV = (
    b"Who,Mail,Cell phone,Shoe size\r\n"
    b"Ana Ruiz,ana@example.com,+49 30 1111111,38\r\n"
    b"Bo Li,bo@example.com,,44\r\n"
)


def upload(who: Api, name: str, data: bytes, **fields: Any) -> Any:
    return who.client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile(name, data), **fields},
        headers={"Authorization": f"Bearer {who.secret}"},
    )


def uploaded(who: Api, name: str, data: bytes, **fields: Any) -> dict[str, Any]:
    answer = upload(who, name, data, **fields)
    assert answer.status_code == 201, answer.content
    return answer.json()


def finished(who: Api, job: dict[str, Any]) -> dict[str, Any]:
    """The job once the work started on it is over."""
    background.wait(30)
    answer = who.get(f"/imports/{job['id']}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def started(who: Api, job: dict[str, Any], step: str) -> dict[str, Any]:
    answer = who.post(f"/imports/{job['id']}/{step}")
    assert answer.status_code == 202, answer.content
    assert answer["Location"] == f"/api/v1/imports/{job['id']}"
    return answer.json()


# Upload, preview, apply -----------------------------------------------------------------


@needs_corpus
@in_background
def test_a_corpus_vcard_is_uploaded_previewed_and_imported_as_a_job(alice_api, alice, ticking):
    path = require(VCARDS / "ez-vcard" / "gmail-list.vcf")
    close = owned(Circle, alice).get(name="Close")
    answer = upload(alice_api, path.name, path.read_bytes(), circle_id=close.pk, tags="gmail, x")
    assert answer.status_code == 201, answer.content
    job = answer.json()
    assert answer["Location"] == job["links"]["self"] == f"/api/v1/imports/{job['id']}"
    assert (job["file_name"], job["kind"], job["layout"]) == (path.name, "vcard", "vcard 3.0")
    assert (job["state"], job["needs_mapping"], job["columns"]) == ("waiting", False, None)
    assert (job["circle_id"], job["tags"]) == (close.pk, ["gmail", "x"])
    assert {"preview", "apply"} <= set(job["links"]) and "mapping" not in job["links"]
    assert job["preview"] is None and job["report"] is None

    assert started(alice_api, job, "preview")["state"] == "previewing"
    previewed = finished(alice_api, job)
    assert previewed["state"] == "waiting"
    preview = previewed["preview"]
    assert (preview["new"], preview["updated"], preview["same"], preview["skipped"]) == (3, 0, 0, 0)
    names = {line["name"] for line in preview["lines"]}
    assert names == {"Arnold Smith", "Chris Beatle", "Doug White"}
    assert not owned(Person, alice).exists()  # a preview writes nothing

    assert started(alice_api, job, "apply")["state"] == "importing"
    done = finished(alice_api, job)
    assert done["state"] == "done", done["outcome"]
    assert done["outcome"] == "Imported gmail-list.vcf: 3 new, 0 updated, 0 same, 0 skipped."
    assert done["report"]["new"] == 3 and done["progress"]["percent"] == 100
    assert set(done["links"]) == {"self", "lines"}  # nothing more to do but read and delete
    people = owned(Person, alice)
    assert set(people.values_list("display_name", flat=True)) == names
    assert {p.circle_id for p in people} == {close.pk}
    assert set(owned(Tag, alice).values_list("name", flat=True)) >= {"gmail", "x"}
    ids = {line["person_id"] for line in done["report"]["lines"]}
    assert ids == set(people.values_list("pk", flat=True))

    assert alice_api.post(f"/imports/{job['id']}/apply").status_code == 409  # once only
    assert alice_api.delete(f"/imports/{job['id']}").status_code == 204
    assert alice_api.get(f"/imports/{job['id']}").status_code == 404
    assert people.count() == 3


@needs_corpus
@in_background
def test_the_report_says_what_was_kept_as_extras_and_what_was_refused(alice_api, alice, ticking):
    """Nothing is lost: a card that cannot be used is listed with its line and
    reason, and what has no field is kept on the person, and said so."""
    refused = require(UNREADABLE).read_bytes()
    extras = require(VCARDS / "ez-vcard" / "gmail-single.vcf").read_bytes()
    job = uploaded(alice_api, "two.vcf", refused + extras)
    started(alice_api, job, "apply")  # a preview first is not required
    report = finished(alice_api, job)["report"]
    assert (report["new"], report["skipped"]) == (1, 1)
    skipped = [line for line in report["lines"] if line["action"] == "skipped"]
    assert skipped == [
        {
            "line": 1,
            "action": "skipped",
            "name": skipped[0]["name"],
            "person_id": None,
            "changes": [],
            "reason": "this card has no name, email or phone",
        }
    ]
    new = next(line for line in report["lines"] if line["action"] == "new")
    assert any(change.startswith(service.KEPT_EXTRAS) for change in new["changes"]), new
    person = owned(Person, alice).get(pk=new["person_id"])
    assert person.extras  # kept verbatim on the person

    lines = alice_api.get(f"/imports/{job['id']}/lines", {"limit": 1}).json()
    assert [line["line"] for line in lines["items"]] == [1] and lines["next_cursor"]
    rest = alice_api.get(f"/imports/{job['id']}/lines", {"cursor": lines["next_cursor"]})
    assert [line["action"] for line in rest.json()["items"]] == ["new"]
    assert rest.json()["next_cursor"] is None


@in_background
def test_a_csv_of_no_known_exporter_is_mapped_then_imported(alice_api, alice, ticking):
    job = uploaded(alice_api, "club.csv", GENERIC_CSV)
    assert (job["layout"], job["needs_mapping"]) == ("generic csv", True)
    assert [(c["header"], c["sample"]) for c in job["columns"]] == [
        ("Who", "Ana Ruiz"),
        ("Mail", "ana@example.com"),
        ("Cell phone", "+49 30 1111111"),
        ("Shoe size", "38"),
    ]
    assert set(job["links"]) == {"self", "lines", "mapping"}
    refused = alice_api.post(f"/imports/{job['id']}/preview")
    assert refused.status_code == 409 and "say what each column holds" in refused.json()["detail"]

    mapping_url = f"/imports/{job['id']}/mapping"
    wrong = alice_api.put(mapping_url, {"mapping": {"Who": "shoe_size"}})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "mapping"
    assert "'shoe_size' is not a field" in wrong.json()["detail"]
    missing = alice_api.put(mapping_url, {"mapping": {"Name": "display_name"}})
    assert missing.status_code == 422 and "no column named 'Name'" in missing.json()["detail"]
    assert PendingImport.objects.get().mapping is None

    chosen = {"Who": "display_name", "Mail": "email", "Cell phone": "phone:mobile"}
    mapped = alice_api.put(mapping_url, {"mapping": chosen})
    assert mapped.status_code == 200, mapped.content
    assert mapped.json()["needs_mapping"] is False and mapped.json()["mapping"] == chosen
    started(alice_api, job, "apply")
    assert finished(alice_api, job)["report"]["new"] == 2
    ana = owned(Person, alice).get(display_name="Ana Ruiz")
    assert set(ana.contact_points.values_list("kind", "value")) == {
        ("email", "ana@example.com"),
        ("phone", "+49 30 1111111"),
    }
    assert "38" in json.dumps(ana.extras)  # the column left out: an imported extra


@needs_corpus
def test_a_file_that_cannot_be_read_is_refused_naming_the_file_and_line(alice_api, frozen):
    path = require(UNREADABLE)
    answer = upload(alice_api, path.name, path.read_bytes())
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    said = f"{path.name}: no card could be read; line 1: this card has no name, email or phone."
    assert answer.json()["detail"] == said
    assert answer.json()["errors"] == [{"field": "file", "message": said}]
    assert not PendingImport.objects.exists()


def test_what_the_upload_says_is_checked(alice_api, bob, frozen):
    bobs = owned(Circle, bob).first()
    answer = upload(
        alice_api, "one.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", circle_id=bobs.pk
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "circle_id"
    many = ", ".join(f"t{i}" for i in range(21))
    answer = upload(alice_api, "one.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", tags=many)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "tags", "message": "Give at most 20 tags."}]
    assert upload(alice_api, "one.vcf", b"", kind="vcard").json()["detail"] == (
        "one.vcf: the file is empty."
    )
    assert not PendingImport.objects.exists()


@needs_corpus
def test_a_file_over_the_upload_limit_is_413(alice_api, settings, frozen):
    settings.KEEPWARM_UPLOAD_LIMIT_MB = 1
    card = require(VCARDS / "ez-vcard" / "John_Doe_IPHONE.vcf").read_bytes()
    big = card * (1024 * 1024 // len(card) + 1)
    answer = upload(alice_api, "big.vcf", big)
    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"].startswith("big.vcf is larger than the 1 MB limit")
    assert not PendingImport.objects.exists()
    assert upload(alice_api, "fits.vcf", card).status_code == 201


def test_a_read_only_token_cannot_upload(alice, frozen):
    reader = api_for(Client(), alice, scope="read")
    assert upload(reader, "one.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n").status_code == 403
    assert not PendingImport.objects.exists()


# Whose jobs ------------------------------------------------------------------------------


def test_bob_gets_404_on_alices_job_and_changes_nothing(alice_api, bob_api, alice, frozen):
    job = uploaded(alice_api, "club.csv", GENERIC_CSV)
    path = f"/imports/{job['id']}"
    calls = [
        bob_api.get(path),
        bob_api.get(path + "/lines"),
        bob_api.put(path + "/mapping", {"mapping": {"Who": "display_name"}}),
        bob_api.post(path + "/preview"),
        bob_api.post(path + "/apply"),
        bob_api.delete(path),
    ]
    assert [answer.status_code for answer in calls] == [404] * 6
    assert all("club.csv" not in answer.content.decode() for answer in calls)
    kept = PendingImport.objects.get()
    assert (kept.state, kept.mapping, kept.owner_id) == (
        PendingImport.State.WAITING,
        None,
        alice.pk,
    )
    assert bob_api.get("/imports").json()["items"] == []
    assert alice_api.get(path).status_code == 200


def test_the_list_is_the_owners_uploads_newest_first_a_page_at_a_time(alice_api, bob_api, frozen):
    first = uploaded(alice_api, "a.csv", GENERIC_CSV)
    frozen.shift(60)
    second = uploaded(alice_api, "b.csv", GENERIC_CSV)
    uploaded(bob_api, "bobs.csv", GENERIC_CSV)
    page = alice_api.get("/imports", {"limit": 1}).json()
    assert [job["id"] for job in page["items"]] == [second["id"]]
    rest = alice_api.get("/imports", {"cursor": page["next_cursor"]}).json()
    assert [job["id"] for job in rest["items"]] == [first["id"]]
    assert rest["next_cursor"] is None


def test_work_is_not_started_twice_nor_beside_the_accounts_other_upload(alice_api, frozen):
    """One upload of an account is worked on at a time, as on the web; a job
    being worked on can be neither remapped nor deleted."""
    other = uploaded(alice_api, "other.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n")
    job = uploaded(alice_api, "club.csv", GENERIC_CSV)
    PendingImport.objects.filter(pk=other["id"]).update(
        state=PendingImport.State.IMPORTING, beat_at=timezone.now()
    )
    alice_api.put(f"/imports/{job['id']}/mapping", {"mapping": {"Who": "display_name"}})
    waits = alice_api.post(f"/imports/{job['id']}/apply")
    assert waits.status_code == 409
    assert waits.json()["detail"] == (
        "Your file other.vcf is still being worked on: start club.csv once it is done."
    )
    assert PendingImport.objects.get(pk=job["id"]).state == PendingImport.State.WAITING

    busy = f"/imports/{other['id']}"
    assert alice_api.post(busy + "/apply").status_code == 202  # already going: the same job
    assert alice_api.post(busy + "/preview").status_code == 409
    assert alice_api.delete(busy).status_code == 409
    assert alice_api.get(busy).json()["state"] == "importing"


def test_work_left_by_a_stopped_server_says_so_and_can_be_started_again(alice_api, frozen):
    job = uploaded(alice_api, "one.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n")
    old = timezone.now() - background.STALLED_AFTER * 2
    PendingImport.objects.filter(pk=job["id"]).update(
        state=PendingImport.State.IMPORTING, beat_at=old
    )
    shown = alice_api.get(f"/imports/{job['id']}").json()
    assert shown["state"] == "stopped" and "nothing was imported" in shown["outcome"]
    assert "apply" in shown["links"]
    assert started(alice_api, shown, "apply")["state"] == "importing"


# Exports and the backup -------------------------------------------------------------------


def _network(alice: Any, path: Any = None) -> None:
    """Alice's people from a real file, through the import service, and a touch."""
    path = path or require(VCARDS / "ez-vcard" / "John_Doe_ANDROID.vcf")
    parsed = files.parse_contacts(path.read_bytes(), files.kind_of(path.read_bytes()))
    service.apply(alice, parsed, source=path.name, tags=["android"])
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    log_touch(alice, [jane], kind(alice, "coffee"), note="talked about Acme")


def _people(user: Any) -> set[tuple[str, tuple[str, ...]]]:
    return {
        (p.display_name, tuple(sorted(c.value for c in p.contact_points.all())))
        for p in owned(Person, user).prefetch_related("contact_points")
    }


@needs_corpus
def test_a_vcard_export_imports_back_as_the_same_people(alice_api, alice, bob, frozen):
    _network(alice)
    answer = alice_api.get("/export/vcard")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/vcard; charset=utf-8"
    assert answer["Content-Disposition"] == 'attachment; filename="keepwarm-people-2026-11-25.vcf"'
    service.apply(bob, vcard.parse(answer.content), source="export.vcf")
    assert _people(bob) == _people(alice)
    extras = {p.display_name: p.extras for p in owned(Person, alice)}
    assert {p.display_name: p.extras for p in owned(Person, bob)} == extras


@needs_corpus
def test_a_csv_export_and_the_touch_log_import_back(alice_api, alice, bob, frozen):
    _network(alice, require(CORPUS / "csv" / "google" / "google_2024_format_example.csv"))
    people = alice_api.get("/export/csv")
    assert people["Content-Type"] == "text/csv; charset=utf-8"
    assert people["Content-Disposition"].endswith('filename="keepwarm-people-2026-11-25.csv"')
    service.apply(bob, csvfiles.parse(people.content), source="export.csv")
    assert _people(bob) == _people(alice)

    touches = alice_api.get("/export/touches")
    assert touches["Content-Disposition"].endswith('filename="keepwarm-touches-2026-11-25.csv"')
    rows = parse_touches(touches.content).rows
    assert [(r.date.isoformat(), r.kind, r.people, r.note) for r in rows] == [
        ("2026-11-25", "coffee", ("jane@example.com",), "talked about Acme")
    ]


@needs_corpus
def test_an_export_is_narrowed_as_on_the_web_and_only_by_the_owners_choices(
    alice_api, alice, bob, frozen
):
    _network(alice)
    jane = owned(Person, alice).get(display_name="Jane Doe")
    android = owned(Tag, alice).get(name="android")
    by_tag = vcard.parse(alice_api.get("/export/vcard", {"tag": android.pk}).content)
    assert "Jane Doe" not in {r.display_name for r in by_tag.records} and by_tag.records
    by_person = vcard.parse(alice_api.get("/export/vcard", {"person": [jane.pk]}).content)
    assert [r.display_name for r in by_person.records] == ["Jane Doe"]
    searched = vcard.parse(alice_api.get("/export/vcard", {"q": "jane@example.com"}).content)
    assert [r.display_name for r in searched.records] == ["Jane Doe"]
    none = alice_api.get("/export/touches", {"tag": android.pk})
    assert parse_touches(none.content).rows == []

    bobs = api_for(Client(), bob)
    for query, field in (
        ({"circle": owned(Circle, alice).first().pk}, "circle"),
        ({"tag": android.pk}, "tag"),
        ({"person": [jane.pk]}, "person"),
    ):
        refused = bobs.get("/export/vcard", query)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == field
        assert "Jane" not in refused.content.decode()


def test_the_backup_is_the_accounts_json_as_a_download(alice_api, bob_api, alice, jane, frozen):
    answer = alice_api.get("/backup")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert answer["Content-Disposition"] == (
        'attachment; filename="keepwarm-backup-2026-11-25.json"'
    )
    assert "no-store" in answer["Cache-Control"]
    data = json.loads(answer.content)
    assert data["format"] == FORMAT
    assert data == dump(alice)[0]  # the same document `keepwarm backup` writes
    assert [p["display_name"] for p in data["people"]] == ["Jane Doe"]
    assert ContactPoint.objects.filter(value="jane@example.com").exists()
    bobs = json.loads(bob_api.get("/backup").content)
    assert bobs["people"] == [] and "jane@example.com" not in json.dumps(bobs)


def test_downloads_and_the_upload_are_declared_with_their_media_types():
    paths = api.get_openapi_schema()["paths"]

    def content(path: str, method: str = "get", status: str = "200") -> list[str]:
        return list(paths[f"/api/v1{path}"][method]["responses"][status]["content"])

    assert content("/export/vcard") == ["text/vcard"]
    assert content("/export/csv") == content("/export/touches") == ["text/csv"]
    assert content("/backup") == ["application/json"]
    upload_body = paths["/api/v1/imports"]["post"]["requestBody"]["content"]
    assert list(upload_body) == ["multipart/form-data"]
    assert content("/imports", "post", "413") == ["application/problem+json"]
    links = paths["/api/v1/imports"]["post"]["responses"]["201"]["links"]
    assert links["GetImport"] == {
        "operationId": "get_import",
        "parameters": {"import_id": "$response.body#/id"},
    }


def test_a_request_django_cannot_read_is_a_400_problem_not_a_server_error(alice_api, frozen):
    no_boundary = alice_api.client.post(
        "/api/v1/imports",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {alice_api.secret}"},
    )
    assert no_boundary.status_code == 400
    assert no_boundary["Content-Type"] == "application/problem+json"
    too_many = alice_api.get("/export/csv", {"person": list(range(1, 1200))})
    assert too_many.status_code == 400
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in too_many.json()["detail"]
