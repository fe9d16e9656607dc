"""The label-sheet form: what to print, on which sheet, and how to line it up."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from keepwarm.contacts.models import Circle, Tag
from keepwarm.formats import label_sheets
from keepwarm.formats.label_sheets import LabelError, SheetSpec
from keepwarm.occasions.label_texts import MAX_RETURN_LINES, return_lines
from keepwarm.occasions.models import CardRun, Trip
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SOURCES = [
    ("run", "A holiday-card run"),
    ("trip", "Postcards of a trip"),
    ("tag", "Everyone with a tag"),
    ("circle", "Everyone in a circle"),
    ("return", "My return address"),
]
SHEETS = [
    ("avery5160", "Avery 5160"),
    ("l7160", "Avery L7160"),
    ("custom", "Custom grid"),
]
SHEET_HINTS = {
    "avery5160": "US Letter, 30 labels (3 × 10), 2⅝ × 1 in. Also 5260, 5960, 8160.",  # noqa: RUF001
    "l7160": "A4, 21 labels (3 × 7), 63.5 × 38.1 mm. Also J8160.",  # noqa: RUF001
    "custom": "Your own rows, columns, sizes and margins in millimetres.",
}
PAGES = [("a4", "A4 (210 × 297 mm)"), ("letter", "US Letter (8½ × 11 in)")]  # noqa: RUF001
OFFSET = [MinValueValidator(Decimal(-5)), MaxValueValidator(Decimal(5))]
SOURCE_FIELDS = ("run", "trip", "tag", "circle")
EMPTY_HINTS = {
    "run": "No card runs yet: start one under Occasions.",
    "trip": "No trips yet: add one under Occasions.",
    "tag": "No tags yet: tag people on their pages.",
    "circle": "No circles yet.",
}


def _mm(label: str, *, low: int = 0, high: int = 300, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        max_digits=6,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=40)


class LabelForm(forms.Form):
    source = forms.ChoiceField(label="Print", choices=SOURCES, widget=forms.RadioSelect)
    run = forms.ModelChoiceField(
        label="Card run", queryset=CardRun.objects.none(), required=False, empty_label="Choose…"
    )
    trip = forms.ModelChoiceField(
        label="Trip", queryset=Trip.objects.none(), required=False, empty_label="Choose…"
    )
    tag = forms.ModelChoiceField(
        label="Tag", queryset=Tag.objects.none(), required=False, empty_label="Choose…"
    )
    circle = forms.ModelChoiceField(
        label="Circle", queryset=Circle.objects.none(), required=False, empty_label="Choose…"
    )
    return_address = forms.CharField(
        label="Return address",
        required=False,
        max_length=300,
        help_text=f"Your name, then the address, at most {MAX_RETURN_LINES} lines.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    sheet = forms.ChoiceField(
        label="Sheet", choices=SHEETS, initial="avery5160", widget=forms.RadioSelect
    )
    page = forms.ChoiceField(label="Page", choices=PAGES, required=False, initial="a4")
    rows = _count("Rows")
    columns = _count("Columns")
    label_width = _mm("Label width", low=15)
    label_height = _mm("Label height", low=8)
    top = _mm("Top margin")
    left = _mm("Left margin")
    pitch_x = _mm("Pitch across", help_text="Left edge to next left edge; empty: no gap.")
    pitch_y = _mm("Pitch down", help_text="Top edge to next top edge; empty: no gap.")
    skip = forms.IntegerField(
        label="Skip labels",
        min_value=0,
        max_value=40 * 40,
        initial=0,
        help_text="Labels already used on a partly used sheet (counted row by row).",
    )
    offset_x = forms.DecimalField(
        label="Move right",
        initial=0,
        max_digits=3,
        decimal_places=1,
        validators=OFFSET,
        help_text="In mm, -5 to 5; negative: left.",
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "-5", "max": "5"}),
    )
    offset_y = forms.DecimalField(
        label="Move down",
        initial=0,
        max_digits=3,
        decimal_places=1,
        validators=OFFSET,
        help_text="In mm, -5 to 5; negative: up.",
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "-5", "max": "5"}),
    )

    blank_ok = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        help_text="Download even though some labels will be left blank.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        querysets = {
            "run": owned(CardRun, user).order_by("-send_from", "-id"),
            "trip": owned(Trip, user).order_by("-start", "-id"),
            "tag": owned(Tag, user).order_by("name"),
            "circle": owned(Circle, user).order_by("position", "name"),
        }
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            if not queryset.exists():
                self.fields[name].help_text = EMPTY_HINTS[name]

    def clean_return_address(self) -> str:
        text: str = self.cleaned_data["return_address"]
        if text.strip():
            try:
                return_lines(text)
            except LabelError as exc:
                raise ValidationError(str(exc)) from None
        return text.strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_source(data)
        self._clean_sheet(data)
        return data

    def _clean_source(self, data: dict[str, Any]) -> None:
        source = data.get("source")
        if source in SOURCE_FIELDS and not data.get(source) and source not in self.errors:
            label = self.fields[source].label or source
            self.add_error(source, f"Choose the {label.lower()} to print.")
        missing_text = not data.get("return_address") and "return_address" not in self.errors
        if source == "return" and missing_text:
            self.add_error("return_address", "Write the return address to print.")

    def _clean_sheet(self, data: dict[str, Any]) -> None:
        name = data.get("sheet")
        if not name:
            return
        spec = label_sheets.SHEETS.get(name) if name != "custom" else self._custom(data)
        data["spec"] = spec
        skip = data.get("skip")
        if spec is not None and skip is not None and skip >= spec.per_page:
            self.add_error(
                "skip",
                f"The sheet ({spec.name}) has {spec.per_page} labels: skip at most "
                f"{spec.per_page - 1}.",
            )

    def _custom(self, data: dict[str, Any]) -> SheetSpec | None:
        needed = ["rows", "columns", "label_width", "label_height", "top", "left"]
        for name in needed:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, "Needed for a custom grid.")
        if any(name in self.errors for name in [*needed, "pitch_x", "pitch_y", "page"]):
            return None
        try:
            return label_sheets.custom(
                page=data.get("page") or "a4",
                rows=data["rows"],
                columns=data["columns"],
                label_width=float(data["label_width"]),
                label_height=float(data["label_height"]),
                top=float(data["top"]),
                left=float(data["left"]),
                pitch_x=_float(data.get("pitch_x")),
                pitch_y=_float(data.get("pitch_y")),
            )
        except LabelError as exc:
            self.add_error(None, str(exc))
            return None

    def source_fields(self) -> list[tuple[Any, Any]]:
        """Each source's radio button with the field that goes with it (if any)."""
        extra = {name: self[name] for name in SOURCE_FIELDS}
        extra["return"] = self["return_address"]
        return [(radio, extra.get(radio.data["value"])) for radio in self["source"]]

    def sheet_options(self) -> list[tuple[Any, str]]:
        return [(radio, SHEET_HINTS[radio.data["value"]]) for radio in self["sheet"]]

    def custom_rows(self) -> list[list[Any]]:
        """The custom grid's fields in pairs: what goes together sits together."""
        pairs = [
            ("rows", "columns"),
            ("label_width", "label_height"),
            ("top", "left"),
            ("pitch_x", "pitch_y"),
        ]
        return [[self[name] for name in pair] for pair in pairs]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
