"""Writing a centre's "fiche projet" and what it lists: its actions, timeline and partners."""

from collections.abc import Sequence

from centres.models import Centre
from core.history import bulk_create_with_history
from core.publication import PublicationState
from parsing.naming import match_key
from parsing.records import ProjectSheet as ParsedProjectSheet

from ..models import Action, ProjectAction, ProjectPartner, ProjectSheet, TimelineEntry
from .centres import CentreWriter, PartnerWriter, link_values
from .writing import ImportRun, fingerprint

PROJECT_TEXT_FIELDS = (
    "year", "findings", "general_objectives", "lead", "staff", "sector", "sector_details",
    "form_notes", "public", "dates", "place", "operational_objectives", "progress",
    "evaluation_criteria", "budget_note", "perspectives",
)  # fmt: skip


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
        "actions": [action.title for action in sheet.actions],
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


def stored_project_values(project: ProjectSheet) -> dict:
    values = {name: getattr(project, name) for name in PROJECT_TEXT_FIELDS}
    values["actions"] = [action.title for action in project.actions.all()]
    values["timeline"] = [[entry.period, entry.text] for entry in project.timeline.all()]
    values["partners"] = [
        [link.as_written, link.section, link.follow_up_state, link.follow_up_note]
        for link in project.partner_links.all()
    ]
    return values


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


class ProjectSheetWriter:
    """Writes a project sheet: a new one, a newer version of a stored one (its actions,
    timeline and partner links replaced), or nothing when it is unchanged or was edited by
    hand since its last import (the conflict is reported)."""

    def __init__(self, run: ImportRun, *, centres: CentreWriter):
        self.run = run
        self.centres = centres
        self.partners = PartnerWriter(run)

    def write(self, sheet: ParsedProjectSheet) -> None:
        report = self.run.report
        report.sheets_read = 1
        report.warnings.extend(str(warning) for warning in sheet.warnings)
        self.check_children(sheet)
        state = self.run.publication_state or PublicationState.DRAFT
        centre = self.centres.centre_for(sheet.centre_name, line=sheet.line)
        partners = self.partners.write_partners(sheet.partners, centre, state)

        title = project_title(sheet)
        values = project_values(sheet)
        new_fingerprint = fingerprint(values)
        provenance = {
            "source_file": self.run.file_name,
            "imported_at": self.run.now,
            "import_fingerprint": new_fingerprint,
        }
        scalars = {name: values[name] for name in PROJECT_TEXT_FIELDS}
        self.run.check_lengths(
            ProjectSheet, scalars | provenance | {"title": title}, line=sheet.line
        )
        project = ProjectSheet.objects.filter(centre=centre, title=title).first()
        if project is None:
            project = ProjectSheet.objects.create(
                title=title, centre=centre, publication_state=state, **scalars, **provenance
            )
            report.created += 1
        elif project.import_fingerprint == new_fingerprint:
            report.unchanged += 1
            return
        elif fingerprint(stored_project_values(project)) != project.import_fingerprint:
            report.conflicts.append(
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
            report.updated += 1
        self.write_children(project, sheet, partners)
        if project.related_action_id is None:
            titles = [action.title for action in sheet.actions]
            project.related_action = related_action(centre, titles)
            project.save(update_fields=["related_action"])

    def check_children(self, sheet: ParsedProjectSheet) -> None:
        for action in sheet.actions:
            self.run.check_lengths(ProjectAction, {"title": action.title}, line=action.line)
        for entry in sheet.timeline:
            self.run.check_lengths(TimelineEntry, {"period": entry.period}, line=entry.line)
        for entry in sheet.partners:
            self.run.check_lengths(ProjectPartner, link_values(entry), line=entry.line)

    def write_children(self, project: ProjectSheet, sheet: ParsedProjectSheet, partners) -> None:
        # With their history records, under the file's reason: bulk inserts send no signals.
        actions = [
            ProjectAction(project=project, position=position, title=action.title)
            for position, action in enumerate(sheet.actions, start=1)
        ]
        bulk_create_with_history(actions, ProjectAction)
        timeline = [
            TimelineEntry(project=project, position=position, period=entry.period, text=entry.text)
            for position, entry in enumerate(sheet.timeline, start=1)
        ]
        bulk_create_with_history(timeline, TimelineEntry)
        partner_links = [
            ProjectPartner(
                project=project, partner=partner, position=position, **link_values(entry)
            )
            for position, (entry, partner) in enumerate(partners, start=1)
        ]
        bulk_create_with_history(partner_links, ProjectPartner)
