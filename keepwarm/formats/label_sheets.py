"""Address-label sheets as PDF: Avery 5160, Avery L7160 and custom grids.

Pure: label texts, a sheet spec and font files in, PDF bytes and a report out.
The caller passes the main TrueType font (the Django side passes DejaVu Sans
from matplotlib's wheel: Latin with every accent, Greek, Cyrillic) and the
fallback faces for every other script (the Noto fonts the machine has; see
``keepwarm.formats.label_fonts`` for which font draws what). Text is shaped
with HarfBuzz, so Arabic letters join and Devanagari clusters form, and a
right-to-left line (Arabic, Hebrew) runs right to left; a label whose lines are
mostly right-to-left is aligned right.

Fitting a label, never cutting it:

1. each line at the starting size; if a line is too wide or there are too many
   lines, the font shrinks half a point at a time down to ``SHRINK_FLOOR_PT``
   (still easy to read);
2. if even that is too wide, the lines wrap (at spaces, else anywhere) at the
   largest size where the wrapped text fits, down to ``MIN_SIZE_PT``;
3. if nothing fits, the label is left blank and reported (``Blank``): the text
   is never drawn cut.

A label with a character no font has (Chinese on a machine without a Chinese
font) is also left blank and reported, never printed with empty boxes. The
rest of the sheet prints; ``Printed.blank`` says which labels are missing and
why.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.fonts import TTFFont
from fpdf.unicode_script import get_unicode_script

from keepwarm.formats.label_fonts import MAIN_SCRIPTS, Chooser, FontFace, FontPlan

MM_PER_PT = 25.4 / 72
MM_PER_INCH = 25.4
START_SIZE_PT = 11.0
SHRINK_FLOOR_PT = 8.0
MIN_SIZE_PT = 6.0
STEP_PT = 0.5
LINE_SPACING = 1.2
MAX_OFFSET_MM = 5.0
FONT = "LabelFont"
MAIN_KEY = FONT.lower()
FALLBACK = "LabelFallback"

PAGES_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}


class LabelError(ValueError):
    """A sheet, a label or an option that cannot be printed (one clear message)."""


@dataclass(frozen=True)
class LabelText:
    """The lines of one label, top to bottom, and who it is for (``name``, for
    messages: a Japanese address names the person on its last line)."""

    lines: tuple[str, ...]
    name: str = field(default="", compare=False)

    def __init__(self, lines: Sequence[str], name: str = "") -> None:
        cleaned = (unicodedata.normalize("NFC", " ".join(str(line).split())) for line in lines)
        object.__setattr__(self, "lines", tuple(line for line in cleaned if line))
        object.__setattr__(self, "name", " ".join(name.split()))

    @property
    def title(self) -> str:
        """How a message names this label: its name, else its first line."""
        return self.name or (self.lines[0] if self.lines else "(empty)")


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of labels in millimetres, measured from the page's top left corner."""

    name: str
    page_width: float
    page_height: float
    rows: int
    columns: int
    label_width: float
    label_height: float
    top: float
    left: float
    pitch_x: float
    pitch_y: float
    padding_x: float = 3.0
    padding_y: float = 1.5

    @property
    def per_page(self) -> int:
        return self.rows * self.columns

    def cell(self, position: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the label at ``position`` on its page (row by row)."""
        row, column = divmod(position % self.per_page, self.columns)
        x = self.left + column * self.pitch_x
        y = self.top + row * self.pitch_y
        return x, y, self.label_width, self.label_height


AVERY_5160 = SheetSpec(
    name="Avery 5160",
    page_width=8.5 * MM_PER_INCH,
    page_height=11 * MM_PER_INCH,
    rows=10,
    columns=3,
    label_width=2.625 * MM_PER_INCH,
    label_height=1 * MM_PER_INCH,
    top=0.5 * MM_PER_INCH,
    left=0.1875 * MM_PER_INCH,
    pitch_x=2.75 * MM_PER_INCH,
    pitch_y=1 * MM_PER_INCH,
)
AVERY_L7160 = SheetSpec(
    name="Avery L7160",
    page_width=210.0,
    page_height=297.0,
    rows=7,
    columns=3,
    label_width=63.5,
    label_height=38.1,
    top=15.15,
    left=7.21,
    pitch_x=66.04,
    pitch_y=38.1,
    padding_x=4.0,
    padding_y=2.0,
)
SHEETS = {"avery5160": AVERY_5160, "l7160": AVERY_L7160}


def custom(
    *,
    page: str,
    rows: int,
    columns: int,
    label_width: float,
    label_height: float,
    top: float,
    left: float,
    pitch_x: float | None = None,
    pitch_y: float | None = None,
) -> SheetSpec:
    """A sheet of your own (sizes in mm; the pitch defaults to the label size).

    Raises ``LabelError`` saying what is wrong when the grid does not fit the page.
    """
    if page not in PAGES_MM:
        raise LabelError(f"Unknown page size {page!r}: choose {' or '.join(PAGES_MM)}.")
    width, height = PAGES_MM[page]
    pitch_x = label_width if pitch_x is None else pitch_x
    pitch_y = label_height if pitch_y is None else pitch_y
    _check_counts(rows, columns)
    _check_sizes(label_width, label_height, top, left)
    _check_pitch(pitch_x, label_width, "across", "width")
    _check_pitch(pitch_y, label_height, "down", "height")
    _check_fits("wide", left + (columns - 1) * pitch_x + label_width, width, "left margin")
    _check_fits("tall", top + (rows - 1) * pitch_y + label_height, height, "top margin")
    return SheetSpec(
        name=f"Custom {columns} × {rows}",  # noqa: RUF001
        page_width=width,
        page_height=height,
        rows=rows,
        columns=columns,
        label_width=label_width,
        label_height=label_height,
        top=top,
        left=left,
        pitch_x=pitch_x,
        pitch_y=pitch_y,
        padding_x=min(3.0, label_width / 10),
        padding_y=min(1.5, label_height / 10),
    )


def _check_counts(rows: int, columns: int) -> None:
    for count, what in ((rows, "rows"), (columns, "columns")):
        if not 1 <= count <= 40:
            raise LabelError(f"A sheet has 1 to 40 {what}, not {count}.")


def _check_sizes(label_width: float, label_height: float, top: float, left: float) -> None:
    if label_width < 15 or label_height < 8:
        raise LabelError(
            f"A label of {label_width:g} × {label_height:g} mm is too small for an address: "  # noqa: RUF001
            "at least 15 mm wide and 8 mm tall."
        )
    if top < 0 or left < 0:
        raise LabelError("The margins cannot be negative.")


def _check_pitch(pitch: float, size: float, direction: str, what: str) -> None:
    if pitch < size:
        raise LabelError(
            f"The pitch {direction} ({pitch:g} mm) is less than the label {what} "
            f"({size:g} mm): the labels would overlap."
        )


def _check_fits(direction: str, needed: float, page: float, margin: str) -> None:
    if needed > page + 0.01:
        raise LabelError(
            f"The grid is {needed:.1f} mm {direction} but the page is only {page:g} mm: "
            f"fewer labels, smaller labels or a smaller {margin}."
        )


@dataclass(frozen=True)
class Blank:
    """A label left blank on the sheet, and why: ``kind`` is "empty", "glyphs"
    (``missing`` lists the characters no font has), "size" (too long even at
    the smallest size) or "font" (a font file that cannot be read)."""

    number: int
    title: str
    reason: str
    kind: str
    missing: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return f"Label {self.number} ({self.title}) {self.reason}."


class Unprintable(LabelError):
    """One label that cannot be drawn: it is left blank and reported."""

    def __init__(self, blank: Blank) -> None:
        super().__init__(blank.message)
        self.blank = blank


@dataclass(frozen=True)
class Printed:
    """The sheet as PDF, how many labels are on it, and the labels left blank."""

    pdf: bytes
    count: int
    blank: tuple[Blank, ...]


@dataclass(frozen=True)
class Fitted:
    """A label's lines as drawn, at one font size (in points), in its fonts."""

    lines: tuple[str, ...]
    size: float
    plan: FontPlan
    right_to_left: bool = False


def render(
    labels: Sequence[LabelText],
    sheet: SheetSpec,
    *,
    font_path: str,
    fallbacks: Sequence[FontFace] = (),
    skip: int = 0,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> Printed:
    """The PDF of ``labels`` on ``sheet``, starting after ``skip`` used labels.

    ``offset_mm`` moves everything right and down (negative: left and up) to
    make up for a printer that does not print where it should. A label that
    cannot be drawn keeps its place on the sheet, blank, and is reported.
    """
    _check_options(labels, sheet, skip, offset_mm)
    pdf = LabelPDF(sheet, font_path, fallbacks)
    fitted, blank = _fit_all(pdf, labels, sheet)
    for position, lines in enumerate(fitted, skip):
        if position % sheet.per_page == 0 or position == skip:
            pdf.add_page()
        if lines is not None:
            x, y, _, height = sheet.cell(position)
            _draw(pdf, lines, sheet, x + offset_mm[0], y + offset_mm[1], height)
    return Printed(bytes(pdf.output()), len(labels) - len(blank), blank)


def check(
    labels: Sequence[LabelText],
    sheet: SheetSpec,
    *,
    font_path: str,
    fallbacks: Sequence[FontFace] = (),
) -> tuple[Blank, ...]:
    """The labels that would be left blank on ``sheet``, without making the PDF."""
    return _fit_all(LabelPDF(sheet, font_path, fallbacks), labels, sheet)[1]


def _fit_all(
    pdf: LabelPDF, labels: Sequence[LabelText], sheet: SheetSpec
) -> tuple[list[Fitted | None], tuple[Blank, ...]]:
    fitted: list[Fitted | None] = []
    blank: list[Blank] = []
    for number, label in enumerate(labels, 1):
        try:
            fitted.append(fit(pdf, label, sheet, number))
        except Unprintable as exc:
            fitted.append(None)
            blank.append(exc.blank)
    return fitted, tuple(blank)


def _check_options(
    labels: Sequence[LabelText], sheet: SheetSpec, skip: int, offset_mm: tuple[float, float]
) -> None:
    if not labels:
        raise LabelError("There are no labels to print.")
    if not 0 <= skip < sheet.per_page:
        raise LabelError(
            f"Skip 0 to {sheet.per_page - 1} labels: the sheet ({sheet.name}) has {sheet.per_page}."
        )
    for value, what in zip(offset_mm, ("across", "down"), strict=True):
        if abs(value) > MAX_OFFSET_MM:
            raise LabelError(
                f"The offset {what} ({value:g} mm) is more than {MAX_OFFSET_MM:g} mm: "
                "check the sheet instead."
            )


class LabelPDF(FPDF):
    """A sheet being made: the main font, the fallback faces loaded so far, and
    the font plan of the label being measured or drawn."""

    def __init__(self, sheet: SheetSpec, font_path: str, fallbacks: Sequence[FontFace]) -> None:
        super().__init__(unit="mm", format=(sheet.page_width, sheet.page_height))
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0
        self.set_title(f"Labels ({sheet.name})")
        self.set_creator("keepwarm")
        try:
            self.add_font(FONT, "", font_path)
        except (OSError, RuntimeError, FPDFException) as exc:
            raise LabelError(f"Cannot load the label font {font_path}: {exc}") from None
        self.set_font(FONT, size=START_SIZE_PT)
        self.chooser = Chooser(self.main_font().cmap, fallbacks)
        self.families: dict[FontFace, str] = {}
        self.plan: FontPlan | None = None

    def main_font(self) -> TTFFont:
        font = self.fonts[MAIN_KEY]
        if not isinstance(font, TTFFont):
            raise LabelError("The label font is not a TrueType font.")
        return font

    def load(self, face: FontFace) -> str:
        """The family name ``face`` is known by in this PDF (loaded on first use)."""
        if face not in self.families:
            family = f"{FALLBACK}{len(self.families) + 1}"
            self.add_font(family, "", face.path, collection_font_number=face.index)
            self.families[face] = family
            self.set_fallback_fonts(list(self.families.values()))
        return self.families[face]

    def use(self, plan: FontPlan, line: str, size: float) -> None:
        """Set ``line`` in its font at ``size`` points, the plan's other fonts
        standing by. A line in the main font alone, without combining marks,
        needs no shaping (and is written more compactly without)."""
        self.plan = plan
        face = plan.line_face(line)
        self.set_font(FONT if face is None else self.families[face], size=size)
        self.set_text_shaping(_needs_shaping(plan, line))

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """The font the plan chose for a character the line's font lacks."""
        if self.plan is None or char not in self.plan.by_char:
            return None
        face = self.plan.by_char[char]
        return MAIN_KEY if face is None else self.families[face].lower()


def _needs_shaping(plan: FontPlan, line: str) -> bool:
    """Whether a line has a letter of a script other than Latin, Greek and
    Cyrillic, a combining mark, or a character from a fallback face."""
    return any(
        plan.by_char.get(char) is not None
        or get_unicode_script(char) not in MAIN_SCRIPTS
        or unicodedata.category(char).startswith("M")
        for char in line
    )


def fit(pdf: LabelPDF, label: LabelText, sheet: SheetSpec, number: int) -> Fitted:
    """The largest size at which the label fits its cell: shrink first, then wrap.

    Raises ``Unprintable`` naming the label when it is empty, has characters no
    font has, or does not fit even at ``MIN_SIZE_PT``.
    """
    if not label.lines:
        raise _unprintable(label, number, "empty", "is empty")
    plan = _plan(pdf, label, number)
    width = sheet.label_width - 2 * sheet.padding_x
    height = sheet.label_height - 2 * sheet.padding_y
    rtl = right_to_left(label.lines)
    sizes = _sizes()
    for size in (size for size in sizes if size >= SHRINK_FLOOR_PT):
        if _fits(pdf, plan, label.lines, size, width, height):
            return Fitted(label.lines, size, plan, rtl)
    for size in sizes:
        wrapped = wrap(pdf, plan, label.lines, size, width)
        if _fits(pdf, plan, wrapped, size, width, height):
            return Fitted(wrapped, size, plan, rtl)
    raise _unprintable(
        label,
        number,
        "size",
        f"does not fit a {sheet.label_width:g} × {sheet.label_height:g} mm label "  # noqa: RUF001
        f"even at {MIN_SIZE_PT:g} pt: shorten it",
    )


def _plan(pdf: LabelPDF, label: LabelText, number: int) -> FontPlan:
    plan = pdf.chooser.plan(label.lines)
    if plan.missing:
        raise _unprintable(
            label,
            number,
            "glyphs",
            f"has characters no label font can draw: {' '.join(plan.missing)}",
            plan.missing,
        )
    for face in plan.faces:
        try:
            pdf.load(face)
        except (OSError, RuntimeError, FPDFException) as exc:
            reason = f"needs the font {face.path}, which cannot be read: {exc}"
            raise _unprintable(label, number, "font", reason) from None
    return plan


def _unprintable(
    label: LabelText, number: int, kind: str, reason: str, missing: tuple[str, ...] = ()
) -> Unprintable:
    return Unprintable(Blank(number, label.title, reason, kind, missing))


def right_to_left(lines: Sequence[str]) -> bool:
    """Whether most lines run right to left (a tie: as the first line that has a direction)."""
    directions = [d for d in (_direction(line) for line in lines) if d]
    rtl = directions.count("R")
    return rtl > len(directions) - rtl or (rtl * 2 == len(directions) > 0 and directions[0] == "R")


def _direction(line: str) -> str:
    """ "R" or "L" from the line's first letter with a direction; "" when it has none."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return ""


def _sizes() -> list[float]:
    count = round((START_SIZE_PT - MIN_SIZE_PT) / STEP_PT)
    return [START_SIZE_PT - i * STEP_PT for i in range(count + 1)]


def block_height(count: int, size: float) -> float:
    """Millimetres that ``count`` lines take at ``size`` points."""
    return count * size * LINE_SPACING * MM_PER_PT


def _width(pdf: LabelPDF, plan: FontPlan, text: str, size: float) -> float:
    pdf.use(plan, text, size)
    return float(pdf.get_string_width(text))


def _fits(
    pdf: LabelPDF, plan: FontPlan, lines: Sequence[str], size: float, width: float, height: float
) -> bool:
    if block_height(len(lines), size) > height:
        return False
    return all(_width(pdf, plan, line, size) <= width for line in lines)


def wrap(
    pdf: LabelPDF, plan: FontPlan, lines: Sequence[str], size: float, width: float
) -> tuple[str, ...]:
    """Each line broken at spaces (or, for a word too long, between characters)."""
    out: list[str] = []
    for line in lines:
        out.extend(_wrap_line(pdf, plan, line, size, width))
    return tuple(out)


def _wrap_line(pdf: LabelPDF, plan: FontPlan, line: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(pdf, plan, candidate, size) <= width:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = word
        while _width(pdf, plan, current, size) > width and len(current) > 1:
            cut = _longest_prefix(pdf, plan, current, size, width)
            pieces.append(current[:cut])
            current = current[cut:]
    pieces.append(current)
    return pieces


def _longest_prefix(pdf: LabelPDF, plan: FontPlan, word: str, size: float, width: float) -> int:
    cut = 1
    while cut < len(word) and _width(pdf, plan, word[: cut + 1], size) <= width:
        cut += 1
    return cut


def _draw(pdf: LabelPDF, fitted: Fitted, sheet: SheetSpec, x: float, y: float, h: float) -> None:
    """The lines inside the padding, left-aligned (right-aligned when the label
    runs right to left), the block centred top to bottom."""
    size = fitted.size
    line = size * LINE_SPACING * MM_PER_PT
    top = y + (h - block_height(len(fitted.lines), size)) / 2
    desc = pdf.main_font().desc
    ascent = desc.ascent / 1000 * size * MM_PER_PT
    descent = -desc.descent / 1000 * size * MM_PER_PT
    baseline = top + (line - ascent - descent) / 2 + ascent
    width = sheet.label_width - 2 * sheet.padding_x
    for index, text in enumerate(fitted.lines):
        pdf.use(fitted.plan, text, size)
        # A cell puts its baseline half its height plus 0.3 of the font size below its top.
        pdf.set_xy(x + sheet.padding_x, baseline + index * line - line / 2 - 0.3 * size * MM_PER_PT)
        pdf.cell(w=width, h=line, text=text, align="R" if fitted.right_to_left else "L")
