"""Brings sheet dumps into the catalogue.

Parsing is pure (``parsing``); this module is the writing step. Each file is written
in one transaction: a file with any error writes nothing. Every record is compared with what
is stored (created / updated / unchanged), and a record edited by hand since its last import
keeps the edit: the import reports the conflict instead of overwriting it.

The management command ``import_sheets`` and the admin's import page both call
:func:`import_paths` or :func:`import_text`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from centres.enums import PartnerCategory
from centres.models import Centre, Partner, unique_slugs
from core.history import bulk_create_with_history, change_reason
from core.publication import PublicationState
from parsing import SheetParseError, parse_sheets
from parsing.action_sheet import HEADINGS, TEXT_HEADINGS, Heading, Kind
from parsing.naming import match_key, read_structure_name
from parsing.records import ActionDump, ActionSheet
from parsing.records import ProjectSheet as ParsedProjectSheet

from .derived import refresh_derived
from .models import (
    ACTION_HISTORY,
    VOCABULARY_FIELDS,
    Action,
    ProjectAction,
    ProjectPartner,
    ProjectSheet,
    TimelineEntry,
)

FORMAT_LABELS = {
    "action_dump": "dump de fiches actions",
    "project_sheet": "fiche projet",
}
# Words that mark a faith-based organisation in the "Associatifs et cultuels" section.
FAITH_MARKERS = ("paroisse", "musulman", "eglise", "mosquee", "temple", "synagogue", "diocese")


class SheetImportError(Exception):
    """A sheet that parsed but cannot be stored; says where, like a parse error."""

    def __init__(self, message: str, *, line: int, source: str = "") -> None:
        self.message, self.line, self.source = message, line, source
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}:{self.line} : {self.message}"


@dataclass
class FileReport:
    """What importing one file did (or, in a dry run, would do)."""

    path: str
    dry_run: bool = False
    format: str = ""
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
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, "format inconnu")


def import_paths(
    paths: Iterable[str | Path], *, dry_run: bool = False, publication_state: str | None = None
) -> list[FileReport]:
    """Imports every file given, folders included (their files in name order)."""
    reports = []
    for path in expand_paths(paths):
        try:
            text = read_text(path)
        except SheetImportError as error:
            reports.append(FileReport(path=str(path), dry_run=dry_run, error=str(error)))
            continue
        reports.append(
            import_text(
                text, source=str(path), dry_run=dry_run, publication_state=publication_state
            )
        )
    return reports


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files


def read_text(path: Path) -> str:
    """The file's text, or a clear error for what is not a UTF-8 text file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetImportError(
            f"fichier illisible ({error.strerror or error})", line=1, source=str(path)
        ) from error
    return decode_text(data, source=str(path))


def decode_text(data: bytes, *, source: str) -> str:
    """The text of a file's bytes (read from disk or uploaded), or a clear error for what is
    not a UTF-8 text file."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SheetImportError(
            "fichier binaire : un dump de fiches est un fichier texte", line=line, source=source
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SheetImportError(
            "le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8 puis réessayez)",
            line=line,
            source=source,
        ) from error


def import_text(
    text: str, *, source: str, dry_run: bool = False, publication_state: str | None = None
) -> FileReport:
    """Parses and writes one file's text in one transaction; never raises for bad input."""
    report = FileReport(path=source, dry_run=dry_run)
    try:
        parsed = parse_sheets(text, source=source)
        report.format = "action_dump" if isinstance(parsed, ActionDump) else "project_sheet"
        # The history of every record this file writes says where the change came from.
        with transaction.atomic(), change_reason(f"Import {Path(source).name}"):
            writer = _Writer(report, source=source, publication_state=publication_state)
            if isinstance(parsed, ActionDump):
                writer.write_action_dump(parsed)
            else:
                writer.write_project_sheet(parsed)
            # Each sheet's completeness and search document, once, with its vocabularies.
            refresh_derived(actions=writer.written_actions)
            if dry_run:
                transaction.set_rollback(True)
    except (SheetParseError, SheetImportError) as error:
        _clear_counts(report)
        report.error = str(error)
    return report


