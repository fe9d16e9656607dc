"""An uploaded file waiting for its owner to check the preview and confirm."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from keepwarm.contacts.models import Circle
from keepwarm.owned import Owned


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PendingImport(Owned):
    """The bytes of an upload and the user's choices, kept until the import is
    confirmed or cancelled (and at most a day). Transient: not in backups."""

    backup_excluded = True

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    kind = models.CharField(max_length=10, help_text="vcard, csv or touches")
    layout = models.CharField(
        max_length=40, blank=True, help_text='What the file was read as, e.g. "google csv".'
    )
    mapping = models.JSONField(
        null=True, blank=True, help_text="Header → field, once the user confirmed it."
    )
    circle = models.ForeignKey(
        Circle, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    preview = models.BinaryField(
        null=True, blank=True, editable=False, help_text="The preview's report, kept."
    )
    preview_of = models.CharField(
        max_length=120,
        blank=True,
        default="",
        editable=False,
        help_text="What the kept preview was made for (the owner's data version, the "
        "mapping, the day): another makes it again.",
    )

    class State(models.TextChoices):
        WAITING = "", "waiting for its owner"
        PREVIEWING = "previewing", "working out the preview"
        IMPORTING = "importing", "importing"
        DONE = "done", "imported"
        FAILED = "failed", "not imported"

    state = models.CharField(
        max_length=12,
        choices=State.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Work on it in the background (a large file), and how it ended.",
    )
    done_count = models.PositiveIntegerField(default=0, db_default=0)
    total_count = models.PositiveIntegerField(default=0, db_default=0)
    beat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the work in the background last moved on."
    )
    outcome = models.TextField(
        blank=True, default="", db_default="", help_text="What the work ended with, in words."
    )
    report = models.BinaryField(
        null=True,
        blank=True,
        editable=False,
        help_text="What the import did, line by line, once done in the background: kept "
        "until the upload is forgotten, for the API's import job to show.",
    )

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind})"

    def get_absolute_url(self) -> str:
        return reverse("import_preview", args=[self.token])

    @property
    def tag_names(self) -> list[str]:
        return [name for name in self.tags.split(",") if name]

    @property
    def needs_mapping(self) -> bool:
        """A CSV of no known exporter, whose columns the user has not confirmed yet."""
        return self.layout == "generic csv" and self.mapping is None


class SavedMapping(Owned):
    """A CSV column mapping kept under a name, to import the next file of the
    same shape in one step (``keepwarm import FILE --mapping NAME``)."""

    name = models.CharField(max_length=60)
    mapping = models.JSONField(help_text="Column header → field, as the mapping step takes it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_mapping_name_once")
        ]

    def __str__(self) -> str:
        return self.name
