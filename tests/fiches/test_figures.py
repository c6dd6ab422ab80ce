"""The budget and head count stored beside their texts (``fiches.models.figures``): read at
import and on save, kept when a coordinator set them by hand, shown on the sheet's page and
exported."""

import importlib
import json

import pytest
from django.apps import apps

from fiches.importing import import_paths, import_text
from fiches.models import Action
from tests.admin_forms import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def test_the_import_reads_every_sheets_figures(action_dump_path):
    import_paths(paths=[action_dump_path])

    figures = {
        title: (budget, people)
        for title, budget, people in Action.objects.values_list(
            "title", "budget_euros", "people_count"
        )
    }
    assert figures['Atelier cuisine parents"A toute âge un repas"'] == (300, 25)
    assert figures["Fête de quartier/animation de proximité"] == (18000, 48)
    assert figures["Création d'une ressourcerie"] == (0, 70)
    assert figures["Ateliers parents-enfants"] == (None, 2)
    action = Action.objects.get(title="Atelier remise en forme")
    assert (action.budget_euros, action.budget_note) == (
        2500,
        "par an ; autres montants cités : 600 €",
    )
    assert not action.budget_set_by_hand


def test_a_save_reads_the_changed_text_again(own_centre):
    action = Action.objects.create(title="Jardin", centre=own_centre, financial_resources="200 €")
    assert action.budget_euros == 200

    action.financial_resources = "Environ 350 euros"
    action.people_mobilised = "une trentaine de bénévoles"
    action.save()

    action.refresh_from_db()
    assert (action.budget_euros, action.budget_note) == (350, "environ")
    assert (action.people_count, action.people_note) == (30, "environ")
    action.financial_resources = "Masse salariale"
    action.save()
    assert action.budget_euros is None and action.budget_note == ""


def test_a_figure_set_by_hand_is_kept_when_the_text_changes(own_centre):
    action = Action.objects.create(
        title="Jardin", centre=own_centre, financial_resources="200 €",
        budget_euros=999, budget_set_by_hand=True,
    )  # fmt: skip
    action.financial_resources = "400 €"
    action.save()

    action.refresh_from_db()
    assert (action.budget_euros, action.financial_resources) == (999, "400 €")


def test_a_coordinator_sets_a_figure_in_the_admin_and_a_new_import_keeps_it(
    coordinator_client, action_dump_path
):
    import_paths(paths=[action_dump_path])
    action = Action.objects.get(title="Pass'citoyen")
    assert action.budget_euros == 2000
    form = coordinator_client.get(admin_url(action, "change"))

    response = coordinator_client.post(
        admin_url(action, "change"),
        changeform_data(form, budget_euros="2600", budget_note="vérifié avec le centre"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.budget_euros, action.budget_set_by_hand) == (2600, True)
    assert action.financial_resources == "2 000 €"  # the text is kept as written
    # A newer version of the sheet changes its text: the figure set by hand stays.
    text = action_dump_path.read_text(encoding="utf-8").replace("\n2 000 €\n", "\n2 500 €\n")
    report = import_text(text=text, source="dump-2021.txt")
    assert report.updated == 1 and not report.conflicts
    action.refresh_from_db()
    assert action.financial_resources == "2 500 €"
    assert (action.budget_euros, action.budget_note) == (2600, "vérifié avec le centre")


def test_unticking_set_by_hand_reads_the_text_again(coordinator_client, own_centre):
    action = Action.objects.create(
        title="Jardin", centre=own_centre, financial_resources="200 €",
        budget_euros=999, budget_set_by_hand=True,
    )  # fmt: skip
    form = coordinator_client.get(admin_url(action, "change"))

    coordinator_client.post(
        admin_url(action, "change"), changeform_data(form, budget_set_by_hand=None)
    )

    action.refresh_from_db()
    assert (action.budget_euros, action.budget_set_by_hand) == (200, False)


def test_the_admin_shows_each_figure_under_its_text(coordinator_client, own_centre):
    action = Action.objects.create(title="Jardin", centre=own_centre)
    html = coordinator_client.get(admin_url(action, "change")).content.decode()

    assert html.index('name="financial_resources"') < html.index('name="budget_euros"')
    assert html.index('name="budget_euros"') < html.index('name="people_mobilised"')
    assert html.index('name="people_mobilised"') < html.index('name="people_count"')


def test_the_sheet_page_shows_the_figure_with_its_source(client, own_centre):
    action = Action.objects.create(
        title="Cuisine", centre=own_centre, publication_state="publiee",
        financial_resources="Achat de légumes\n50 x 6= 300€", people_mobilised="60 à 80 personnes",
    )  # fmt: skip

    html = client.get(action.get_absolute_url()).content.decode()

    assert "Budget : 300 €" in html
    assert "d'après : « Achat de légumes / 50 x 6= 300€ »" in html
    assert "Nombre de personnes : 70</strong> (environ ; entre 60 et 80)" in html


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_exports_give_the_figures(client, own_centre):
    Action.objects.create(
        title="Cuisine", centre=own_centre, publication_state="publiee",
        financial_resources="2 000 €", people_mobilised="texte sans chiffre",
    )  # fmt: skip

    record = json.loads(read(client.get("/actions/export.json")))["actions"][0]
    assert (record["budget_euros"], record["people_count"]) == (2000, None)
    assert record["budget_set_by_hand"] is False
    csv_text = read(client.get("/actions/export.csv")).decode("utf-8-sig")
    header, row = (line.split(";") for line in csv_text.splitlines()[:2])
    assert dict(zip(header, row, strict=True))["budget_euros"] == "2000"


def test_the_data_migration_fills_the_stored_sheets(own_centre):
    action = Action.objects.create(title="Jardin", centre=own_centre, financial_resources="80 €")
    manual = Action.objects.create(
        title="Fête", centre=own_centre, financial_resources="10 €",
        budget_euros=5, budget_set_by_hand=True,
    )  # fmt: skip
    Action.objects.update(budget_euros=None, people_count=None)
    Action.objects.filter(pk=manual.pk).update(budget_euros=5)
    migration = importlib.import_module("fiches.migrations.0016_backfill_action_figures")

    migration.backfill(apps, None)

    assert Action.objects.get(pk=action.pk).budget_euros == 80
    assert Action.objects.get(pk=manual.pk).budget_euros == 5
