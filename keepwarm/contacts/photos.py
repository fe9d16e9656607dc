"""A person's photo: any common image in, a small JPEG or PNG out.

The same for an upload on the person form and a picture inside an imported
card, so a photo is never stored larger than ``SIDE`` pixels a side."""

from __future__ import annotations

import contextlib
import io
import uuid
import warnings
from collections.abc import Iterator
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 5 MB file can still unpack into gigabytes
SIDE = 256
NOT_AN_IMAGE = "That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP photo."


def small_photo(upload: IO[bytes], size: int | None = None) -> ContentFile:
    """The upload shrunk to at most 256 by 256 pixels; ``ValidationError`` if it cannot be."""
    size = size if size is not None else getattr(upload, "size", None)
    if size and size > MAX_BYTES:
        raise ValidationError("The photo is larger than 5 MB: pick a smaller one.")
    with _read_as_image():
        return _shrink(upload)


TOO_MANY_PIXELS = (
    f"The photo has too many pixels (more than {MAX_PIXELS // 1_000_000} million): "
    "pick a smaller one."
)


@contextlib.contextmanager
def _read_as_image() -> Iterator[None]:
    """What reading a picture can raise, as the message a person can act on."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(TOO_MANY_PIXELS) from None  # a 900-megapixel picture
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE) from None


def verify(data: bytes) -> None:
    """``ValidationError`` unless ``data`` is a picture keepwarm would take as a
    photo (a restored file's, kept as it is)."""
    if len(data) > MAX_BYTES:
        raise ValidationError("The photo is larger than 5 MB.")
    with _read_as_image(), Image.open(io.BytesIO(data)) as probe:
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise ValidationError(TOO_MANY_PIXELS)
        probe.verify()


def photo_from_bytes(data: bytes) -> ContentFile:
    """``small_photo`` of a picture held in memory (an imported card's)."""
    return small_photo(io.BytesIO(data), len(data))


def _shrink(upload: IO[bytes]) -> ContentFile:
    upload.seek(0)
    with Image.open(upload) as probe:
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise ValidationError(TOO_MANY_PIXELS)
        probe.verify()
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original) or original
        image.thumbnail((SIDE, SIDE))
        transparent = image.mode in {"RGBA", "LA", "PA"} or (
            image.mode == "P" and "transparency" in image.info
        )
        out = io.BytesIO()
        if transparent:
            image.convert("RGBA").save(out, "PNG", optimize=True)
            extension = "png"
        else:
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def content_type(name: str) -> str:
    return "image/png" if name.lower().endswith(".png") else "image/jpeg"
