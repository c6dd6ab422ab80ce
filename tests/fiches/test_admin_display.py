"""The sheets' change list at 1280 px (short headers, cut titles), the save buttons at the
top of the forms, and the values suggested for the free-text headings."""

import pytest

from centres.models import Centre, Partner
from core.publication import PublicationState
from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url, changeform_data
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def column_headers(response) -> list[str]:
    return [str(header["text"]) for header in response.context["result_headers"]]


def test_the_change_list_has_short_headers(coordinator_client):
    ActionFactory()

    response = coordinator_client.get(admin_url(Action, "changelist"))

    assert column_headers(response)[1:] == [
        "titre",
        "centre",
        "statut",
        "publication",
        "complétude",
        "modifiée",
    ]


def test_a_long_title_is_cut_and_given_whole_in_its_title_attribute(coordinator_client):
    title = "Atelier <b>cuisine</b> " + "et jardin partagé " * 8
    ActionFactory(title=title.strip())

    page = coordinator_client.get(admin_url(Action, "changelist")).content.decode()

    assert 'title="Atelier &lt;b&gt;cuisine&lt;/b&gt; et jardin partagé' in page
    assert "cuisine&lt;/b&gt; et jardin partagé et jardin partagé et jardin …</span>" in page
    assert "<b>cuisine</b>" not in page


@pytest.mark.parametrize("model", [Action, ProjectSheet, Centre, Partner], ids=str)
def test_the_save_buttons_are_at_the_top_of_the_form_too(coordinator_client, model):
    page = coordinator_client.get(admin_url(model, "add")).content.decode()

    assert page.count('name="_save"') == 2


def test_dimension_and_territory_suggest_the_values_in_use(coordinator_client):
    ActionFactory(dimension="Services", territory="Un quartier")
    ActionFactory(dimension="Accompagnement de projets", territory="Une commune")
    ActionFactory(dimension="Services", territory="")

    page = coordinator_client.get(admin_url(Action, "add")).content.decode()

    assert 'list="id_dimension-suggestions"' in page
    dimensions = page[page.index('<datalist id="id_dimension-suggestions">') :]
    dimensions = dimensions[: dimensions.index("</datalist>")]
    assert dimensions.count("<option") == 2
    assert '<option value="Accompagnement de projets">' in dimensions
    assert '<datalist id="id_territory-suggestions"><option value="Un quartier">' in page


def test_a_centre_team_is_suggested_its_values_and_the_published_ones(
    client, centre_staff, own_centre, other_centre
):
    ActionFactory(centre=own_centre, dimension="Nôtre", publication_state="brouillon")
    ActionFactory(centre=other_centre, dimension="Publiée ailleurs")
    ActionFactory(
        centre=other_centre,
        dimension="Brouillon ailleurs",
        publication_state=PublicationState.DRAFT,
    )
    client.force_login(centre_staff)

    page = client.get(admin_url(Action, "add")).content.decode()

    assert '<option value="Nôtre">' in page
    assert '<option value="Publiée ailleurs">' in page
    assert "Brouillon ailleurs" not in page


def test_a_value_not_suggested_is_still_accepted(coordinator_client, own_centre):
    action = ActionFactory(centre=own_centre, dimension="Services")
    form_page = coordinator_client.get(admin_url(action, "change"))
    data = changeform_data(form_page, dimension="Une dimension nouvelle")

    response = coordinator_client.post(admin_url(action, "change"), data)

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.dimension == "Une dimension nouvelle"
