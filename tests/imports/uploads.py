"""Files to import and how the tests send them: three small cards, a touch
log, a file of ``count`` cards (``cards``), and the import page's upload
(``upload``, ``started``) as a browser posts it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

UPLOAD = reverse("import_upload")

THREE_CARDS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Li\r\nTEL:+49 30 555000\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twombly\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n"
)
TOUCH_LOG = (
    b"date,kind,people,note\n"
    b"2026-11-20,Coffee,jane@example.com,Good talk\n"
    b"2026-11-21,tea,Jane Doe,\n"
    b"2026-11-22,coffee,Nobody Known,\n"
)


def cards(count: int) -> bytes:
    """A vCard 3.0 file of ``count`` cards; every tenth card from the 20th is a second
    card for the person 15 cards before (the same email, another phone)."""
    out = []
    for i in range(1, count + 1):
        repeat = i % 10 == 0 and i > 15
        email = f"person{i - 15 if repeat else i}@example.com"
        out += [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:Müller {i};Zoë;;;",
            f"FN:Zoë Müller {i}",
            f"EMAIL;TYPE=INTERNET:{email}",
            f"TEL;TYPE=CELL:+1 617 555 {i:04d}",
            "END:VCARD",
        ]
    return ("\r\n".join(out) + "\r\n").encode()


def upload(client, name: str, data: bytes, **fields):
    payload = {"format": "auto", "circle": "", "tags": "", **fields}
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), **payload})


def started(client, name: str, data: bytes, **fields) -> str:
    """Upload a file and return its preview URL."""
    response = upload(client, name, data, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]
