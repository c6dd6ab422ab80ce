"""A published fiche action as open data: one record per sheet, for the CSV and JSON exports
and a sheet's own JSON.

Its fields are those of the sheet's declaration (``parsing.action_sheet``), one per heading in
its order, between the sheet's identity and centre and its dates: a heading added there is
exported too. Nothing else of the sheet is: no publication state, provenance, completeness
or workspace data. The shape is versioned and documented by ``static/schemas/`` (a change
that breaks a reader is a new version and a new schema file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from parsing.action_sheet import HEADINGS, Heading, Kind
from parsing.figures import FIGURES

from .models import Action

# The version of the exported shape, and the JSON Schema that documents it.
EXPORT_FORMAT_VERSION = 1
EXPORT_SCHEMA_PATH = "schemas/fiches-actions-v1.json"
# Sheets read from the database at a time, each chunk with its vocabularies: an export of
# the whole catalogue never holds more than this many sheets.
EXPORT_CHUNK_SIZE = 500
# How the CSV writes a list in one cell (a vocabulary, the attached files' names).
CSV_LIST_SEPARATOR = " | "

IDENTITY_FIELDS = ("id", "title", "slug", "url", "centre", "commune", "departement")
DATE_FIELDS = ("created_at", "updated_at")
# The figures read from the texts (``parsing.figures``): added to version 1 after its first
# fields, last, so that a reader of the first columns by position still reads them.
FIGURE_FIELDS = tuple(
    name
    for figure in FIGURES
    for name in (figure.value_field, figure.note_field, figure.set_by_hand_field)
)
# Every exported field, in the order of the CSV's columns and of a JSON record's keys.
EXPORT_FIELDS = (
    *IDENTITY_FIELDS, *(heading.name for heading in HEADINGS), *DATE_FIELDS, *FIGURE_FIELDS
)  # fmt: skip


def export_record(action: Action, *, url: str) -> dict:
    """The sheet as the exports give it; ``url`` is its page's absolute address. Its centre
    and vocabularies are best read with it (``Action.objects.for_export()``)."""
    centre = action.centre
    return {
        "id": action.pk,
        "title": action.title,
        "slug": action.slug,
        "url": url,
        "centre": centre.display_name,
        "commune": centre.commune,
        "departement": centre.departement,
        **{heading.name: _exported_value(action, heading) for heading in HEADINGS},
        "created_at": action.created_at.isoformat(),
        "updated_at": action.updated_at.isoformat(),
        **{name: getattr(action, name) for name in FIGURE_FIELDS},
    }


def export_records(actions, *, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    """The records of ``actions`` in their order, read :data:`EXPORT_CHUNK_SIZE` at a time;
    ``absolute_url`` makes a page's path an address."""
    for action in actions.for_export().iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield export_record(action, url=absolute_url(action.get_absolute_url()))


def csv_row(record: dict) -> list:
    """A record as a CSV line: its lists joined in one cell, in the columns' order."""
    return [_csv_cell(record[name]) for name in EXPORT_FIELDS]


def csv_rows(records: Iterable[dict]) -> Iterator[list]:
    yield list(EXPORT_FIELDS)
    for record in records:
        yield csv_row(record)


def _csv_cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    return CSV_LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _exported_value(action: Action, heading: Heading):
    stored = getattr(action, heading.field)
    match heading.kind:
        case Kind.VOCABULARY:
            return [entry.name for entry in stored.all()]
        case Kind.LINES:
            return [line.strip() for line in stored.splitlines() if line.strip()]
    return stored
