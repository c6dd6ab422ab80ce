"""The sheets' change list, read from its scope's index when unfiltered or only searched
(``core.admin_index``): the same rows, count and pages as Django's own path, without
counting the table."""

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertHTMLEqual as assert_html_equal

from fiches.derived import refresh_derived
from fiches.models import Action
from tests.admin_forms import admin_url
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [action.title for action in response.context["cl"].result_list]


@pytest.fixture
def sheets(own_centre, other_centre):
    for number in range(60):
        ActionFactory(
            title=f"Fiche {number:02d}",
            summary="Un atelier de jardinage" if number % 3 == 0 else "Une sortie",
            centre=own_centre if number % 2 else other_centre,
        )


def test_the_unfiltered_list_is_paged_from_the_index_without_counting(coordinator_client, sheets):
    expected = list(Action.objects.order_by(Lower("title"), "pk").values_list("title", flat=True))

    with CaptureQueriesContext(connection) as queries:
        first = coordinator_client.get(admin_url(Action, "changelist"))
    second = coordinator_client.get(admin_url(Action, "changelist"), {"p": 2})

    assert first.context["cl"].result_count == 60
    assert titles(first) + titles(second) == expected
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"]]


def test_a_search_finds_what_the_public_search_finds(coordinator_client, sheets):
    expected = set(Action.objects.search("jardinage").values_list("title", flat=True))

    response = coordinator_client.get(admin_url(Action, "changelist"), {"q": "jardinage"})

    assert response.context["cl"].result_count == len(expected) == 20
    assert set(titles(response)) == expected
    assert titles(response) == sorted(expected)


def test_a_search_follows_the_next_edit(coordinator_client, sheets):
    coordinator_client.get(admin_url(Action, "changelist"), {"q": "jardinage"})
    Action.objects.filter(title="Fiche 01").update(title="Fiche 01 bis")
    sheet = Action.objects.get(title="Fiche 01 bis")
    sheet.summary = "Du jardinage aussi"
    sheet.save()
    refresh_derived(actions=[sheet])  # as every writer of sheets does

    response = coordinator_client.get(admin_url(Action, "changelist"), {"q": "jardinage"})

    assert "Fiche 01 bis" in titles(response)


def test_other_filters_and_orders_take_django_s_own_path(coordinator_client, sheets, own_centre):
    by_centre = coordinator_client.get(
        admin_url(Action, "changelist"), {"centre__id__exact": own_centre.pk, "q": "jardinage"}
    )
    reversed_order = coordinator_client.get(admin_url(Action, "changelist"), {"o": "-1"})

    assert set(titles(by_centre)) == set(
        Action.objects.search("jardinage").filter(centre=own_centre).values_list("title", flat=True)
    )
    assert titles(reversed_order)[0] == "Fiche 59"


def test_a_team_sees_its_own_sheets_only(client, centre_staff, own_centre, sheets):
    client.force_login(centre_staff)

    response = client.get(admin_url(Action, "changelist"))

    assert response.context["cl"].result_count == 30
    assert {action.centre_id for action in response.context["cl"].result_list} == {own_centre.pk}


def test_each_row_s_checkbox_is_the_one_django_s_widget_renders(coordinator_client, sheets):
    from django.contrib.admin import ModelAdmin, site

    response = coordinator_client.get(admin_url(Action, "changelist"))
    sheet = response.context["cl"].result_list[0]

    assert_html_equal(
        site._registry[Action].action_checkbox(sheet),
        ModelAdmin.action_checkbox(site._registry[Action], sheet),
    )
    assert f'value="{sheet.pk}" class="action-select"' in response.content.decode()


def test_the_centre_filter_lists_the_centres_escaped_and_keeps_the_chosen_one(
    coordinator_client, own_centre, other_centre, sheets
):
    own_centre.display_name = 'Centre "Les <Tilleuls>"'
    own_centre.save()

    response = coordinator_client.get(
        admin_url(Action, "changelist"), {"centre__id__exact": own_centre.pk}
    )

    page = response.content.decode()
    assert (
        f'<option value="{own_centre.pk}" selected>Centre &quot;Les &lt;Tilleuls&gt;&quot;</option>'
        in page
    )
    assert f'<option value="{other_centre.pk}">Maison de quartier des Érables</option>' in page