def _clear_counts(report: FileReport) -> None:
    """A refused file wrote nothing, so its report must not say otherwise."""
    fresh = FileReport(path=report.path, dry_run=report.dry_run, format=report.format)
    for name in ("created", "updated", "unchanged", "duplicates", "centres_created",
                 "partners_created", "partners_updated", "conflicts"):  # fmt: skip
        setattr(report, name, getattr(fresh, name))


def fingerprint(values: dict) -> str:
    """A stable digest of what an import wrote, to tell a hand edit from a new version."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- Action sheets ------------------------------------------------------------------------

# The sheet's stored fields, lists apart (``parsing.action_sheet``).
ACTION_TEXT_FIELDS = tuple(heading.field for heading in TEXT_HEADINGS)
ACTION_VOCABULARIES = {
    name: Action._meta.get_field(name).related_model for name in VOCABULARY_FIELDS
}


@dataclass(frozen=True)
class StoredAction:
    """As much of a stored sheet as tells whether a file brings a new version of it: an
    update reads its whole row, but most sheets of a file are new or unchanged."""

    pk: int
    import_fingerprint: str


def stored_value(heading: Heading, parsed):
    """A heading's value as stored, from the parsed sheet's."""
    match heading.kind:
        case Kind.CHOICE:
            return {label: value for value, label in heading.choices}.get(parsed, "")
        case Kind.LINES:
            return "\n".join(parsed)
        case Kind.VOCABULARY:
            return list(parsed)
    return parsed


def action_values(sheet: ActionSheet) -> dict:
    """The stored form of a parsed sheet: field values, vocabularies as lists of names."""
    return {
        heading.field: stored_value(heading, getattr(sheet, heading.name)) for heading in HEADINGS
    }


def action_fingerprint(values: dict) -> str:
    # Vocabulary entries compare by key: "Intergénérationnel" is the stored "intergénérationnel".
    comparable = {
        name: sorted(match_key(item) for item in value) if name in ACTION_VOCABULARIES else value
        for name, value in values.items()
    }
    return fingerprint(comparable)


def stored_action_values(action: Action) -> dict:
    values = {name: getattr(action, name) for name in ACTION_TEXT_FIELDS}
    for name in ACTION_VOCABULARIES:
        values[name] = [entry.name for entry in getattr(action, name).all()]
    return values


# --- Project sheets -----------------------------------------------------------------------


def project_title(sheet: ParsedProjectSheet) -> str:
    return " ".join(part for part in ("Fiche projet", sheet.sector, sheet.year) if part)


def project_values(sheet: ParsedProjectSheet) -> dict:
    return {
        "year": sheet.year,
        "findings": sheet.findings,
        "general_objectives": sheet.general_objectives,
        "lead": sheet.lead,
        "staff": sheet.staff,
        "sector": sheet.sector,
        "sector_details": sheet.sector_details,
        "form_notes": sheet.form_notes,
        "public": sheet.public,
        "dates": sheet.dates,
        "place": sheet.place,
        "operational_objectives": "\n".join(sheet.operational_objectives),
        "progress": sheet.progress,
        "evaluation_criteria": "\n".join(sheet.evaluation_criteria),
        "budget_note": sheet.budget_note,
        "perspectives": "\n".join(sheet.perspectives),
        "actions": list(sheet.actions),
        "timeline": [[entry.period, entry.text] for entry in sheet.timeline],
        "partners": [
            [entry.as_written, entry.category, entry.follow_up, entry.follow_up_note]
            for entry in distinct_partner_entries(sheet)
        ],
    }


def distinct_partner_entries(sheet: ParsedProjectSheet) -> list:
    """The sheet's partner entries, a partner listed twice kept at its first mention."""
    by_key = {}
    for entry in sheet.partners:
        by_key.setdefault(match_key(entry.name), entry)
    return list(by_key.values())


PROJECT_TEXT_FIELDS = (
    "year", "findings", "general_objectives", "lead", "staff", "sector", "sector_details",
    "form_notes", "public", "dates", "place", "operational_objectives", "progress",
    "evaluation_criteria", "budget_note", "perspectives",
)  # fmt: skip


