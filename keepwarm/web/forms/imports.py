"""Forms for importing a file (upload, column mapping) and exporting people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from keepwarm.contacts.models import Circle, Tag
from keepwarm.imports.pending import Column, clean_tag_names, max_bytes, too_large, upload_name
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

IMPORT_FORMATS = [
    ("auto", "Recognise it for me"),
    ("vcard", "vCard (.vcf)"),
    ("csv", "Contacts CSV (Google, Outlook, Thunderbird, LinkedIn or any other)"),
    ("touches", "Touch history CSV (date, kind, people, note)"),
]
EXPORT_FORMATS = [
    ("vcard", "vCard 4.0 (.vcf)"),
    ("csv", "Google Contacts CSV"),
    ("touches", "Touch history CSV"),
]
EXPORT_HINTS = {
    "vcard": "Every detail, for phones, Apple and Android contacts, Thunderbird and Outlook.",
    "csv": "For Google Contacts, Outlook and spreadsheets.",
    "touches": "Your touch log as date, kind, people and note, one touch a row.",
}
FIELD_CHOICES: list[tuple[str, Any]] = [
    ("extra", "Keep as an imported extra"),
    ("ignore", "Do not import"),
    (
        "Name",
        [
            ("display_name", "Full name"),
            ("given_name", "First name"),
            ("additional_names", "Middle name"),
            ("family_name", "Last name"),
            ("prefix", "Name prefix (Dr., Ms.)"),
            ("suffix", "Name suffix (Jr., PhD)"),
            ("nickname", "Nickname"),
        ],
    ),
    (
        "Work",
        [("company", "Company"), ("job_title", "Job title")],
    ),
    (
        "Contact",
        [
            ("email", "Email"),
            ("email:home", "Email (home)"),
            ("email:work", "Email (work)"),
            ("phone", "Phone"),
            ("phone:mobile", "Phone (mobile)"),
            ("phone:home", "Phone (home)"),
            ("phone:work", "Phone (work)"),
            ("url", "Website"),
        ],
    ),
    (
        "Address",
        [
            ("street", "Street"),
            ("locality", "City"),
            ("region", "State or region"),
            ("postcode", "Postcode"),
            ("country", "Country"),
        ],
    ),
    (
        "Dates",
        [
            ("birthday", "Birthday"),
            ("birth_year", "Birth year"),
            ("birth_month", "Birth month"),
            ("birth_day", "Birth day"),
            ("date:anniversary", "Anniversary"),
            ("date", "Other date"),
        ],
    ),
    (
        "Other",
        [
            ("relation:spouse", "Spouse's name"),
            ("relation:child", "Child's name"),
            ("relation", "Other relation's name"),
            ("categories", "Tags or groups"),
            ("notes", "Notes"),
        ],
    ),
]


def _known_fields() -> set[str]:
    found = set()
    for value, label in FIELD_CHOICES:
        if isinstance(label, list):
            found.update(choice for choice, _ in label)
        else:
            found.add(value)
    return found


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        max_length=255,
        allow_empty_file=True,
        help_text="A vCard (.vcf), a contacts CSV, or a touch history CSV.",
        widget=forms.ClearableFileInput(attrs={"accept": ".vcf,.vcard,.csv,.txt,.json"}),
    )
    format = forms.ChoiceField(label="Format", choices=IMPORT_FORMATS, initial="auto")
    circle = forms.ModelChoiceField(
        label="Circle for new people",
        queryset=Circle.objects.none(),
        required=False,
        empty_label="None yet: I sort them after the import",
        help_text="New people are planned once they are in a circle; you sort them in a few "
        "minutes after the import. People already in your network stay in their circle.",
    )
    tags = forms.CharField(
        label="Tags for everyone imported",
        required=False,
        max_length=300,
        help_text="Separate tags with commas, e.g. “imported, college”.",
        widget=forms.TextInput(attrs={"placeholder": "imported, college", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["file"].help_text += f" At most {max_bytes() // (1024 * 1024)} MB."
        circle = self.fields["circle"]
        circle.queryset = owned(Circle, user).order_by("position", "name")  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = self.file_name(upload)
        if not upload.size:
            raise ValidationError(f"{name} is empty: choose the file your address book exported.")
        refused = too_large(name, upload.size)
        if refused:
            raise ValidationError(refused)
        return upload

    def clean_tags(self) -> list[str]:
        return clean_tag_names(self.cleaned_data["tags"])

    @staticmethod
    def file_name(upload: UploadedFile) -> str:
        return upload_name(str(upload.name or ""))


class MappingForm(forms.Form):
    """What each column of a CSV of no known exporter holds; one select per header."""

    def __init__(self, *args: Any, columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.columns = columns
        known = _known_fields()
        for index, column in enumerate(columns):
            choices = list(FIELD_CHOICES)
            if column.suggested not in known:
                choices.append(("Suggested", [(column.suggested, column.suggested)]))
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column.header or f"Column {index + 1} (no name)",
                choices=choices,
                initial=column.suggested,
            )

    def rows(self) -> list[tuple[Column, forms.BoundField]]:
        return [(column, self[f"col_{i}"]) for i, column in enumerate(self.columns)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"col_{i}") for i in range(len(self.columns))]
        if not self.errors and all(value in ("ignore", "extra") for value in chosen):
            raise ValidationError(
                "Choose what at least one column holds: a name, an email or a phone."
            )
        return data

    def mapping(self) -> dict[str, str]:
        return {
            column.header: self.cleaned_data[f"col_{i}"] for i, column in enumerate(self.columns)
        }


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format", choices=EXPORT_FORMATS, initial="vcard", widget=forms.RadioSelect
    )
    circle = forms.ModelChoiceField(
        label="Circle", queryset=Circle.objects.none(), required=False, empty_label="Every circle"
    )
    tag = forms.ModelChoiceField(
        label="Tag", queryset=Tag.objects.none(), required=False, empty_label="Any tag"
    )
    q = forms.CharField(
        label="Matching",
        required=False,
        max_length=200,
        help_text="Only people whose name, email, phone, company or tag has these words.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Acme or #college"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["circle"].queryset = owned(Circle, user).order_by("position", "name")  # type: ignore[attr-defined]
        self.fields["tag"].queryset = owned(Tag, user).order_by("name")  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def format_options(self) -> list[tuple[Any, str]]:
        """Each format's radio button with a line on what the file is for."""
        return [(radio, EXPORT_HINTS[radio.data["value"]]) for radio in self["format"]]
