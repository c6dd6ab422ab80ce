"""Writing a dump of "fiches actions": new sheets created together, newer versions updated in
place, sheets edited by hand since their last import left as they are (and reported).

A dump holds thousands of sheets naming the same centres and vocabulary entries over and
over: what it names is looked up once for the whole file (:meth:`ActionDumpWriter.look_up`),
and its new sheets are created in a few inserts for them all
(:meth:`ActionDumpWriter.create_new_actions`)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from centres.models import Centre, unique_slugs
from core.bulk_rows import copy_rows, insert_instances
from core.publication import PublicationState
from parsing.action_sheet import HEADINGS, TEXT_HEADINGS, Heading, Kind
from parsing.naming import match_key
from parsing.records import ActionDump, ActionSheet

from ..models import ACTION_HISTORY, VOCABULARY_FIELDS, Action, ProjectSheet
from ..models.vocabularies import entry_name
from ..search import DocumentsAhead, searched_values
from .centres import CentreWriter
from .projects import related_action
from .writing import ImportRun, fingerprint

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


class ActionDumpWriter:
    def __init__(self, run: ImportRun, *, centres: CentreWriter):
        self.run = run
        self.centres = centres
        # Of the actions stored, those the file's titles may name, by centre and title key.
        self.actions_by_centre: dict[int, dict[str, Action | StoredAction]] = {}
        self.title_sort_keys: set[str] = set()
        self.vocabulary_entries: dict[tuple[type, str], object] = {}
        # The sheets the file adds, with their vocabulary entries, created together
        # (``create_new_actions``).
        self.new_actions: list[tuple[Action, dict[str, list]]] = []

    def write(self, dump: ActionDump) -> None:
        report = self.run.report
        report.sheets_read = len(dump.sheets)
        report.warnings.extend(str(warning) for warning in dump.warnings)
        state = self.run.publication_state or (
            PublicationState.PUBLISHED if dump.from_observatory else PublicationState.DRAFT
        )
        self.look_up(dump.sheets)
        first_line_of: dict[ActionSheet, int] = {}
        for sheet in dump.sheets:
            if sheet in first_line_of:
                report.duplicates += 1
                report.warnings.append(
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
        self.title_sort_keys = {Action.sort_key_of(sheet.title) for sheet in sheets}
        found = self.centres.look_up({sheet.organiser for sheet in sheets})
        self.load_actions({centre.pk for centre in found})
        for name, model in ACTION_VOCABULARIES.items():
            keys = {match_key(item) for sheet in sheets for item in getattr(sheet, name)}
            for entry in model.objects.filter(match_key__in=keys):
                self.vocabulary_entries[(model, entry.match_key)] = entry

    def write_action(self, sheet: ActionSheet, state: str) -> None:
        report = self.run.report
        values = action_values(sheet)
        new_fingerprint = action_fingerprint(values)
        provenance = {
            "source_file": self.run.file_name,
            "source_line": sheet.line,
            "imported_at": self.run.now,
            "import_fingerprint": new_fingerprint,
        }
        scalars = {name: values[name] for name in ACTION_TEXT_FIELDS}
        self.run.check_lengths(
            Action, scalars | provenance | {"title": sheet.title}, line=sheet.line
        )
        centre = self.centres.centre_for(sheet.organiser, line=sheet.line)
        actions = self.actions_of(centre)
        title_key = match_key(sheet.title)
        action = actions.get(title_key)
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
                name: [self.vocabulary_entry(model, item, line=sheet.line) for item in values[name]]
                for name, model in ACTION_VOCABULARIES.items()
            }
            self.new_actions.append((action, entries))
            actions[title_key] = action
            report.created += 1
            return
        if action.pk is None:
            # A newer version of a sheet this file adds: the sheets before it are created
            # first, as if one at a time, then it updates its sheet.
            self.create_new_actions()
        if action.import_fingerprint == new_fingerprint:
            report.unchanged += 1
            return
        action = actions[title_key] = Action.objects.get(pk=action.pk)
        if action_fingerprint(stored_action_values(action)) != action.import_fingerprint:
            report.conflicts.append(
                f"ligne {sheet.line} : « {sheet.title} » ({centre}) a été modifiée à la main "
                "depuis son dernier import ; la modification est conservée et la version du "
                "fichier n'est pas appliquée"
            )
            return
        for name, value in (scalars | provenance).items():
            setattr(action, name, value)
        self.set_vocabularies(action, values, line=sheet.line)
        action.save()
        self.run.written_actions.add(action.pk)
        report.updated += 1

    def create_new_actions(self) -> None:
        """Creates the sheets noted by ``write_action``, in a few queries for them all: their
        rows (slugs and completeness worked out beforehand), one insert per vocabulary, their
        history records, vocabularies included, under the file's reason, and their search
        documents. The rows are copied rather than inserted on PostgreSQL
        (``core.bulk_rows``)."""
        if not self.new_actions:
            return
        actions = [action for action, _ in self.new_actions]
        # Their search documents are worked out meanwhile (``DocumentsAhead``), from what
        # is written; no other derived data is left to refresh.
        with DocumentsAhead(
            [searched_values(action, entries) for action, entries in self.new_actions],
            using=Action.objects.db,
        ) as documents:
            self.insert_new_actions()
            documents.write([action.pk for action in actions])
        self.new_actions = []

    def insert_new_actions(self) -> None:
        actions = [action for action, _ in self.new_actions]
        slugs = unique_slugs(Action, [action.title for action in actions])
        for (action, entries), slug in zip(self.new_actions, slugs, strict=True):
            action.slug = slug
            action.sort_key = Action.sort_key_of(action.title)
            action.completeness = action.compute_completeness(entries)
            action.refresh_figures()  # ``save()`` does it for the sheets updated one by one
            self.keep_empty_sheet_as_draft(action)
        insert_instances(actions)
        for name in ACTION_VOCABULARIES:
            field = Action._meta.get_field(name)
            copy_rows(
                field.remote_field.through,
                [field.m2m_column_name(), field.m2m_reverse_name()],
                (
                    (action.pk, entry_pk)
                    for action, entries in self.new_actions
                    for entry_pk in sorted({entry.pk for entry in entries[name]})
                ),
            )
        ACTION_HISTORY.bulk_create_historical_records(actions, "+")

    def keep_empty_sheet_as_draft(self, action: Action) -> None:
        """A sheet asked for as published but with almost nothing written (the seeds' « Les
        petits matins »: a title and a centre) would be an empty page in the catalogue: it
        is created as a draft for its centre to complete, and the report says so. A sheet
        already stored keeps the state a coordinator gave it."""
        threshold = settings.IMPORT_DRAFT_BELOW_COMPLETENESS
        if action.publication_state != PublicationState.PUBLISHED or (
            action.completeness >= threshold
        ):
            return
        action.publication_state = PublicationState.DRAFT
        self.run.report.kept_as_drafts.append(
            f"ligne {action.source_line} : « {action.title} » n'est remplie qu'à "
            f"{action.completeness} % (moins de {threshold} %) : importée en brouillon, "
            "à compléter avant publication"
        )

    def actions_of(self, centre: Centre) -> dict[str, Action | StoredAction]:
        """The centre's actions that the file's titles may name, by title key: a newer sheet
        is the one with the same title."""
        if centre.pk not in self.actions_by_centre:
            if centre.pk in self.centres.created:
                self.actions_by_centre[centre.pk] = {}
            else:
                self.load_actions([centre.pk])
        return self.actions_by_centre[centre.pk]

    def load_actions(self, centre_pks: Iterable[int]) -> None:
        centre_pks = list(centre_pks)
        for centre_pk in centre_pks:
            self.actions_by_centre[centre_pk] = {}
        # Only the titles of the file, by their stored sort key (the title key, cut as the
        # column is): the file's centres hold tens of thousands of other actions at 100,000
        # sheets, all of them read and keyed for nothing.
        rows = Action.objects.filter(
            centre__in=centre_pks, sort_key__in=self.title_sort_keys
        ).values_list("centre", "title", "pk", "import_fingerprint")
        for centre_pk, title, pk, stored_fingerprint in rows:
            self.actions_by_centre[centre_pk][match_key(title)] = StoredAction(
                pk, stored_fingerprint
            )

    def vocabulary_entry(self, model, name: str, *, line: int):
        key = (model, match_key(name))
        if key not in self.vocabulary_entries:
            # Not found by ``look_up``: created now, if its name fits.
            self.run.check_lengths(model, {"name": entry_name(name)}, line=line)
            self.vocabulary_entries[key] = model.objects.get_or_create_by_name(name)[0]
        return self.vocabulary_entries[key]

    def link_project_sheets(self) -> None:
        """A project sheet imported before its centre's actions finds its action now."""
        unlinked = ProjectSheet.objects.filter(
            related_action__isnull=True, centre__actions__imported_at=self.run.now
        ).distinct()
        for project in unlinked.select_related("centre").prefetch_related("actions"):
            action = related_action(project.centre, [a.title for a in project.actions.all()])
            if action is not None:
                project.related_action = action
                project.save(update_fields=["related_action", "updated_at"])

    def set_vocabularies(self, action: Action, values: dict, *, line: int) -> None:
        """Sets the sheet's vocabularies without a history record for each one: the save
        that follows records the sheet once, vocabularies included."""
        action.skip_history_when_saving = True
        try:
            for name, model in ACTION_VOCABULARIES.items():
                entries = [self.vocabulary_entry(model, item, line=line) for item in values[name]]
                getattr(action, name).set(entries)
        finally:
            del action.skip_history_when_saving
