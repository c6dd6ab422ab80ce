"""What importing one file did (or, in a dry run, would do): the report the command prints
and the admin's import page shows."""

from dataclasses import dataclass, field

FORMAT_LABELS = {
    "action_dump": "dump de fiches actions",
    "project_sheet": "fiche projet",
}
# What a refused file did not do after all: it wrote nothing. What was read (the sheets, the
# warnings, the format, the encoding) stays in its report.
_WRITE_COUNTS = (
    "created", "updated", "unchanged", "duplicates", "centres_created", "partners_created",
    "partners_updated",
)  # fmt: skip
# What a file changed in the database, were it only one row.
_CHANGE_COUNTS = ("created", "updated", "centres_created", "partners_created", "partners_updated")


@dataclass
class FileReport:
    path: str
    dry_run: bool = False
    format: str = ""
    encoding: str = ""  # as ``files.decode_text`` names it; "" for text given as text
    sheets_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    centres_created: int = 0
    partners_created: int = 0
    partners_updated: int = 0
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Sheets asked for as published but too empty to be: created as drafts, each with why.
    kept_as_drafts: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def changed_nothing(self) -> bool:
        """A file read again that the database already holds as it says: nothing created,
        updated or in conflict (its warnings were said when it was first imported)."""
        wrote = any(getattr(self, name) for name in _CHANGE_COUNTS)
        return self.ok and self.sheets_read > 0 and not (wrote or self.conflicts)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, "format inconnu")

    def refuse(self, error: str) -> None:
        """The file is refused: it wrote nothing, so its report must not say otherwise."""
        for name in _WRITE_COUNTS:
            setattr(self, name, 0)
        self.conflicts = []
        self.kept_as_drafts = []
        self.error = error
