"""Partner meetings in the workspace: recorded by either role in its scope, proposed by the
desk in June and December as the project sheet plans, never shown to the public."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from editions.models import PartnerMeeting
from tests.admin_forms import admin_url, changeform_data
from tests.centres.factories import PartnerFactory
from tests.editions.factories import PartnerMeetingFactory
from tests.fiches.factories import ProjectSheetFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

PERSPECTIVES = "· Deux rencontres partenaires chaque année (en juin et décembre)"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["coordinator", "centre_staff"])
def test_a_meeting_is_recorded_with_who_came(request, role, own_centre):
    client = signed_in(request.getfixturevalue(role))
    caf, rive = PartnerFactory(name="Caf"), PartnerFactory(name="RIVE")
    for partner in (caf, rive):
        partner.centres.add(own_centre)
    sheet = ProjectSheetFactory(centre=own_centre)
    form = client.get(admin_url(PartnerMeeting, "add"))

    response = client.post(
        admin_url(PartnerMeeting, "add"),
        changeform_data(
            form,
            centre=str(own_centre.pk),
            project=str(sheet.pk),
            date="2027-06-15",
            kind="semestrielle",
            partners_present=[str(caf.pk), str(rive.pk)],
            notes="Tour de table",
            decisions="Mettre à jour l'outil",
        ),
    )

    assert response.status_code == 302
    meeting = PartnerMeeting.objects.get()
    assert (meeting.centre, meeting.project, meeting.date) == (own_centre, sheet, date(2027, 6, 15))
    assert set(meeting.partners_present.all()) == {caf, rive}
    assert meeting.decisions == "Mettre à jour l'outil"


def test_a_meeting_of_a_project_belongs_to_the_projects_centre(
    coordinator_client, own_centre, other_centre
):
    sheet = ProjectSheetFactory(centre=other_centre)
    form = coordinator_client.get(admin_url(PartnerMeeting, "add"))

    response = coordinator_client.post(
        admin_url(PartnerMeeting, "add"),
        changeform_data(
            form,
            centre=str(own_centre.pk),
            project=str(sheet.pk),
            date="2027-06-15",
            kind="semestrielle",
        ),
    )

    assert response.status_code == 200
    assert "Cette fiche projet est celle d'un autre centre." in text_of(response)
    assert not PartnerMeeting.objects.exists()


def test_a_centre_team_sees_and_edits_its_own_centres_meetings_only(
    client, centre_staff, own_centre, other_centre
):
    own = PartnerMeetingFactory(centre=own_centre)
    other = PartnerMeetingFactory(centre=other_centre)
    client.force_login(centre_staff)

    listing = client.get(admin_url(PartnerMeeting, "changelist")).content.decode()
    assert admin_url(own, "change") in listing
    assert admin_url(other, "change") not in listing
    assert client.get(admin_url(own, "change")).status_code == 200
    assert client.get(admin_url(other, "change")).status_code == 302  # "not found", redirected
    form = client.get(admin_url(PartnerMeeting, "add"))
    client.post(
        admin_url(PartnerMeeting, "add"),
        changeform_data(form, centre=str(other_centre.pk), date="2027-06-15", kind="semestrielle"),
    )
    assert not PartnerMeeting.objects.filter(centre=other_centre).exclude(pk=other.pk).exists()


def test_the_desk_proposes_the_next_june_or_december_meeting(coordinator_client, own_centre):
    sheet = ProjectSheetFactory(centre=own_centre, perspectives=PERSPECTIVES)
    PartnerMeetingFactory(centre=own_centre, date=timezone.localdate() - timedelta(days=30))

    page = coordinator_client.get("/admin/")

    desk = text_of(page)
    assert "Rencontres partenaires à programmer (1)" in desk
    assert "à programmer : juin" in desk or "à programmer : décembre" in desk
    html = page.content.decode()
    proposed = admin_url(PartnerMeeting, "add") + f"?centre={own_centre.pk}&amp;project={sheet.pk}"
    assert proposed in html
    # The link opens the add form filled in.
    rest = html.split(proposed, 1)[1].split('"', 1)[0].replace("&amp;", "&")
    link = proposed.replace("&amp;", "&") + rest
    form = coordinator_client.get(link).context["adminform"].form
    assert form.initial["date"][-5:] in {"06-15", "12-15"}
    assert form.initial["kind"] == "semestrielle"


def test_a_centre_with_a_meeting_to_come_is_not_proposed(coordinator_client, own_centre):
    ProjectSheetFactory(centre=own_centre, perspectives=PERSPECTIVES)
    PartnerMeetingFactory(centre=own_centre, date=timezone.localdate() + timedelta(days=10))

    assert "Rencontres partenaires à programmer (0)" in text_of(coordinator_client.get("/admin/"))


def test_meeting_notes_never_reach_the_public_pages(client, own_centre, directory):
    sheet = ProjectSheetFactory(centre=own_centre, publication_state="publiee")
    PartnerMeetingFactory(
        centre=own_centre,
        project=sheet,
        notes="Confidentiel : famille X",
        decisions="Décision interne",
        partners_present=[directory["caf"]],
    )

    for url in (
        sheet.get_absolute_url(),
        directory["caf"].get_absolute_url(),
        own_centre.get_absolute_url(),
        "/partenaires/livret/",
    ):
        text = text_of(client.get(url))
        assert "Confidentiel" not in text and "Décision interne" not in text


def test_a_meeting_is_edited_and_a_stale_form_refused(coordinator_client, own_centre):
    meeting = PartnerMeetingFactory(centre=own_centre, notes="Premier compte rendu")
    first = coordinator_client.get(admin_url(meeting, "change"))
    second = coordinator_client.get(admin_url(meeting, "change"))

    saved = coordinator_client.post(
        admin_url(meeting, "change"), changeform_data(first, decisions="Relancer la Caf")
    )
    stale = coordinator_client.post(
        admin_url(meeting, "change"), changeform_data(second, decisions="Autre décision")
    )

    assert saved.status_code == 302
    assert stale.status_code == 200  # refused, the form comes back
    meeting.refresh_from_db()
    assert meeting.decisions == "Relancer la Caf"


def test_a_meetings_history_keeps_who_changed_what(coordinator_client, own_centre):
    meeting = PartnerMeetingFactory(centre=own_centre)
    form = coordinator_client.get(admin_url(meeting, "change"))
    coordinator_client.post(
        admin_url(meeting, "change"), changeform_data(form, decisions="Relancer la Caf")
    )

    history = text_of(coordinator_client.get(admin_url(meeting, "history")))

    assert "coordinatrice" in history
    assert "Relancer la Caf" in history
