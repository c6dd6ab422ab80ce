"""The import service on the real seed files: counts, idempotence, updates, hand edits; and
sheets created in bulk stored as if saved one at a time, in a few queries per file."""

from pathlib import Path

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from centres.enums import FollowUpState, PartnerCategory
from centres.models import Centre, Partner
from core.history import change_reason
from core.publication import PublicationState
from fiches.enums import ActionStatus
from fiches.importing import import_paths, import_text
from fiches.models import (
    ACTION_HISTORY,
    VOCABULARY_FIELDS,
    Action,
    Keyword,
    ProjectSheet,
)
from tests.admin_forms import changeform_data
from tests.bench.synthetic import write_catalogue

pytestmark = pytest.mark.django_db


def import_seeds(*paths, **options):
    reports = import_paths(paths=paths, **options)
    assert all(report.ok for report in reports), [report.error for report in reports]
    return reports


def test_seed_dump_gives_22_actions_from_25_sheets(action_dump_path):
    (report,) = import_seeds(action_dump_path)

    assert report.format == "action_dump"
    assert (report.sheets_read, report.created, report.duplicates) == (25, 22, 3)
    assert (report.updated, report.unchanged, report.conflicts) == (0, 0, [])
    assert Action.objects.count() == 22
    assert Centre.objects.count() == 17


def test_seed_imports_give_17_centres_and_29_partners(action_dump_path, project_sheet_path):
    import_seeds(action_dump_path, project_sheet_path)

    assert Centre.objects.count() == 17
    assert Partner.objects.count() == 29
    by_category = {
        category: Partner.objects.filter(category=category).count()
        for category in PartnerCategory.values
    }
    assert by_category[PartnerCategory.INSTITUTIONAL] == 5
    assert by_category[PartnerCategory.ASSOCIATIVE] + by_category[PartnerCategory.FAITH_BASED] == 19
    assert by_category[PartnerCategory.SOCIAL_LANDLORD] == 5
    assert set(
        Partner.objects.filter(category=PartnerCategory.FAITH_BASED).values_list("name", flat=True)
    ) == {"Association des Musulmans", "Paroisse Saint Elisabeth de Hongrie"}


def test_observatory_sheets_arrive_published_and_every_heading_lands(action_dump_path):
    import_seeds(action_dump_path)

    action = Action.objects.get(title='Atelier cuisine parents"A toute âge un repas"')
    assert action.publication_state == PublicationState.PUBLISHED
    assert action.status == ActionStatus.FINISHED
    assert action.end_reason == "Essoufflement des participants."
    assert action.dimension == "Services"
    assert [k.name for k in action.keywords.all()] == ["Parentalité"]
    assert action.centre.display_name == "Centre social Albert Schweitzer"
    assert action.centre.departement == "Yvelines"
    assert action.organiser_as_written == "CENTRE SOCIAL ALBERT SCHWEITZER - Yvelines"
    assert [i.name for i in action.initiators.all()] == ["Le centre social"]
    assert action.initiator_detail == "L'association le Secours Catholique"
    assert action.territory == action.partners_territory == "Une commune"
    assert [p.name for p in action.publics.all()] == ["familles"]
    assert [p.name for p in action.partner_types.all()] == ["Association locale"]
    assert action.financial_resources.startswith("Dépenses : 6 ateliers\nAchat de légumes")
    assert action.people_mobilised.endswith("Tranche d'âge entre 23 et 35 ans")
    assert action.result_residents.startswith("Des mères de familles isolées")
    assert action.perspectives.endswith("8 parents et 12 enfants entre 4 et 14 ans.")
    assert action.source_file == "observatoire-yvelines-fiches-actions.txt"
    assert action.source_line == 2


def test_vocabularies_are_shared_across_spellings(action_dump_path):
    import_seeds(action_dump_path)

    # "intergénérationnel" is written the same way by every centre: one entry, many actions.
    keyword = Keyword.objects.get(name="intergénérationnel")
    assert keyword.actions.count() == 9
    assert Keyword.objects.filter(match_key="parentalite").count() == 1


