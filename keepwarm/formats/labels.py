"""Address-label sheets as PDF: Avery 5160, Avery L7160 and custom grids.

Pure: label texts and a sheet spec in, PDF bytes out. The caller passes the
TrueType font (the Django side passes DejaVu Sans from matplotlib's wheel, so
ń, ü, Greek and Cyrillic names print).

Fitting a label, never cutting it:

1. each line at the starting size; if a line is too wide or there are too many
   lines, the font shrinks half a point at a time down to ``SHRINK_FLOOR_PT``
   (still easy to read);
2. if even that is too wide, the lines wrap (at spaces, else anywhere) at the
   largest size where the wrapped text fits, down to ``MIN_SIZE_PT``;
3. if nothing fits, ``LabelError`` names the label: the text is never drawn cut.

A character the font cannot draw (Chinese or Japanese script: DejaVu Sans has
no CJK glyphs) is also a ``LabelError``, never an empty box on the label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont

MM_PER_PT = 25.4 / 72
MM_PER_INCH = 25.4
START_SIZE_PT = 11.0
SHRINK_FLOOR_PT = 8.0
MIN_SIZE_PT = 6.0
STEP_PT = 0.5
LINE_SPACING = 1.2
MAX_OFFSET_MM = 5.0
FONT = "LabelFont"

PAGES_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}


class LabelError(ValueError):
    """A sheet, a label or an option that cannot be printed (one clear message)."""


@dataclass(frozen=True)
class LabelText:
    """The lines of one label, top to bottom."""

    lines: tuple[str, ...]

    def __init__(self, lines: Sequence[str]) -> None:
        cleaned = tuple(" ".join(str(line).split()) for line in lines)
        object.__setattr__(self, "lines", tuple(line for line in cleaned if line))

    @property
    def title(self) -> str:
        """How a message names this label: its first line."""
        return self.lines[0] if self.lines else "(empty)"


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
class Fitted:
    """A label's lines as drawn, at one font size (in points)."""

    lines: tuple[str, ...]
    size: float


def render(
    labels: Sequence[LabelText],
    sheet: SheetSpec,
    *,
    font_path: str,
    skip: int = 0,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> bytes:
    """The PDF of ``labels`` on ``sheet``, starting after ``skip`` used labels.

    ``offset_mm`` moves everything right and down (negative: left and up) to
    make up for a printer that does not print where it should.
    """
    _check_options(labels, sheet, skip, offset_mm)
    pdf = _document(sheet, font_path)
    fitted = [fit(pdf, label, sheet, number) for number, label in enumerate(labels, 1)]
    for position, lines in enumerate(fitted, skip):
        if position % sheet.per_page == 0 or position == skip:
            pdf.add_page()
        x, y, _, height = sheet.cell(position)
        _draw(pdf, lines, sheet, x + offset_mm[0], y + offset_mm[1], height)
    return bytes(pdf.output())


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


def _document(sheet: SheetSpec, font_path: str) -> FPDF:
    pdf = FPDF(unit="mm", format=(sheet.page_width, sheet.page_height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(f"Labels ({sheet.name})")
    pdf.set_creator("keepwarm")
    try:
        pdf.add_font(FONT, "", font_path)
    except (OSError, RuntimeError) as exc:
        raise LabelError(f"Cannot load the label font {font_path}: {exc}") from None
    pdf.set_font(FONT, size=START_SIZE_PT)
    return pdf


def missing_characters(pdf: FPDF, text: str) -> list[str]:
    """The characters of ``text`` the current font has no glyph for."""
    cmap: dict[int, Any] = _font(pdf).cmap
    return sorted({c for c in text if not c.isspace() and ord(c) not in cmap})


def _font(pdf: FPDF) -> TTFFont:
    font = pdf.current_font
    if not isinstance(font, TTFFont):
        raise LabelError("The label font is not a TrueType font.")
    return font


def fit(pdf: FPDF, label: LabelText, sheet: SheetSpec, number: int) -> Fitted:
    """The largest size at which the label fits its cell: shrink first, then wrap."""
    if not label.lines:
        raise LabelError(f"Label {number} is empty.")
    missing = missing_characters(pdf, "".join(label.lines))
    if missing:
        raise LabelError(
            f"Label {number} ({label.title}) has characters the label font cannot draw: "
            f"{' '.join(missing)}. Write them in Latin script."
        )
    width = sheet.label_width - 2 * sheet.padding_x
    height = sheet.label_height - 2 * sheet.padding_y
    sizes = _sizes()
    for size in (size for size in sizes if size >= SHRINK_FLOOR_PT):
        if _fits(pdf, label.lines, size, width, height):
            return Fitted(label.lines, size)
    for size in sizes:
        wrapped = wrap(pdf, label.lines, size, width)
        if _fits(pdf, wrapped, size, width, height):
            return Fitted(wrapped, size)
    raise LabelError(
        f"Label {number} ({label.title}) does not fit a {sheet.label_width:g} × "  # noqa: RUF001
        f"{sheet.label_height:g} mm label even at {MIN_SIZE_PT:g} pt: shorten it."
    )


def _sizes() -> list[float]:
    count = round((START_SIZE_PT - MIN_SIZE_PT) / STEP_PT)
    return [START_SIZE_PT - i * STEP_PT for i in range(count + 1)]


def block_height(count: int, size: float) -> float:
    """Millimetres that ``count`` lines take at ``size`` points."""
    return count * size * LINE_SPACING * MM_PER_PT


def _width(pdf: FPDF, text: str, size: float) -> float:
    pdf.set_font_size(size)
    return float(pdf.get_string_width(text))


def _fits(pdf: FPDF, lines: Sequence[str], size: float, width: float, height: float) -> bool:
    if block_height(len(lines), size) > height:
        return False
    return all(_width(pdf, line, size) <= width for line in lines)


def wrap(pdf: FPDF, lines: Sequence[str], size: float, width: float) -> tuple[str, ...]:
    """Each line broken at spaces (or, for a word too long, between characters)."""
    out: list[str] = []
    for line in lines:
        out.extend(_wrap_line(pdf, line, size, width))
    return tuple(out)


def _wrap_line(pdf: FPDF, line: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(pdf, candidate, size) <= width:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = word
        while _width(pdf, current, size) > width and len(current) > 1:
            cut = _longest_prefix(pdf, current, size, width)
            pieces.append(current[:cut])
            current = current[cut:]
    pieces.append(current)
    return pieces


def _longest_prefix(pdf: FPDF, word: str, size: float, width: float) -> int:
    cut = 1
    while cut < len(word) and _width(pdf, word[: cut + 1], size) <= width:
        cut += 1
    return cut


def _draw(pdf: FPDF, fitted: Fitted, sheet: SheetSpec, x: float, y: float, h: float) -> None:
    """The lines left-aligned inside the padding, the block centred top to bottom."""
    pdf.set_font_size(fitted.size)
    line = fitted.size * LINE_SPACING * MM_PER_PT
    top = y + (h - block_height(len(fitted.lines), fitted.size)) / 2
    desc = _font(pdf).desc
    ascent = desc.ascent / 1000 * fitted.size * MM_PER_PT
    descent = -desc.descent / 1000 * fitted.size * MM_PER_PT
    baseline = top + (line - ascent - descent) / 2 + ascent
    for index, text in enumerate(fitted.lines):
        pdf.text(x + sheet.padding_x, baseline + index * line, text)
