"""Phones compared the way they are now read: E.164 only for a number valid in
the country of one of the person's addresses or the account's, else its digits
as typed (never a wrong country code, as "0351 223344" read as +1…).

Without this, numbers kept from before would no longer match the same number
in a file imported again, and would be added twice.
"""

from django.db import migrations


def renormalize(apps, schema_editor):
    from django.core.exceptions import ValidationError

    from keepwarm.contacts.services import phone_key

    contact_point = apps.get_model("contacts", "ContactPoint")
    address = apps.get_model("contacts", "Address")
    profile = apps.get_model("accounts", "Profile")
    home = dict(profile.objects.values_list("user_id", "country"))
    where: dict[int, list[str]] = {}
    for person_id, country in address.objects.exclude(country="").values_list(
        "person_id", "country"
    ):
        where.setdefault(person_id, []).append(country)
    changed = []
    phones = contact_point.objects.filter(kind="phone").only(
        "pk", "value", "normalized", "person_id", "owner_id"
    )
    for point in phones.iterator(chunk_size=2000):
        regions = [*where.get(point.person_id, []), home.get(point.owner_id) or "US"]
        try:
            normalized = phone_key(point.value.strip(), regions, lenient=True)
        except ValidationError:
            continue  # not a number at all: left as it was
        if normalized != point.normalized and len(normalized) <= 254:
            point.normalized = normalized
            changed.append(point)
    contact_point.objects.bulk_update(changed, ["normalized"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contacts", "0007_imported_extras_organisations_country_names"),
    ]
    operations = [migrations.RunPython(renormalize, migrations.RunPython.noop)]