@pytest.mark.parametrize("project_first", [False, True])
def test_project_sheet_joins_the_chantiers_centre_of_the_dump(
    project_first, action_dump_path, project_sheet_path
):
    paths = [action_dump_path, project_sheet_path]
    import_seeds(*(reversed(paths) if project_first else paths))

    project = ProjectSheet.objects.get()
    chantiers = Centre.objects.get(name="CENTRE SOCIAL CHANTIERS")
    assert project.centre == chantiers
    assert project.title == "Fiche projet Famille 2018"
    assert project.lead == "Rouault Isabelle"
    assert project.related_action.title == (
        "parcours d'informations et d'accompagnement des familles"
    )
    assert [a.title for a in project.actions.all()] == [
        "Animation d’un réseau partenarial",
        "Création d’un espace d’écoute, d’accompagnement et d’implication des familles",
        "Mise en place d’un accueil individualisé",
    ]
    assert project.timeline.count() == 7
    assert project.partner_links.count() == 29
    assert set(Partner.objects.values_list("centres", flat=True)) == {chantiers.pk}


def test_project_partners_keep_their_follow_up(project_sheet_path):
    import_seeds(project_sheet_path)

    tad = Partner.objects.get(name="TAD")
    assert tad.expanded_name == "Territoire d’Action Départementale"
    assert tad.follow_up_state == FollowUpState.TO_CHASE
    c3f = Partner.objects.get(name="C3F")
    assert (c3f.follow_up_state, c3f.follow_up_note) == (
        FollowUpState.OK,
        "coordonnées du travailleur social",
    )
    assert Partner.objects.get(name="ATD Quart Monde").follow_up_state == FollowUpState.WAITING
    link = ProjectSheet.objects.get().partner_links.get(partner=tad)
    assert link.section == "Institutionnels"
    assert link.follow_up_state == FollowUpState.TO_CHASE


def test_project_sheet_arrives_as_draft_unless_told(project_sheet_path):
    import_seeds(project_sheet_path)
    assert ProjectSheet.objects.get().publication_state == PublicationState.DRAFT
    assert not Partner.objects.published().exists()


def test_publication_state_option_applies_to_new_records(project_sheet_path):
    import_seeds(project_sheet_path, publication_state=PublicationState.PUBLISHED)
    assert ProjectSheet.objects.published().count() == 1
    assert Partner.objects.published().count() == 29


def test_reimport_changes_nothing(action_dump_path, project_sheet_path):
    import_seeds(action_dump_path, project_sheet_path)
    before = list(Action.objects.order_by("pk").values())

    dump_report, project_report = import_seeds(action_dump_path, project_sheet_path)

    assert (dump_report.created, dump_report.updated, dump_report.unchanged) == (0, 0, 22)
    assert dump_report.duplicates == 3
    assert (project_report.created, project_report.updated, project_report.unchanged) == (0, 0, 1)
    assert project_report.partners_created == project_report.partners_updated == 0
    assert list(Action.objects.order_by("pk").values()) == before


def test_dry_run_reports_the_same_and_writes_nothing(action_dump_path, project_sheet_path):
    dry_reports = import_seeds(action_dump_path, project_sheet_path, dry_run=True)

    assert Action.objects.count() == ProjectSheet.objects.count() == Partner.objects.count() == 0
    assert Centre.objects.count() == 1  # the Chantiers centre of the alias migration
    real_reports = import_seeds(action_dump_path, project_sheet_path)
    for dry, real in zip(dry_reports, real_reports, strict=True):
        assert dry.dry_run and not real.dry_run
        assert (dry.created, dry.updated, dry.unchanged, dry.duplicates, dry.warnings) == (
            real.created,
            real.updated,
            real.unchanged,
            real.duplicates,
            real.warnings,
        )


def edited_dump(action_dump_path: Path, old: str, new: str) -> str:
    text = action_dump_path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def test_a_newer_version_updates_the_action_in_place(action_dump_path):
    import_seeds(action_dump_path)
    action = Action.objects.get(title="Pass'citoyen")
    text = edited_dump(action_dump_path, "\n2 000 €\n", "\n2 500 €\n")

    report = import_text(text=text, source="dump-2021.txt")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 21)
    action.refresh_from_db()
    assert action.financial_resources == "2 500 €"
    assert Action.objects.get(pk=action.pk).slug == action.slug


