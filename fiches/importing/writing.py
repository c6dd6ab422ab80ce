"""What the writers of one file share: the run (the file, its report, its moment), the
fingerprint that tells a new version of a record from a hand edit, and the check that every
value fits its column before anything is written."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst

from parsing.naming import match_key

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
    # The stored sheets this file changes: their derived data (completeness, search
    # document) is refreshed once for them all, when the file is written. The sheets it
    # creates get theirs as they are created (``ActionDumpWriter.create_new_actions``).
    written_actions: set[int] = field(default_factory=set)

    @property
    def file_name(self) -> str:
        return Path(self.source).name

    def refuse(self, message: str, *, line: int) -> SheetImportError:
        return SheetImportError(message, line=line, source=self.source)

    def check_lengths(self, model, values: dict, *, line: int) -> None:
        """Refuses a value longer than its column, naming the record, the field and the
        line: the database would refuse it with an error that says none of them (or cut it,
        SQLite). A ``name`` is also checked as its ``match_key`` is stored beside it, which
        may be longer: "ß" is keyed "ss", a ligature two letters."""
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            self._check_length(model, name, len(value), line=line)
            if name == "name" and _has_field(model, "match_key"):
                self._check_length(model, "match_key", len(match_key(value)), line=line)

    def _check_length(self, model, name: str, length: int, *, line: int) -> None:
        max_length = getattr(model._meta.get_field(name), "max_length", None)
        if not max_length or length <= max_length:
            return
        label = model._meta.get_field("name" if name == "match_key" else name).verbose_name
        written = " une fois écrit sans accents ni ligatures" if name == "match_key" else ""
        raise self.refuse(
            f"{capfirst(model._meta.verbose_name)} : « {label} » trop long{written} "
            f"({length} caractères, {max_length} au plus)",
            line=line,
        )


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
