"""`keepwarm import FILE --map COLUMN=FIELD`: any CSV from the command line, a
mapping saved by name and used again, clear messages for every mistake."""

from __future__ import annotations

from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.imports.models import SavedMapping
from keepwarm.owned import owned

CLUB = "Name,Mail,Mobile,Joined,Shoe\r\nAna Ruiz,ana@example.com,+34 612 345 678,2019,38\r\n"


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


def club_file(tmp_path, text: str = CLUB, name: str = "club.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_csv_of_no_known_layout_asks_for_a_mapping_with_a_ready_command(alice, tmp_path):
    result = run("import", club_file(tmp_path))
    assert result.exit_code == 1
    assert "these columns are not a known export" in result.stderr
    assert '--map "Name=display_name"' in result.stderr  # suggested from the header
    assert '--map "Mail=email"' in result.stderr
    assert "Shoe" not in result.stderr  # no field fits: left out, so kept as an extra
    assert not owned(Person, alice).exists()


def test_map_imports_and_keeps_the_columns_it_does_not_name(alice, frozen, tmp_path):
    result = run(
        "import",
        club_file(tmp_path),
        "--map",
        "Name=display_name",
        "--map",
        "Mail=email",
        "--map",
        "Mobile=phone:mobile",
        "--map",
        "Shoe=ignore",
    )
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated, 0 same, 0 skipped" in result.output
    ana = owned(Person, alice).get()
    assert ana.display_name == "Ana Ruiz"
    points = owned(ContactPoint, alice).values_list("kind", "label", "value")
    assert sorted(points) == [
        ("email", "", "ana@example.com"),
        ("phone", "mobile", "+34 612 345 678"),
    ]
    assert ana.extras == "Joined: 2019"  # not named: kept; Shoe: ignored on purpose


def test_a_saved_mapping_is_used_again_by_name(alice, frozen, tmp_path):
    first = run(
        "import",
        club_file(tmp_path),
        "--map",
        "Name=display_name",
        "--map",
        "Mail=email",
        "--save-mapping",
        "club",
    )
    assert first.exit_code == 0, first.output
    assert "Saved the mapping as 'club'" in first.output
    assert owned(SavedMapping, alice).get().mapping == {"Name": "display_name", "Mail": "email"}
    later = club_file(tmp_path, CLUB.replace("Ana Ruiz,ana@", "Bo Li,bo@"), "club-2027.csv")
    second = run("import", later, "--mapping", "club")
    assert second.exit_code == 0, second.output
    assert sorted(owned(Person, alice).values_list("display_name", flat=True)) == [
        "Ana Ruiz",
        "Bo Li",
    ]


def test_mistakes_are_named(alice, tmp_path):
    path = club_file(tmp_path)
    bad_field = run("import", path, "--map", "Name=shoe_size")
    assert bad_field.exit_code == 2
    assert "'shoe_size' is not a field; use one of display_name" in bad_field.stderr
    no_column = run("import", path, "--map", "Member=display_name")
    assert no_column.exit_code == 1
    assert "no column named 'Member'; the columns are: 'Name', 'Mail'" in no_column.stderr
    no_equals = run("import", path, "--map", "Name")
    assert no_equals.exit_code == 2 and "is not COLUMN=FIELD" in no_equals.stderr
    unknown = run("import", path, "--mapping", "nope")
    assert unknown.exit_code == 2
    assert "No mapping named 'nope' (no mapping is saved yet)" in unknown.stderr
    assert not owned(Person, alice).exists()


def test_bob_cannot_use_alices_mapping(alice, bob, frozen, tmp_path):
    SavedMapping.objects.create(owner=alice, name="club", mapping={"Name": "display_name"})
    result = run("import", club_file(tmp_path), "--mapping", "club", user="bob")
    assert result.exit_code == 2 and "No mapping named 'club'" in result.stderr


def test_the_summary_says_who_was_kept_apart_and_who_got_extras(alice, frozen, tmp_path):
    path = tmp_path / "house.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL:+49 30 9876543\r\n"
        "BDAY:1980-03-14\r\nX-SKYPE:jane.doe\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe\r\nTEL:+49 30 9876543\r\n"
        "BDAY:1978-11-02\r\nEND:VCARD\r\n"
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "line 8: John Doe: kept apart (see Duplicates): same phone +49 30 9876543" in (
        result.stderr
    )
    assert "1 person has values with no field of their own" in result.stderr
    assert "2 new, 0 updated, 0 same, 0 skipped" in result.stdout
