"""Forms for people: the list's filters, the person's own fields, the quick log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Circle, Person, Tag
from keepwarm.contacts.photos import small_photo
from keepwarm.contacts.queries import DEFAULT_SORT, SORTS, PeopleFilter
from keepwarm.formats.names import NameParts, split_name
from keepwarm.lib.dates import MONTH_NAMES
from keepwarm.lib.words import WARMTH_WORDS
from keepwarm.owned import owned, parse_id
from keepwarm.touches.models import TouchKind

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MONTH_CHOICES = [("", "Month"), *((str(i), name) for i, name in enumerate(MONTH_NAMES, 1))]
MAX_TAGS = 30


class PeopleFilterForm(forms.Form):
    """The list's query parameters. A bad value falls back to its default, never an error page."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Name, email, phone, company or #tag",
                "autocomplete": "off",
            }
        ),
    )
    circle = forms.TypedChoiceField(label="Circle", required=False, coerce=int, empty_value=None)
    tag = forms.TypedChoiceField(label="Tag", required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )
    warmth = forms.ChoiceField(
        label="Warmth",
        required=False,
        choices=[("", "Any warmth"), *((word, word.capitalize()) for word in WARMTH_WORDS)],
    )
    archived = forms.BooleanField(label="Show archived", required=False)

    def __init__(self, data: Any, *, circles: list[Circle], tags: list[Tag]) -> None:
        super().__init__(data, label_suffix="")
        self.fields["circle"].choices = [("", "All circles"), *((c.pk, c.name) for c in circles)]
        self.fields["tag"].choices = [("", "All tags"), *((t.pk, t.name) for t in tags)]
        for name in ("circle", "tag", "warmth", "sort"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""
        self.fields["archived"].widget.attrs["data-autosubmit"] = ""

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())[:200]

    def _value(self, name: str, default: Any) -> Any:
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def wanted(self) -> PeopleFilter:
        self.is_valid()
        return PeopleFilter(
            search=self._value("q", ""),
            circle_id=self._value("circle", None),
            tag_id=self._value("tag", None),
            archived=bool(self._value("archived", False)),
            sort=self._value("sort", DEFAULT_SORT),
            warmth=self._value("warmth", ""),
        )