def stored_project_values(project: ProjectSheet) -> dict:
    values = {name: getattr(project, name) for name in PROJECT_TEXT_FIELDS}
    values["actions"] = [action.title for action in project.actions.all()]
    values["timeline"] = [[entry.period, entry.text] for entry in project.timeline.all()]
    values["partners"] = [
        [link.as_written, link.section, link.follow_up_state, link.follow_up_note]
        for link in project.partner_links.all()
    ]
    return values


def partner_category(section: str, name: str, *, line: int, source: str) -> str:
    key = match_key(section)
    if key.startswith("institution"):
        return PartnerCategory.INSTITUTIONAL
    if key.startswith("bailleur"):
        return PartnerCategory.SOCIAL_LANDLORD
    if key.startswith(("associati", "cultu", "caritati")):
        # The sheet files associations and faith groups together; a name that says "paroisse"
        # or "musulmans" is faith-based, the rest associative (coordinators can correct it).
        name_key = f" {match_key(name)} "
        if key.startswith("cultu") or any(f" {marker}" in name_key for marker in FAITH_MARKERS):
            return PartnerCategory.FAITH_BASED
        return PartnerCategory.ASSOCIATIVE
    raise SheetImportError(
        f"rubrique de partenaires inconnue « {section} » : attendu « Institutionnels », "
        "« Associatifs et cultuels » ou « Bailleurs sociaux »",
        line=line,
        source=source,
    )


PARTNER_IMPORTED_FIELDS = (
    "name", "acronym", "expanded_name", "category", "follow_up_state", "follow_up_note",
)  # fmt: skip


def partner_values(entry, category: str) -> dict:
    return {
        "name": entry.name,
        "acronym": entry.acronym,
        "expanded_name": entry.expanded_name,
        "category": category,
        "follow_up_state": entry.follow_up,
        "follow_up_note": entry.follow_up_note,
    }


def stored_partner_values(partner: Partner) -> dict:
    return {name: getattr(partner, name) for name in PARTNER_IMPORTED_FIELDS}