def test_a_newer_version_finds_its_sheet_whatever_the_spelling_of_its_title(action_dump_path):
    import_seeds(action_dump_path)
    action = Action.objects.get(title="Pass'citoyen")
    others = dict(Action.objects.exclude(pk=action.pk).values_list("pk", "updated_at"))
    text = edited_dump(action_dump_path, "\n2 000 €\n", "\n2 500 €\n")
    text = text.replace("Pass'citoyen", "PASS CITOYEN", 1)

    report = import_text(text=text, source="dump-2021.txt")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 21)
    action.refresh_from_db()
    assert (action.title, action.financial_resources) == ("Pass'citoyen", "2 500 €")
    assert dict(Action.objects.exclude(pk=action.pk).values_list("pk", "updated_at")) == others


def test_a_hand_edit_is_kept_and_reported(action_dump_path):
    import_seeds(action_dump_path)
    action = Action.objects.get(title="Pass'citoyen")
    action.financial_resources = "2 000 € (corrigé par la fédération)"
    action.save()
    text = edited_dump(action_dump_path, "\n2 000 €\n", "\n2 500 €\n")

    report = import_text(text=text, source="dump-2021.txt")

    assert report.ok and report.updated == 0
    assert len(report.conflicts) == 1
    assert "Pass'citoyen" in report.conflicts[0]
    action.refresh_from_db()
    assert action.financial_resources == "2 000 € (corrigé par la fédération)"


def test_a_hand_edit_to_a_vocabulary_is_kept(action_dump_path):
    import_seeds(action_dump_path)
    action = Action.objects.get(title="Pass'citoyen")
    action.keywords.add(Keyword.objects.create(name="Jeunesse"))
    text = edited_dump(action_dump_path, "\n2 000 €\n", "\n2 500 €\n")

    report = import_text(text=text, source="dump-2021.txt")

    assert len(report.conflicts) == 1
    assert action.keywords.filter(name="Jeunesse").exists()


def test_a_malformed_file_writes_nothing(action_dump_path):
    # The 10th sheet loses its organiser: the nine sheets before it must not be written either.
    text = edited_dump(
        action_dump_path,
        "- Structure organisatrice\n- CENTRE SOCIAL ANDRE MALRAUX - Yvelines\n",
        "",
    )

    report = import_text(text=text, source="cassé.txt")

    assert not report.ok
    assert report.error.startswith("cassé.txt:530 ")
    assert "Structure organisatrice" in report.error
    assert report.created == 0
    assert Action.objects.count() == 0
    assert Centre.objects.count() == 1


