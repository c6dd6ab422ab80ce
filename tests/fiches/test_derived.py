"""A sheet's derived data (its completeness and search document) kept current by the code
that writes, each path that changes what they are computed from: the admin's sheet form and
its revert from history, the vocabulary services (from the admin too), the import, and the
one receiver of ``fiches.signals`` for a centre's names."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from fiches import search
from fiches.derived import refresh_derived
from fiches.models import COMPLETENESS_HEADING_COUNT, Action, Keyword
from fiches.services import delete_vocabulary_entries, merge_vocabulary_entries
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory

pytestmark = pytest.mark.django_db

ONE_HEADING = round(100 / COMPLETENESS_HEADING_COUNT)


@pytest.fixture
def refreshes(monkeypatch) -> list[list[int]]:
    """The sheets of each refresh of search fields, as they happen."""
    calls = []
    refresh = search.refresh_search_fields

    def counting_refresh(pks, **kwargs):
        calls.append(list(pks))
        return refresh(pks, **kwargs)

    monkeypatch.setattr(search, "refresh_search_fields", counting_refresh)
    return calls


def completeness(action) -> int:
    return Action.objects.get(pk=action.pk).completeness


def edit_in_admin(client, action, **changes):
    form = client.get(admin_url(action, "change"))
    response = client.post(admin_url(action, "change"), changeform_data(form, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


# --- A sheet edited in the admin ------------------------------------------------------------


def test_search_text_is_refreshed_when_a_sheet_is_saved(coordinator_client):
    action = ActionFactory(title="Atelier couture")
    assert Action.objects.search("couture").get() == action

    edit_in_admin(coordinator_client, action, title="Atelier tricot")

    assert not Action.objects.search("couture").exists()
    assert Action.objects.search("tricot").get() == action


def test_search_text_and_completeness_follow_the_vocabularies_both_ways(
    coordinator_client, own_centre
):
    action = Action.objects.create(title="Vide", centre=own_centre)
    keyword = KeywordFactory(name="Numérique")

    edit_in_admin(coordinator_client, action, keywords=[keyword.pk])
    assert Action.objects.search("numerique").get() == action
    assert completeness(action) == ONE_HEADING

    edit_in_admin(coordinator_client, action, keywords=[])
    assert not Action.objects.search("numerique").exists()
    assert completeness(action) == 0


def test_a_new_sheet_is_searchable_with_its_vocabularies(coordinator_client, own_centre):
    keyword = KeywordFactory(name="Numérique")
    form = coordinator_client.get(admin_url(Action, "add"))

    coordinator_client.post(
        admin_url(Action, "add"),
        changeform_data(
            form, title="Atelier", centre=own_centre.pk, status="en_cours", keywords=[keyword.pk]
        ),
    )

    action = Action.objects.search("atelier numerique").get()
    assert completeness(action) == action.compute_completeness() == 2 * ONE_HEADING


def test_reverting_a_sheet_refreshes_what_derives_from_it(coordinator_client):
    action = ActionFactory(title="Atelier couture", keywords=[KeywordFactory(name="Culture")])
    first_version = action.history.latest("history_date")
    edit_in_admin(coordinator_client, action, title="Atelier tricot", keywords=[])
    assert not Action.objects.search("culture").exists()

    url = reverse("admin:fiches_action_simple_history", args=[action.pk, first_version.pk])
    coordinator_client.post(url, changeform_data(coordinator_client.get(url)))

    assert Action.objects.search("couture culture").get() == action
    assert not Action.objects.search("tricot").exists()
    assert completeness(action) == Action.objects.get(pk=action.pk).compute_completeness()


# --- Vocabulary entries ---------------------------------------------------------------------


def test_renaming_an_entry_updates_its_sheets(coordinator_client):
    keyword = KeywordFactory(name="Numérique")
    action = ActionFactory(keywords=[keyword])
    form = coordinator_client.get(admin_url(keyword, "change"))

    coordinator_client.post(
        admin_url(keyword, "change"), changeform_data(form, name="Informatique")
    )

    assert Action.objects.search("informatique").get() == action
    assert not Action.objects.search("numerique").exists()


def test_deleting_an_entry_updates_its_sheets(coordinator_client, own_centre):
    keyword = KeywordFactory(name="Informatique")
    action = Action.objects.create(title="Vide", centre=own_centre)
    edit_in_admin(coordinator_client, action, keywords=[keyword.pk])
    assert completeness(action) > 0

    coordinator_client.post(admin_url(keyword, "delete"), {"post": "yes"})

    assert not Keyword.objects.exists()
    assert not Action.objects.search("informatique").exists()
    assert completeness(action) == 0


def test_deleting_entries_in_bulk_updates_their_sheets(coordinator_client):
    entries = [KeywordFactory(name="Numérique"), KeywordFactory(name="Jardinage")]
    actions = [ActionFactory(keywords=[entry]) for entry in entries]
    before = [completeness(action) for action in actions]

    coordinator_client.post(
        admin_url(Keyword, "changelist"),
        {"action": "delete_selected", "_selected_action": [e.pk for e in entries], "post": "yes"},
    )

    assert not Keyword.objects.exists()
    assert not Action.objects.search("numerique").exists()
    assert not Action.objects.search("jardinage").exists()
    assert [completeness(action) for action in actions] == [score - ONE_HEADING for score in before]


def test_the_deletion_service_refreshes_once_for_all_the_sheets(refreshes):
    keyword = KeywordFactory(name="Numérique")
    actions = [ActionFactory(keywords=[keyword]) for _ in range(3)]
    refreshes.clear()

    assert delete_vocabulary_entries(entries=Keyword.objects.all()) == 1

    assert refreshes == [sorted(action.pk for action in actions)]


def test_merging_refiles_the_sheets_in_their_search_documents():
    kept, duplicate = KeywordFactory(name="Informatique"), KeywordFactory(name="Numérique")
    action = ActionFactory(keywords=[duplicate])

    merge_vocabulary_entries(keep=kept, merged=[duplicate])

    assert Action.objects.search("informatique").get() == action
    assert not Action.objects.search("numerique").exists()


# --- Centres: the one receiver ---------------------------------------------------------------


def test_renaming_a_centre_updates_its_sheets():
    centre = CentreFactory(display_name="Centre social Les Tilleuls")
    action = ActionFactory(centre=centre)

    centre.display_name = "Centre social Les Marronniers"
    centre.save()

    assert Action.objects.search("marronniers").get() == action
    assert not Action.objects.search("tilleuls").exists()


def test_a_centre_save_that_names_other_fields_leaves_the_search_fields_alone(refreshes):
    centre = CentreFactory(display_name="Centre social Les Tilleuls")
    action = ActionFactory(centre=centre)
    refreshes.clear()

    centre.phone = "01 23 45 67 89"
    centre.save(update_fields=["phone"])
    assert refreshes == []

    centre.display_name = "Centre social Les Marronniers"
    centre.save(update_fields=["display_name"])
    assert refreshes == [[action.pk]]


def test_a_new_centre_refreshes_nothing(refreshes):
    CentreFactory()

    assert refreshes == []


# --- The import, the command, the service itself ----------------------------------------


def test_the_import_writes_new_sheets_documents_with_them_and_refreshes_updated_ones_once(
    refreshes, action_dump_path, tmp_path
):
    call_command("import_sheets", str(action_dump_path), stdout=StringIO())

    # The new sheets' documents are written from what the import wrote, not read back.
    assert refreshes == []
    assert search.ActionSearch.objects.count() == Action.objects.count() == 22
    assert Action.objects.search("poulailler").get().title == "Création d'un poulailler"

    text = action_dump_path.read_text(encoding="utf-8")
    newer = tmp_path / "newer.txt"
    newer.write_text(text.replace("\n2 000 €\n", "\n2 500 €\n"), encoding="utf-8")
    call_command("import_sheets", str(newer), stdout=StringIO())

    updated = Action.objects.get(source_file="newer.txt")
    assert refreshes == [[updated.pk]]


def test_rebuild_search_also_recomputes_completeness():
    action = ActionFactory(title="Atelier couture")
    Action.objects.update(completeness=0)

    call_command("rebuild_search", stdout=StringIO())

    assert completeness(action) == Action.objects.get(pk=action.pk).compute_completeness() > 0


def test_refreshing_nothing_touches_nothing(refreshes, django_assert_num_queries):
    with django_assert_num_queries(1):  # whether the queryset holds any sheet
        assert refresh_derived(actions=Action.objects.filter(title="Aucune")) == 0
    with django_assert_num_queries(0):
        assert refresh_derived(actions=[]) == 0
    assert refreshes == []