class _Writer:
    """Writes parsed records for one file, counting into its report."""

    def __init__(self, report: FileReport, *, source: str, publication_state: str | None):
        self.report = report
        self.source = source
        self.publication_state = publication_state
        self.now = timezone.now()
        # A dump names the same centres and vocabulary entries over and over: each is looked
        # up once per file (all at once, for a dump: ``look_up``).
        self.centres: dict[str, Centre] = {}
        self.known_centres: dict[str, Centre | None] = {}  # None: looked up, not found
        self.actions_by_centre: dict[int, dict[str, Action | StoredAction]] = {}
        self.vocabulary_entries: dict[tuple[type, str], object] = {}
        # The sheets the file adds, with their vocabulary entries, created together
        # (``create_new_actions``).
        self.new_actions: list[tuple[Action, dict[str, list]]] = []
        # The sheets the file creates or changes: their derived data is refreshed once.
        self.written_actions: set[int] = set()

    # Centres -------------------------------------------------------------------------------

    def centre_for(self, written_name: str) -> Centre:
        structure = read_structure_name(written_name)
        key = match_key(structure.name)
        if key not in self.centres:
            self.centres[key] = self.find_or_create_centre(structure, key)
        return self.centres[key]

    def find_or_create_centre(self, structure, key: str) -> Centre:
        if key in self.known_centres:
            centre = self.known_centres[key]
        else:
            centre = Centre.objects.find_by_name(structure.name)
        if centre is None:
            centre = Centre.objects.create(
                name=structure.name,
                display_name=structure.display_name,
                kind=structure.kind,
                departement=structure.departement,
            )
            self.actions_by_centre[centre.pk] = {}
            self.report.centres_created += 1
        elif structure.departement and not centre.departement:
            # Its sheets' search documents hold the département: the one receiver of
            # ``fiches.signals`` refreshes them.
            centre.departement = structure.departement
            centre.save(update_fields=["departement", "updated_at"])
        return centre

    def check_lengths(self, model, values: dict, *, line: int) -> None:
        for name, value in values.items():
            max_length = getattr(model._meta.get_field(name), "max_length", None)
            if max_length and isinstance(value, str) and len(value) > max_length:
                label = model._meta.get_field(name).verbose_name
                raise SheetImportError(
                    f"« {label} » trop long ({len(value)} caractères, {max_length} au plus)",
                    line=line,
                    source=self.source,
                )

    # Action dumps --------------------------------------------------------------------------

    def write_action_dump(self, dump: ActionDump) -> None:
        self.report.sheets_read = len(dump.sheets)
        self.report.warnings.extend(str(warning) for warning in dump.warnings)
        state = self.publication_state or (
            PublicationState.PUBLISHED if dump.from_observatory else PublicationState.DRAFT
        )
        self.look_up(dump.sheets)
        first_line_of: dict[ActionSheet, int] = {}
        for sheet in dump.sheets:
            if sheet in first_line_of:
                self.report.duplicates += 1
                self.report.warnings.append(
                    f"ligne {sheet.line} : « {sheet.title} » est une copie exacte de la fiche "
                    f"de la ligne {first_line_of[sheet]}, ignorée"
                )
                continue
            first_line_of[sheet] = sheet.line
            self.write_action(sheet, state)
        self.create_new_actions()
        self.link_project_sheets()

    def look_up(self, sheets: Sequence[ActionSheet]) -> None:
        """Finds what the dump's sheets name and the database already holds, in a few
        queries for them all: their centres and those centres' actions, their vocabulary
        entries. What is missing is created as the first sheet naming it comes."""
        organisers = {sheet.organiser for sheet in sheets}
        keys = {match_key(read_structure_name(written).name) for written in organisers}
        found = Centre.objects.find_by_names(keys)
        self.known_centres = {key: found.get(key) for key in keys}
        self.load_actions({centre.pk for centre in found.values()})
        for name, model in ACTION_VOCABULARIES.items():
            keys = {match_key(item) for sheet in sheets for item in getattr(sheet, name)}
            for entry in model.objects.filter(match_key__in=keys):
                self.vocabulary_entries[(model, entry.match_key)] = entry

    def write_action(self, sheet: ActionSheet, state: str) -> None:
        values = action_values(sheet)
        scalars = {name: values[name] for name in ACTION_TEXT_FIELDS}
        self.check_lengths(Action, scalars | {"title": sheet.title}, line=sheet.line)
        centre = self.centre_for(sheet.organiser)
        new_fingerprint = action_fingerprint(values)
        actions = self.actions_of(centre)
        title_key = match_key(sheet.title)
        action = actions.get(title_key)
        provenance = {
            "source_file": Path(self.source).name,
            "source_line": sheet.line,
            "imported_at": self.now,
            "import_fingerprint": new_fingerprint,
        }
        if action is None:
            action = Action(
                title=sheet.title,
                centre=centre,
                publication_state=state,
                **scalars,
                **provenance,
            )
            # Entries found or created now, in the order the sheets name them.
            entries = {
                name: [self.vocabulary_entry(model, item) for item in values[name]]
                for name, model in ACTION_VOCABULARIES.items()
            }
            self.new_actions.append((action, entries))
            actions[title_key] = action
            self.report.created += 1
            return
        if action.pk is None:
            # A newer version of a sheet this file adds: the sheets before it are created
            # first, as if one at a time, then it updates its sheet.
            self.create_new_actions()
        if action.import_fingerprint == new_fingerprint:
            self.report.unchanged += 1
            return
        action = actions[title_key] = Action.objects.get(pk=action.pk)
        if action_fingerprint(stored_action_values(action)) != action.import_fingerprint:
            self.report.conflicts.append(
                f"ligne {sheet.line} : « {sheet.title} » ({centre}) a été modifiée à la main "
                "depuis son dernier import ; la modification est conservée et la version du "
                "fichier n'est pas appliquée"
            )
            return
        for name, value in (scalars | provenance).items():
            setattr(action, name, value)
        self.set_vocabularies(action, values)
        action.save()
        self.written_actions.add(action.pk)
        self.report.updated += 1

    def create_new_actions(self) -> None:
        """Creates the sheets noted by ``write_action``, in a few queries for them all: their
        rows (slugs and completeness worked out beforehand), one insert per vocabulary, their
        history records, vocabularies included, under the file's reason. Their search
        documents are written with the file's other sheets', when it is written."""
        if not self.new_actions:
            return
        actions = [action for action, _ in self.new_actions]
        slugs = unique_slugs(Action, [action.title for action in actions])
        for (action, entries), slug in zip(self.new_actions, slugs, strict=True):
            action.slug = slug
            action.completeness = action.compute_completeness(entries)
        Action.objects.bulk_create(actions)
        for name in ACTION_VOCABULARIES:
            field = Action._meta.get_field(name)
            through = field.remote_field.through
            through.objects.bulk_create(
                through(
                    **{
                        field.m2m_column_name(): action.pk,
                        field.m2m_reverse_name(): entry_pk,
                    }
                )
                for action, entries in self.new_actions
                for entry_pk in sorted({entry.pk for entry in entries[name]})
            )
        ACTION_HISTORY.bulk_create_historical_records(actions, "+")
        self.written_actions.update(action.pk for action in actions)
        self.new_actions = []

    def actions_of(self, centre: Centre) -> dict[str, Action | StoredAction]:
        """The centre's actions by title key: a newer sheet is the one with the same title."""
        if centre.pk not in self.actions_by_centre:
            self.load_actions([centre.pk])
        return self.actions_by_centre[centre.pk]

    def load_actions(self, centre_pks: Iterable[int]) -> None:
        centre_pks = list(centre_pks)
        for centre_pk in centre_pks:
            self.actions_by_centre[centre_pk] = {}
        rows = Action.objects.filter(centre__in=centre_pks).values_list(
            "centre", "title", "pk", "import_fingerprint"
        )
        for centre_pk, title, pk, fingerprint in rows:
            self.actions_by_centre[centre_pk][match_key(title)] = StoredAction(pk, fingerprint)

    def vocabulary_entry(self, model, name: str):
        key = (model, match_key(name))
        if key not in self.vocabulary_entries:
            self.vocabulary_entries[key] = model.objects.get_or_create_by_name(name)[0]
        return self.vocabulary_entries[key]

    def link_project_sheets(self) -> None:
        """A project sheet imported before its centre's actions finds its action now."""
        unlinked = ProjectSheet.objects.filter(
            related_action__isnull=True, centre__actions__imported_at=self.now
        ).distinct()
        for project in unlinked.select_related("centre").prefetch_related("actions"):
            action = related_action(project.centre, [a.title for a in project.actions.all()])
            if action is not None:
                project.related_action = action
                project.save(update_fields=["related_action", "updated_at"])

    def set_vocabularies(self, action: Action, values: dict) -> None:
        """Sets the sheet's vocabularies without a history record for each one: the save
        that follows records the sheet once, vocabularies included."""
        action.skip_history_when_saving = True
        try:
            for name, model in ACTION_VOCABULARIES.items():
                entries = [self.vocabulary_entry(model, item) for item in values[name]]
                getattr(action, name).set(entries)
        finally:
            del action.skip_history_when_saving

    # Project sheets ------------------------------------------------------------------------

    def write_project_sheet(self, sheet: ParsedProjectSheet) -> None:
        self.report.sheets_read = 1
        self.report.warnings.extend(str(warning) for warning in sheet.warnings)
        state = self.publication_state or PublicationState.DRAFT
        centre = self.centre_for(sheet.centre_name)
        partners = self.write_partners(sheet, centre, state)

        title = project_title(sheet)
        values = project_values(sheet)
        scalars = {name: values[name] for name in PROJECT_TEXT_FIELDS}
        self.check_lengths(ProjectSheet, scalars | {"title": title}, line=sheet.line)
        new_fingerprint = fingerprint(values)
        project = ProjectSheet.objects.filter(centre=centre, title=title).first()
        provenance = {
            "source_file": Path(self.source).name,
            "imported_at": self.now,
            "import_fingerprint": new_fingerprint,
        }
        if project is None:
            project = ProjectSheet.objects.create(
                title=title, centre=centre, publication_state=state, **scalars, **provenance
            )
            self.report.created += 1
        elif project.import_fingerprint == new_fingerprint:
            self.report.unchanged += 1
            return
        elif fingerprint(stored_project_values(project)) != project.import_fingerprint:
            self.report.conflicts.append(
                f"ligne {sheet.line} : « {title} » ({centre}) a été modifiée à la main depuis "
                "son dernier import ; la modification est conservée et la version du fichier "
                "n'est pas appliquée"
            )
            return
        else:
            for name, value in (scalars | provenance).items():
                setattr(project, name, value)
            project.save()
            project.actions.all().delete()
            project.timeline.all().delete()
            project.partner_links.all().delete()
            self.report.updated += 1
        self.write_project_children(project, sheet, partners)
        if project.related_action_id is None:
            project.related_action = related_action(centre, sheet.actions)
            project.save(update_fields=["related_action"])

    def write_partners(self, sheet: ParsedProjectSheet, centre: Centre, state: str) -> list:
        """The sheet's partners, each stored once, paired with the entry that names it."""
        pairs, seen = [], {}
        for entry in sheet.partners:
            partner = self.write_partner(entry, centre, state)
            if partner.pk in seen:
                self.report.warnings.append(
                    f"ligne {entry.line} : « {entry.as_written} » figure déjà ligne "
                    f"{seen[partner.pk]}, ignoré"
                )
                continue
            seen[partner.pk] = entry.line
            pairs.append((entry, partner))
        return pairs

    def write_project_children(self, project, sheet: ParsedProjectSheet, partners) -> None:
        # With their history records, under the file's reason: bulk inserts send no signals.
        actions = [
            ProjectAction(project=project, position=position, title=title)
            for position, title in enumerate(sheet.actions, start=1)
        ]
        bulk_create_with_history(actions, ProjectAction)
        timeline = [
            TimelineEntry(project=project, position=position, period=entry.period, text=entry.text)
            for position, entry in enumerate(sheet.timeline, start=1)
        ]
        bulk_create_with_history(timeline, TimelineEntry)
        partner_links = [
            ProjectPartner(
                project=project,
                partner=partner,
                position=position,
                section=entry.category,
                as_written=entry.as_written,
                follow_up_state=entry.follow_up,
                follow_up_note=entry.follow_up_note,
            )
            for position, (entry, partner) in enumerate(partners, start=1)
        ]
        bulk_create_with_history(partner_links, ProjectPartner)

    def write_partner(self, entry, centre: Centre, state: str) -> Partner:
        category = partner_category(entry.category, entry.name, line=entry.line, source=self.source)
        values = partner_values(entry, category)
        self.check_lengths(Partner, values, line=entry.line)
        new_fingerprint = fingerprint(values)
        partner = Partner.objects.find_by_name(entry.name)
        if partner is None:
            partner = Partner.objects.create(
                **values, publication_state=state, import_fingerprint=new_fingerprint
            )
            self.report.partners_created += 1
        elif partner.import_fingerprint != new_fingerprint:
            if fingerprint(stored_partner_values(partner)) != partner.import_fingerprint:
                self.report.conflicts.append(
                    f"ligne {entry.line} : le partenaire « {partner} » a été modifié à la main "
                    "depuis son dernier import ; la modification est conservée"
                )
            else:
                for name, value in values.items():
                    setattr(partner, name, value)
                partner.import_fingerprint = new_fingerprint
                partner.save()
                self.report.partners_updated += 1
        partner.centres.add(centre)
        return partner


def related_action(centre: Centre, project_actions: Sequence[str]) -> Action | None:
    """The centre's action sheet that tells the same project: the one whose text names most
    of the project's actions (at least half of them)."""
    titles = [match_key(title) for title in project_actions if match_key(title)]
    if not titles:
        return None
    best, best_count = None, 0
    for action in centre.actions.all():
        text = match_key(" ".join([action.title, action.summary, action.experience]))
        count = sum(title in text for title in titles)
        if count > best_count:
            best, best_count = action, count
    return best if best_count * 2 >= len(titles) else None
