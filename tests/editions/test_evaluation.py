"""The project sheet's evaluation criteria, computed from partners, actions and meetings,
shown to those who may edit the sheet only."""

from datetime import timedelta
from itertools import combinations

import pytest
from django.test import Client
from django.utils import timezone

from editions.evaluation import evaluate_project
from tests.centres.factories import PartnerFactory
from tests.editions.factories import PartnerMeetingFactory
from tests.fiches.factories import ActionFactory, ProjectPartnerFactory, ProjectSheetFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

# Relative to the real day: the sheet's page counts the meetings held by today.
TODAY = timezone.localdate()


@pytest.fixture
def project(own_centre, other_centre):
    """A sheet with five partners, actions and meetings, and what they should add up to."""
    sheet = ProjectSheetFactory(centre=own_centre, publication_state="publiee")
    partners = [PartnerFactory(name=f"Partenaire {n}") for n in range(5)]
    for position, partner in enumerate(partners):
        ProjectPartnerFactory(project=sheet, partner=partner, position=position)
    outsider = PartnerFactory(name="Hors projet")
    p0, p1, p2, p3, p4 = partners
    # Actions of the centre naming the sheet's partners; one evaluated.
    shared = ActionFactory(centre=own_centre, result_residents="Des familles venues")
    shared.partners.add(p0, p1, outsider)
    alone = ActionFactory(centre=own_centre)
    alone.partners.add(p2, p4)
    sheet.related_action = ActionFactory(centre=own_centre, limits="Peu de bénévoles")
    sheet.save()
    ActionFactory(centre=other_centre).partners.add(p3, p4)  # another centre's: not counted
    ActionFactory(centre=own_centre).partners.add(outsider)  # no partner of the sheet
    # Meetings: of the sheet, of its centre, of another centre, and one to come.
    PartnerMeetingFactory(
        centre=own_centre,
        project=sheet,
        date=TODAY - timedelta(days=10),
        partners_present=[p0, p2, p3, outsider],
    )
    PartnerMeetingFactory(
        centre=own_centre, date=TODAY - timedelta(days=200), partners_present=[p1, p0]
    )
    PartnerMeetingFactory(
        centre=other_centre, date=TODAY - timedelta(days=5), partners_present=[p3, p4]
    )
    PartnerMeetingFactory(
        centre=own_centre,
        project=sheet,
        date=TODAY + timedelta(days=100),
        partners_present=[p4, p1],
    )
    met = {frozenset(pair) for group in ([p0, p2, p3], [p1, p0]) for pair in combinations(group, 2)}
    in_actions = {frozenset((p0, p1)), frozenset((p2, p4))}
    return sheet, {
        "partner_count": 5,
        "action_count": 3,  # shared, the other one, the related action
        "evaluated_action_count": 2,  # shared, the related action
        "meetings_held": 2,
        "partners_met": 4,  # p0, p1, p2, p3
        "pairs_met": len(met),
        "pairs_in_actions": len(in_actions),
        "interactions": len(met | in_actions),
        "next_meeting": TODAY + timedelta(days=100),
    }


def test_the_figures_are_those_counted_by_hand(project):
    sheet, expected = project

    evaluation = evaluate_project(sheet, TODAY)

    assert {name: getattr(evaluation, name) for name in expected} == expected
    assert (expected["pairs_met"], expected["pairs_in_actions"], expected["interactions"]) == (
        4,
        2,
        5,
    )


def test_the_figures_take_a_fixed_number_of_queries(project, django_assert_num_queries):
    sheet, _ = project
    with django_assert_num_queries(6):
        evaluate_project(sheet, TODAY)


def test_the_sheet_page_shows_them_to_its_editors_only(
    project, client, centre_staff, coordinator, plain_staff
):
    sheet, _ = project
    heading = "Évaluation : ce que disent les données"
    assert heading not in text_of(client.get(sheet.get_absolute_url()))
    for user, shown in ((coordinator, True), (centre_staff, True), (plain_staff, False)):
        browser = Client()
        browser.force_login(user)
        text = text_of(browser.get(sheet.get_absolute_url()))
        assert (heading in text) is shown
        if shown:
            assert "Nombre de partenaires 5" in text
            assert "5 paires de partenaires en lien (4 par une rencontre" in text


def test_a_sheet_without_partners_has_zeros(own_centre):
    sheet = ProjectSheetFactory(centre=own_centre)
    PartnerMeetingFactory(centre=own_centre, date=timezone.localdate() - timedelta(days=1))

    evaluation = evaluate_project(sheet, timezone.localdate())

    assert (evaluation.partner_count, evaluation.action_count, evaluation.interactions) == (0, 0, 0)
    assert evaluation.meetings_held == 1
