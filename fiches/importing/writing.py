"""What the writers of one file share: the run (the file, its report, its moment), the
fingerprint that tells a new version of a record from a hand edit, and the check that values
fit their columns."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from .errors import SheetImportError
from .report import FileReport


def fingerprint(values: dict) -> str:
    """A stable digest of what an import wrote, to tell a hand edit from a new version."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ImportRun:
    """One file being written, in one transaction."""

    source: str
    report: FileReport
    publication_state: str | None = None  # None: each format's own default
    now: datetime = field(default_factory=timezone.now)
    # The sheets this file creates or changes: their derived data (completeness, search
    # document) is refreshed once for them all, when the file is written.
    written_actions: set[int] = field(default_factory=set)

    @property
    def file_name(self) -> str:
        return Path(self.source).name

    def refuse(self, message: str, *, line: int) -> SheetImportError:
        return SheetImportError(message, line=line, source=self.source)

    def check_lengths(self, model, values: dict, *, line: int) -> None:
        for name, value in values.items():
            max_length = getattr(model._meta.get_field(name), "max_length", None)
            if max_length and isinstance(value, str) and len(value) > max_length:
                label = model._meta.get_field(name).verbose_name
                raise self.refuse(
                    f"« {label} » trop long ({len(value)} caractères, {max_length} au plus)",
                    line=line,
                )
