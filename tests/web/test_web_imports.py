"""Import and export in the browser: upload, column mapping, preview, confirm;
bad files and bad values; ownership of uploads; downloads that import back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from keepwarm.contacts.models import Circle, ContactPoint, Person, Tag
from keepwarm.contacts.services import create_person
from keepwarm.imports import pending, service
from keepwarm.imports.export import select_people
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind
from tests.corpus import CORPUS, needs_corpus, require
from tests.imports.uploads import THREE_CARDS, TOUCH_LOG, UPLOAD, started, upload

EXPORT = reverse("export")

GENERIC_CSV = (
    b"Who,Mail,Cell phone,Employer,Shoe size\r\n"
    b"Ana Ruiz,ana@example.com,+49 30 1111111,Acme,38\r\n"
    b"Bo Li,bo@example.com,,Initech,44\r\n"
)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "orange").save(out, "PNG")
    return out.getvalue()


def page_text(response) -> str:
    return response.content.decode()


# Upload, preview, confirm ---------------------------------------------------------------


@needs_corpus
def test_a_corpus_vcard_previews_then_imports_in_one_go(alice_client, alice, frozen):
    path = require(CORPUS / "vcard" / "ez-vcard" / "gmail-list.vcf")
    close = owned(Circle, alice).get(name="Close")
    url = started(
        alice_client, path.name, path.read_bytes(), circle=close.pk, tags="imported, gmail"
    )

    preview = alice_client.get(url)
    assert preview.status_code == 200
    text = page_text(preview)
    for name in ("Arnold Smith", "Chris Beatle", "Doug White"):
        assert name in text
    assert "new people" in text and "Close" in text
    assert not owned(Person, alice).exists()  # a preview writes nothing

    done = alice_client.post(url, {"action": "import"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("people")
    assert "Imported gmail-list.vcf: 3 new, 0 updated, 0 same, 0 skipped." in page_text(done)
    people = owned(Person, alice)
    assert people.count() == 3
    assert {p.circle_id for p in people} == {close.pk}
    assert set(owned(Tag, alice).values_list("name", flat=True)) >= {"imported", "gmail"}
    assert people.first().source == "gmail-list.vcf (vcard 3.0)"
    assert not owned(PendingImport, alice).exists()


def test_the_same_file_twice_shows_nothing_new_the_second_time(alice_client, alice, frozen):
    first = started(alice_client, "friends.vcf", THREE_CARDS)
    alice_client.post(first, {"action": "import"})
    counts = (owned(Person, alice).count(), owned(ContactPoint, alice).count())

    second = started(alice_client, "friends.vcf", THREE_CARDS)
    preview = page_text(alice_client.get(second))
    assert "Nothing in this file is new" in preview
    assert preview.count('badge">up to date<') == 3
    done = alice_client.post(second, {"action": "import"}, follow=True)
    assert "Imported friends.vcf: 0 new, 0 updated, 3 same, 0 skipped." in page_text(done)
    assert (owned(Person, alice).count(), owned(ContactPoint, alice).count()) == counts


def test_a_merge_shows_what_it_adds(alice_client, alice, jane, frozen):
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@example.com\r\n"
        b"TITLE:Chemist\r\nEND:VCARD\r\n"
    )
    text = page_text(alice_client.get(started(alice_client, "jane.vcf", card)))
    assert ">merged<" in text and "job title" in text
    assert reverse("person", args=[jane.pk]) in text


def test_a_generic_csv_asks_for_its_columns_then_imports_with_them(alice_client, alice, frozen):
    url = started(alice_client, "club.csv", GENERIC_CSV)
    mapping = alice_client.get(url)
    text = page_text(mapping)
    assert "What is in each column?" in text
    assert "ana@example.com" in text and "Shoe size" in text  # headers with a sample each
    form = mapping.context["form"]
    assert [form[f"col_{i}"].initial for i in range(5)] == [
        "extra",  # no field fits: kept as an imported extra unless the user says otherwise
        "email",
        "phone",
        "company",
        "extra",
    ]
    assert alice_client.post(url, {"action": "import"}).status_code == 302  # not before mapping
    assert not owned(Person, alice).exists()

    chosen = {"col_0": "display_name", "col_1": "email", "col_2": "phone:mobile"}
    chosen |= {"col_3": "company", "col_4": "ignore", "action": "mapping"}
    assert alice_client.post(url, chosen)["Location"] == url
    assert PendingImport.objects.get().mapping == {
        "Who": "display_name",
        "Mail": "email",
        "Cell phone": "phone:mobile",
        "Employer": "company",
        "Shoe size": "ignore",
    }
    preview = page_text(alice_client.get(url))
    assert "Ana Ruiz" in preview and "Bo Li" in preview and "Change the columns" in preview
    again = alice_client.get(url, {"step": "mapping"})  # the mapping can be changed
    assert again.context["form"]["col_0"].initial == "display_name"

    alice_client.post(url, {"action": "import"})
    ana = owned(Person, alice).get(display_name="Ana Ruiz")
    assert ana.company == "Acme"
    assert set(ana.contact_points.values_list("kind", "label")) == {
        ("email", ""),
        ("phone", "mobile"),
    }
    assert ana.source == "club.csv (generic csv)"


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"col_0": "shoe_size"}, "Select a valid choice"),
        ({"col_0": "ignore", "col_1": "ignore", "col_2": "ignore", "col_3": "ignore"}, "at least"),
        ({"col_0": ""}, "This field is required"),
        ({"col_0": "notes", "col_1": "ignore", "col_2": "ignore", "col_3": "ignore"}, "line 2"),
    ],
)
def test_a_bad_mapping_is_shown_again_with_its_error(alice_client, alice, values, error):
    url = started(alice_client, "club.csv", GENERIC_CSV)
    posted = {f"col_{i}": "ignore" for i in range(5)} | {"col_4": "ignore"}
    posted |= {"col_0": "display_name"} | values | {"action": "mapping"}
    response = alice_client.post(url, posted)
    assert response.status_code == 200
    assert error in page_text(response)
    assert PendingImport.objects.get().mapping is None


def test_a_touch_log_previews_then_logs_once(alice_client, alice, jane, frozen):
    url = started(alice_client, "history.csv", TOUCH_LOG)
    preview = alice_client.get(url)
    text = page_text(preview)
    assert "touches to log" in text
    assert "line 3" in text and "no touch kind is called &#x27;tea&#x27;" in text
    assert "line 4" in text and "no one is &#x27;Nobody Known&#x27;" in text
    assert not owned(Touch, alice).exists()

    done = alice_client.post(url, {"action": "import"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("touches")
    assert "Logged touches from history.csv: 1 new, 0 already logged, 2 skipped." in page_text(done)
    touch = owned(Touch, alice).get()
    assert (touch.date, touch.note, list(touch.people.all())) == (
        dt.date(2026, 11, 20),
        "Good talk",
        [jane],
    )
    second = started(alice_client, "history.csv", TOUCH_LOG)
    assert "Nothing in this file is new" in page_text(alice_client.get(second))


def test_cancel_forgets_the_upload(alice_client, alice):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    response = alice_client.post(url, {"action": "cancel"}, follow=True)
    assert "cancelled: nothing was changed" in page_text(response)
    assert not PendingImport.objects.exists() and not owned(Person, alice).exists()


# Bad files and bad values -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "fields", "error"),
    [
        ("empty.vcf", b"", {}, "empty.vcf is empty"),
        ("blank.csv", b"  \r\n\r\n", {}, "blank.csv: the file is empty"),
        ("junk.bin", bytes(range(256)) * 40, {}, "junk.bin: this is not a text file"),
        ("photo.png", png(), {}, "photo.png: this is not a text file"),
        ("photo.vcf", png(), {"format": "vcard"}, "photo.vcf: this file is not a vCard file"),
        ("header.csv", b"Name,Email\r\n", {}, "header.csv: there are no contacts below"),
        ("commas.csv", b"a,b\r\n,\r\n,\r\n", {}, "commas.csv: there are no contacts below"),
        ("notes.csv", GENERIC_CSV, {"format": "touches"}, "notes.csv: Not a touch history"),
        ("cards.csv", b"date,kind,people\n", {"format": "vcard"}, "no BEGIN:VCARD line"),
        (
            "broken.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n",
            {},
            "broken.vcf: no card could be read; line 1",
        ),
    ],
)
def test_a_bad_file_is_shown_again_with_one_clear_error(
    alice_client, alice, name, data, fields, error
):
    response = upload(alice_client, name, data, **fields)
    assert response.status_code == 200
    assert error in page_text(response)
    assert not PendingImport.objects.exists() and not owned(Person, alice).exists()


def test_a_file_over_the_size_limit_is_refused(alice_client, alice):
    data = b"BEGIN:VCARD\r\n" + b"x" * pending.max_bytes()
    response = upload(alice_client, "huge.vcf", data)
    assert response.status_code == 200
    assert "huge.vcf is larger than the 20 MB limit" in page_text(response)
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("format", "xml", "Select a valid choice"),
        ("circle", "abc", "Select a valid choice"),
        ("circle", "999999", "Select a valid choice"),
        ("circle", "bobs", "Select a valid choice"),
        ("tags", "x" * 61, "longer than 60 characters"),
        ("tags", ",".join(f"t{i}" for i in range(21)), "at most 20 tags"),
        ("tags", "x" * 301, "at most 300 characters"),
        ("tags", "a\x00b", "Null characters are not allowed"),
    ],
)
def test_a_bad_choice_is_shown_again_and_nothing_is_kept(
    alice_client, alice, bob, field, value, error
):
    if value == "bobs":
        value = str(owned(Circle, bob).first().pk)
    response = upload(alice_client, "friends.vcf", THREE_CARDS, **{field: value})
    assert response.status_code == 200
    assert error in page_text(response)
    assert not PendingImport.objects.exists()


def test_no_file_at_all_is_asked_for(alice_client):
    response = alice_client.post(UPLOAD, {"format": "auto"})
    assert response.status_code == 200 and "This field is required" in page_text(response)


def test_the_upload_offers_only_my_circles(alice_client, alice, bob):
    Circle.objects.filter(owner=bob, name="Close").update(name="Bobs inner circle")
    text = page_text(alice_client.get(UPLOAD))
    assert "None yet: I sort them after the import" in text and "Core" in text
    assert "Bobs inner circle" not in text


def test_a_file_broken_halfway_says_the_line_and_imports_nothing_unless_confirmed(
    alice_client, alice
):
    broken = THREE_CARDS + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Cut\r\nEMAIL:dee@exa"
    url = started(alice_client, "cut.vcf", broken)
    text = page_text(alice_client.get(url))
    assert "line 16" in text and "has no END:VCARD line" in text
    assert not owned(Person, alice).exists()


def test_a_failure_while_importing_leaves_everything_as_it_was(
    alice_client, alice, jane, monkeypatch
):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    original = service._create

    def fail_on_the_second(user, record, *args):
        if record.line > 1:
            raise ValidationError("the disk is full")
        return original(user, record, *args)

    monkeypatch.setattr(service, "_create", fail_on_the_second)
    response = alice_client.post(url, {"action": "import"}, follow=True)
    assert "Nothing was imported from friends.vcf: line " in page_text(response)
    assert "the disk is full" in page_text(response)
    assert list(owned(Person, alice)) == [jane]
    assert PendingImport.objects.filter(token=url.split("/")[-2]).exists()  # can be tried again


def test_a_file_the_import_refuses_shows_why_on_the_preview(alice_client, alice, monkeypatch):
    def refuse(self):
        raise ValidationError("Something is wrong.")

    monkeypatch.setattr(Person, "clean", refuse)
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n"
    url = started(alice_client, "bad.vcf", card)
    response = alice_client.get(url)
    assert response.status_code == 200
    assert "bad.vcf cannot be imported" in page_text(response)
    assert "line 1: Something is wrong" in page_text(response)  # where the card starts
    assert not owned(Person, alice).exists()


@pytest.mark.parametrize("step", ["bogus", "mapping", "", "\x00"])
def test_an_unknown_step_just_shows_the_preview(alice_client, step):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    response = alice_client.get(url, {"step": step})
    assert response.status_code == 200 and "Check the import" in page_text(response)


@pytest.mark.parametrize("action", ["", "bogus", "mapping"])
def test_an_unknown_action_changes_nothing(alice_client, alice, action):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    assert alice_client.post(url, {"action": action})["Location"] == url
    assert not owned(Person, alice).exists() and PendingImport.objects.exists()


# Ownership and old uploads ----------------------------------------------------------------


@pytest.mark.parametrize(
    "posted",
    [None, {"action": "import"}, {"action": "cancel"}, {"action": "mapping", "col_0": "email"}],
)
def test_bob_gets_404_on_alices_upload(alice_client, alice, bob, client, posted):
    url = started(alice_client, "club.csv", GENERIC_CSV)
    client.force_login(bob)
    response = client.get(url) if posted is None else client.post(url, posted)
    assert response.status_code == 404
    assert "This import is no longer waiting" in page_text(response)
    job = PendingImport.objects.get()
    assert (job.owner, job.mapping) == (alice, None)
    assert not Person.objects.exists()


def test_an_imported_or_unknown_upload_is_gone(alice_client, alice):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    alice_client.post(url, {"action": "import"})
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {"action": "import"}).status_code == 404
    assert alice_client.get(reverse("import_preview", args=["no-such-token"])).status_code == 404
    assert owned(Person, alice).count() == 3


def test_an_upload_older_than_a_day_is_gone_and_deleted_by_the_next(
    alice_client, alice, bob, frozen
):
    url = started(alice_client, "friends.vcf", THREE_CARDS)
    frozen.shift(dt.timedelta(days=1, minutes=1))
    assert alice_client.get(url).status_code == 404
    pending.create(bob, name="bob.vcf", data=THREE_CARDS)
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["bob.vcf"]


# Export -------------------------------------------------------------------------------------


def _alices_network(alice, jane):
    close = owned(Circle, alice).get(name="Close")
    create_person(alice, "Ana Ruiz", emails=["ana@example.com"], tags=["choir"], circle=close)
    create_person(alice, "Bo Li", phones=["+49 30 555000"], company="Initech")
    log_touch(alice, [jane], kind(alice, "coffee"), note="Good talk")
    return close


def _people_of(user) -> dict[str, set]:
    return {
        p.display_name: set(p.contact_points.values_list("kind", "normalized"))
        for p in owned(Person, user)
    }


@pytest.mark.parametrize(
    ("kind_", "content_type", "filename"),
    [
        ("vcard", "text/vcard; charset=utf-8", "keepwarm-people-2026-11-25.vcf"),
        ("csv", "text/csv; charset=utf-8", "keepwarm-people-2026-11-25.csv"),
    ],
)
def test_an_export_downloads_and_imports_back_into_another_account(
    alice_client, alice, bob, jane, client, frozen, kind_, content_type, filename
):
    _alices_network(alice, jane)
    response = alice_client.get(EXPORT, {"format": kind_})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]

    client.force_login(bob)
    url = started(client, filename, response.content)
    assert "Check the import" in page_text(client.get(url))
    client.post(url, {"action": "import"})
    assert _people_of(bob) == _people_of(alice)


def test_the_touch_log_exports_and_imports_back(alice_client, alice, bob, jane, client, frozen):
    _alices_network(alice, jane)
    response = alice_client.get(EXPORT, {"format": "touches"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="keepwarm-touches-2026-11-25.csv"' in response["Content-Disposition"]
    create_person(bob, "Jane Doe", emails=["jane@example.com"])
    client.force_login(bob)
    url = started(client, "touches.csv", response.content)
    client.post(url, {"action": "import"})
    touch = owned(Touch, bob).get()
    assert (touch.kind.label, touch.note, touch.date) == (
        "coffee",
        "Good talk",
        dt.date(2026, 11, 25),
    )


def test_an_export_takes_a_circle_a_tag_or_a_search(alice_client, alice, jane, frozen):
    close = _alices_network(alice, jane)
    choir = owned(Tag, alice).get(name="choir")
    for params, names in [
        ({"circle": close.pk}, {"Ana Ruiz"}),
        ({"tag": choir.pk}, {"Ana Ruiz"}),
        ({"q": "initech"}, {"Bo Li"}),
        ({"q": "#school"}, {"Jane Doe"}),
        ({}, {"Ana Ruiz", "Bo Li", "Jane Doe"}),
    ]:
        content = alice_client.get(EXPORT, {"format": "vcard", **params}).content.decode()
        found = {line[3:].strip() for line in content.splitlines() if line.startswith("FN:")}
        assert found == names, params


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"format": "xml"}, "Select a valid choice"),
        ({"format": ""}, "This field is required"),
        ({"q": "ana"}, "This field is required"),
        ({"format": "vcard", "circle": "abc"}, "Select a valid choice"),
        ({"format": "vcard", "circle": "999999"}, "Select a valid choice"),
        ({"format": "vcard", "circle": "bobs"}, "Select a valid choice"),
        ({"format": "csv", "tag": "²"}, "Select a valid choice"),
        ({"format": "csv", "q": "x" * 201}, "at most 200 characters"),
        ({"format": "csv", "q": "a\x00b"}, "Null characters are not allowed"),
        ({"format": "vcard", "q": "nobody-like-this"}, "No one matches"),
        ({"format": "touches", "q": "ana"}, "no touches with the people you chose"),
    ],
)
def test_bad_export_choices_show_the_form_again(
    alice_client, alice, bob, jane, frozen, params, error
):
    _alices_network(alice, jane)
    if params.get("circle") == "bobs":
        params = {**params, "circle": owned(Circle, bob).first().pk}
    response = alice_client.get(EXPORT, params)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert error in page_text(response)


def test_an_export_with_no_one_says_so(alice_client):
    response = alice_client.get(EXPORT, {"format": "vcard"})
    assert "You have no people to export yet." in page_text(response)
    assert "Content-Disposition" not in response


def test_bob_cannot_pick_alices_circle_or_tag_to_export(alice, bob, jane, client, frozen):
    close = _alices_network(alice, jane)
    client.force_login(bob)
    response = client.get(EXPORT, {"format": "vcard", "circle": close.pk})
    assert "Content-Disposition" not in response and "Select a valid choice" in page_text(response)


def test_select_people_takes_choices_or_names_in_any_case(alice, bob, jane):
    close = _alices_network(alice, jane)
    create_person(bob, "Ana Ruiz", tags=["choir"])
    assert select_people(alice) is None
    assert select_people(alice, search="  ") is None
    by_object = select_people(alice, circle=close)
    by_name = select_people(alice, circle=" close ")
    assert [p.display_name for p in by_object] == [p.display_name for p in by_name] == ["Ana Ruiz"]
    assert [p.owner for p in select_people(alice, tag="CHOIR")] == [alice]
    assert not select_people(alice, circle="Close", search="initech").exists()


# Links ---------------------------------------------------------------------------------------


def test_the_people_list_links_to_import_export_and_duplicates(alice_client, jane):
    text = page_text(alice_client.get(reverse("people")))
    for name in ("import_upload", "export", "duplicates"):
        assert f'href="{reverse(name)}"' in text


def test_an_empty_people_list_offers_an_import(alice_client):
    text = page_text(alice_client.get(reverse("people")))
    assert "No people yet" in text and "Import contacts" in text


def test_a_long_preview_shows_the_first_rows_and_counts_the_rest(alice_client, alice):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n:03d}\r\nEND:VCARD\r\n" for n in range(205)
    )
    text = page_text(alice_client.get(started(alice_client, "many.vcf", cards.encode())))
    assert "Person 199" in text and "Person 200" not in text
    assert "… and 5 more people." in text


def test_a_file_with_nothing_to_import_offers_no_import_button(alice_client, alice, frozen):
    log = b"date,kind,people,note\n2026-11-20,Coffee,Nobody Known,\n"
    text = page_text(alice_client.get(started(alice_client, "history.csv", log)))
    assert "No row of this file can be logged" in text
    assert 'value="import"' not in text and 'value="cancel"' in text