class SuggestForm(forms.Form):
    """A type-ahead's query parameters: the text typed, and ids to leave out.

    A bad value (a NUL character, "²" for an id) is dropped: the answer is fewer
    suggestions, never an error page.
    """

    q = forms.CharField(required=False, strip=False)
    exclude = forms.CharField(required=False)

    MAX_TEXT = 200
    MAX_EXCLUDED = 500

    def text(self) -> str:
        """The text typed, after its last ``;`` (the picker takes several names)."""
        if not self.is_bound or "q" in self.errors:
            return ""
        return self.cleaned_data["q"].split(";")[-1].strip()[: self.MAX_TEXT]

    def excluded(self) -> list[int]:
        if not self.is_bound or "exclude" in self.errors:
            return []
        pieces = self.cleaned_data["exclude"].split(",")[: self.MAX_EXCLUDED]
        return [pk for pk in map(parse_id, pieces) if pk is not None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


NAME_PARTS = ["prefix", "given_name", "additional_names", "family_name", "suffix"]
BIRTHDAY = ["birthday_month", "birthday_day", "birthday_year"]


class PersonForm(forms.ModelForm):
    """The person's own fields. Contact points, addresses… are inline formsets."""

    birthday_month = forms.TypedChoiceField(
        label="Birthday month",
        choices=MONTH_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    tag_names = forms.CharField(
        label="Tags",
        required=False,
        max_length=2000,
        help_text="Separate tags with commas, e.g. college, climbing.",
        widget=forms.TextInput(attrs={"list": "tag-options", "autocomplete": "off"}),
    )
    photo_upload = forms.FileField(
        label="Photo",
        required=False,
        help_text="JPEG, PNG, GIF or WebP, up to 5 MB.",
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)

    class Meta:
        model = Person
        fields = [
            "display_name",
            *NAME_PARTS,
            "nickname",
            "is_organization",
            "circle",
            "company",
            "job_title",
            "industry",
            "city",
            "how_we_met",
            "notes",
            "extras",
            *BIRTHDAY,
            "deceased",
            "deceased_on",
            "archived",
            "paused_until",
        ]
        labels = {
            "display_name": "Name",
            "additional_names": "Middle names",
            "given_name": "Given name",
            "family_name": "Family name",
            "birthday_day": "Birthday day",
            "birthday_year": "Birthday year",
            "deceased": "Has died",
            "deceased_on": "Date of death",
            "archived": "Archived (hidden from the list and the plan)",
            "is_organization": "A company or organisation, not a person",
        }
        help_texts = {
            "display_name": "As you say it. Left empty, it is built from the name details.",
            "how_we_met": "",
            "notes": "",
            "is_organization": "",
        }
        widgets = {
            "birthday_day": forms.NumberInput(attrs={"placeholder": "Day", "min": 1, "max": 31}),
            "birthday_year": forms.NumberInput(attrs={"placeholder": "Year"}),
            "deceased_on": DateInput(),
            "paused_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "extras": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, owner: User, circles: list[Circle], **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.owner = owner
        self.instance.owner = owner
        self.fields["display_name"].required = False
        if not self.instance.extras:  # only a person an import gave extras can edit them
            del self.fields["extras"]
        circle = self.fields["circle"]
        circle.queryset = owned(Circle, owner)
        circle.empty_label = None
        circle.choices = [(c.pk, c.name) for c in circles]  # no second query to render
        # Someone imported and not sorted yet may stay so; anyone else is in a circle.
        unsorted = self.instance.pk is not None and self.instance.circle_id is None
        circle.required = not unsorted
        if unsorted:
            circle.choices = [("", "Not sorted yet"), *circle.choices]
        if self.instance.pk is None:
            self.fields["display_name"].widget.attrs["autofocus"] = True
            default = next((c for c in circles if c.is_default), circles[0] if circles else None)
            if default and self.initial.get("circle") is None:
                self.initial["circle"] = default.pk
        else:
            names = sorted(t.name for t in self.instance.tags.all())
            self.fields["tag_names"].initial = ", ".join(names)
        if self.instance.photo:
            self.fields["remove_photo"].help_text = "Tick to remove the current photo."

    def clean_tag_names(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["tag_names"].split(",") if n.strip()]
        unique = list(dict.fromkeys(names))
        too_long = [n for n in unique if len(n) > 60]
        if too_long:
            raise ValidationError(f"The tag “{too_long[0][:20]}…” is longer than 60 characters.")
        if len(unique) > MAX_TAGS:
            raise ValidationError(f"At most {MAX_TAGS} tags per person.")
        return unique

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        return small_photo(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = (data.get("display_name") or "").strip()
        if name and not any((data.get(p) or "").strip() for p in NAME_PARTS):
            self._fill_name_parts(data, split_name(name))
        return data

    @staticmethod
    def _fill_name_parts(data: dict[str, Any], parts: NameParts) -> None:
        """Name parts read from the display name, cut to fit their fields."""
        values = (parts.prefix, parts.given, parts.additional, parts.family, parts.suffix)
        for name, value in zip(NAME_PARTS, values, strict=True):
            data[name] = value[: Person._meta.get_field(name).max_length]
        if parts.nickname and not (data.get("nickname") or "").strip():
            data["nickname"] = parts.nickname[: Person._meta.get_field("nickname").max_length]

    @property
    def name_part_fields(self) -> list[forms.BoundField]:
        return [self[p] for p in NAME_PARTS]

    @property
    def name_details_open(self) -> bool:
        return any(self[p].errors for p in NAME_PARTS)

    @property
    def birthday_errors(self) -> list[str]:
        return [e for name in BIRTHDAY for e in self[name].errors]


class QuickLogForm(forms.Form):
    """One click on the person page: which kind of touch, dated today."""

    kind = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Pick a kind of touch.",
            "invalid_choice": "That kind of touch is not possible with this person.",
        },
    )

    def __init__(self, data: Any, *, kinds: list[TouchKind]) -> None:
        super().__init__(data)
        self.kinds = {k.pk: k for k in kinds}
        self.fields["kind"].choices = [(k.pk, k.label) for k in kinds]

    def clean_kind(self) -> TouchKind:
        return self.kinds[self.cleaned_data["kind"]]


class TimelineForm(forms.Form):
    """The person page's query: ``year``, a year of the timeline to open, and
    ``all``, all of that year's touches. A bad value opens the newest year."""

    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    all = forms.BooleanField(required=False)

    def year_wanted(self) -> int | None:
        return self.cleaned_data.get("year") if self.is_valid() else None

    def whole_year(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("all"))