def test_a_file_of_another_kind_is_refused_with_a_clear_error(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes('Actions "Fête"\nDESCRIPTION DE L\'ACTION\n'.encode("latin-1"))
    prose = tmp_path / "notes.txt"
    prose.write_text("Compte rendu de la réunion du 3 mars.\n", encoding="utf-8")

    reports = import_paths(paths=[binary, latin1, prose])

    assert [r.ok for r in reports] == [False, False, False]
    assert (
        reports[0].error == f"{binary}:1 : fichier binaire : un dump de fiches est un fichier texte"
    )
    # Read in its encoding, then refused for what it says, its title spelt right.
    assert reports[1].encoding == "Windows-1252"
    assert reports[1].error.startswith(
        f"{latin1}:1 : fiche sans « Statut de l'action » (fiche « Fête »)"
    )
    assert reports[2].error.startswith(f"{prose}:1 : format de fiche non reconnu")
    assert Action.objects.count() == 0


def test_folders_are_imported_file_by_file(tmp_path, action_dump_path, project_sheet_path):
    (tmp_path / "a.txt").write_bytes(action_dump_path.read_bytes())
    (tmp_path / "b.txt").write_text("pas une fiche\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(project_sheet_path.read_bytes())

    reports = import_paths(paths=[tmp_path])

    assert [Path(r.path).name for r in reports] == ["a.txt", "b.txt", "c.txt"]
    assert [r.ok for r in reports] == [True, False, True]
    assert Action.objects.count() == 22 and ProjectSheet.objects.count() == 1


def test_derived_fields_are_current_after_an_import(action_dump_path):
    # Completeness and search words are refreshed once per file, after the vocabularies.
    import_seeds(action_dump_path)

    for action in Action.objects.all():
        assert action.completeness == action.compute_completeness(), action.title
    assert Action.objects.get(title="Les petits matins").completeness < 25
    assert Action.objects.search("parentalite").filter(title="Ateliers parents-enfants").exists()


# --- Sheets created in bulk ----------------------------------------------------------------


def test_a_newer_version_later_in_the_same_file_updates_the_sheet_it_adds(action_dump_path):
    text = action_dump_path.read_text(encoding="utf-8")
    start = text.index('Actions "Pass\'citoyen"')
    sheet = text[start : text.index('\nActions "', start) + 1]
    newer = sheet.replace("\n2 000 €\n", "\n2 500 €\n")
    assert newer != sheet

    report = import_text(text=f"{text.rstrip()}\n{newer}", source="dump.txt")

    assert (report.created, report.updated, report.duplicates) == (22, 1, 3)
    action = Action.objects.get(title="Pass'citoyen")
    assert action.financial_resources == "2 500 €"
    types = action.history.order_by("history_date", "history_id").values_list("history_type")
    assert [history_type for (history_type,) in types] == ["+", "~"]


def history_values(record) -> dict:
    values = model_to_dict(record, exclude=["history_id", "history_date"])
    values["links"] = {
        name: list(getattr(record, name).order_by("id").values_list("id", *_link_columns(name)))
        for name in VOCABULARY_FIELDS
    }
    return values


def _link_columns(name: str) -> tuple[str, str]:
    field = Action._meta.get_field(name)
    return field.m2m_column_name(), field.m2m_reverse_name()


def test_imported_sheets_have_the_history_records_a_save_each_would_give(action_dump_path):
    import_seeds(action_dump_path)

    for action in Action.objects.all():
        (imported,) = action.history.all()
        # What django-simple-history writes for one sheet at a time, for comparison.
        with change_reason(imported.history_change_reason):
            ACTION_HISTORY.create_historical_record(action, "+")
        one_at_a_time = action.history.exclude(history_id=imported.history_id).get()
        assert history_values(imported) == history_values(one_at_a_time), action.title
    filed = Action.objects.get(title="Création d'un poulailler")
    assert len(history_values(filed.history.earliest("history_id"))["links"]["keywords"]) == 3


def test_an_imported_sheet_can_be_reverted_to_its_imported_version(
    action_dump_path, coordinator_client
):
    import_seeds(action_dump_path)
    action = Action.objects.get(title="Création d'un poulailler")
    imported_keywords = set(action.keywords.all())
    imported = action.history.get()
    action.keywords.set([Keyword.objects.create(name="Jeunesse")])
    action.title = "Poulailler"
    action.save()

    url = reverse("admin:fiches_action_simple_history", args=[action.pk, imported.history_id])
    coordinator_client.post(url, changeform_data(coordinator_client.get(url)))

    action.refresh_from_db()
    assert action.title == "Création d'un poulailler"
    assert set(action.keywords.all()) == imported_keywords


def test_completeness_is_stored_right_when_sheets_are_created_or_updated(action_dump_path):
    # The importer stores each sheet's score with it: a recount finds nothing to change.
    import_seeds(action_dump_path)
    assert Action.objects.refresh_completeness() == 0
    action = Action.objects.get(title="Pass'citoyen")
    # A newer version whose audience list is emptied: the score drops with the list.
    text = edited_dump(
        action_dump_path, "- Public\n- Jeunesse\n- Avec qui", "- Public\n- Avec qui"
    ).replace("\n2 000 €\n", "\n\n", 1)

    report = import_text(text=text, source="dump-2021.txt")

    assert report.updated == 1
    assert Action.objects.get(pk=action.pk).completeness < action.completeness
    assert Action.objects.refresh_completeness() == 0


@pytest.mark.parametrize("count", [5, 50])
def test_a_file_of_new_sheets_takes_the_same_few_queries_whatever_its_size(
    tmp_path, action_dump_path, django_assert_max_num_queries, count
):
    import_seeds(action_dump_path)  # the vocabulary entries the synthetic sheets draw on
    (path,) = write_catalogue(tmp_path, actions=count, centres=3, first_file=count)

    # Per file: a few lookups, 3 queries per new centre; then a few inserts for all its
    # sheets (SQLite splits them in statements of a few dozen rows).
    with django_assert_max_num_queries(46):
        (report,) = import_paths(paths=[path])

    assert (report.created, report.centres_created) == (count, 3)
    assert Action.objects.filter(source_file=path.name).count() == count
