"""The yearly update from start to finish: a campaign's email, the partner's link, its
proposal, the coordinator's review, the partner's history and its public page."""

import pytest
from django.core import mail

from centres.enums import FollowUpState, ReviewSource
from centres.models import Partner
from directory.campaigns import start_campaign
from directory.enums import Decision, ProposalState
from directory.models import Invitation, Proposal
from directory.review import PARTNER_UPDATE_REASON
from tests.centres.factories import CentreFactory, PartnerFactory

from .conftest import link_in, persons_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return CentreFactory(display_name="Maison de Quartier des Chantiers", email="mdq@ex.org")


@pytest.fixture
def partner(centre):
    partner = PartnerFactory(
        name="AEJF", email="contact@aejf.example", phone="01 00 00 00 00", commune="Versailles"
    )
    partner.centres.add(centre)
    return partner


def form_values(partner, **changes):
    values = {
        name: getattr(partner, name)
        for name in ("name", "acronym", "expanded_name", "missions", "services",
                     "public_served", "address", "postcode", "commune", "insee_code", "phone",
                     "email", "website", "opening_hours")
    }  # fmt: skip
    return values | persons_data(partner) | changes


def test_a_campaign_from_the_email_to_the_accepted_change_on_the_public_page(
    client, coordinator, coordinator_client, centre, partner
):
    without_email = PartnerFactory(name="Paroisse Saint-Martin", email="")
    without_email.centres.add(centre)

    report = start_campaign(centre=centre, started_by=coordinator)

    assert [p.name for p in report.sent] == ["AEJF"]
    assert [p.name for p in report.without_email] == ["Paroisse Saint-Martin"]
    without_email.refresh_from_db()
    assert without_email.follow_up_state == FollowUpState.TO_CHASE
    (message,) = mail.outbox
    assert message.to == ["contact@aejf.example"]
    link = link_in(message)

    page = client.get(link)
    assert page.status_code == 200
    assert 'value="01 00 00 00 00"' in page.content.decode()
    invitation = Invitation.objects.get(partner=partner)
    assert invitation.opened_at is not None

    new_person = {"name": "Karim Benali", "role": "Animateur", "consent": True}
    response = client.post(
        link,
        form_values(partner, phone="01 11 11 11 11", postcode="78000")
        | persons_data(partner, new=[new_person]),
    )
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.phone == "01 00 00 00 00"  # nothing public changes before the review
    assert not partner.contact_persons.exists()
    proposal = Proposal.objects.get(partner=partner)
    assert {(c.field, c.before, c.after) for c in proposal.changes.all()} == {
        ("phone", "01 00 00 00 00", "01 11 11 11 11"),
        ("postcode", "", "78000"),
    }

    change_url = f"/admin/directory/proposal/{proposal.pk}/change/"
    changes = list(proposal.changes.order_by("pk"))
    review = coordinator_client.post(change_url, {
        "changes-TOTAL_FORMS": "2", "changes-INITIAL_FORMS": "2",
        "changes-MIN_NUM_FORMS": "0", "changes-MAX_NUM_FORMS": "1000",
        "changes-0-id": changes[0].pk, "changes-0-proposal": proposal.pk,
        "changes-0-decision": Decision.ACCEPTED, "changes-0-note": "",
        "changes-1-id": changes[1].pk, "changes-1-proposal": proposal.pk,
        "changes-1-decision": Decision.REFUSED, "changes-1-note": "Code postal inconnu",
        "person_changes-TOTAL_FORMS": "1", "person_changes-INITIAL_FORMS": "1",
        "person_changes-0-id": proposal.person_changes.get().pk,
        "person_changes-0-proposal": proposal.pk,
        "person_changes-0-decision": Decision.ACCEPTED, "person_changes-0-note": "",
    })  # fmt: skip
    assert review.status_code == 302, review.content.decode()[:3000]

    partner.refresh_from_db()
    accepted = changes[0].field
    assert getattr(partner, accepted) == changes[0].after
    refused = changes[1].field
    assert getattr(partner, refused) == changes[1].before
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REVIEWED
    assert partner.last_reviewed_by == ReviewSource.PARTNER
    assert partner.history.first().history_change_reason == PARTNER_UPDATE_REASON
    public = client.get(partner.get_absolute_url()).content.decode()
    assert changes[0].after in public
    assert "Karim Benali" in public  # with the consent the partner recorded
    assert "confirmée par le partenaire" in public
    history = coordinator_client.get(f"/admin/centres/partner/{partner.pk}/history/")
    assert PARTNER_UPDATE_REASON in history.content.decode()


def test_nothing_changed_confirms_the_page_in_one_click(client, centre, partner):
    start_campaign(centre=centre)
    link = link_in(mail.outbox[0])

    response = client.post(link, {"nothing_changed": "1"})

    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.last_reviewed_by == ReviewSource.PARTNER
    assert partner.last_reviewed_at is not None
    assert not Proposal.objects.exists()
    assert Invitation.objects.get(partner=partner).answered_at is not None
    assert "confirmée par le partenaire" in client.get(partner.get_absolute_url()).content.decode()


def test_each_field_is_checked_with_its_error_and_nothing_is_proposed(client, centre, partner):
    start_campaign(centre=centre)
    link = link_in(mail.outbox[0])

    response = client.post(
        link, form_values(partner, postcode="78", email="pas-un-courriel", insee_code="ABCDE")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"postcode", "email", "insee_code"}
    assert "Un code postal a cinq chiffres" in response.content.decode()
    assert not Proposal.objects.exists()
    assert Partner.objects.get(pk=partner.pk).postcode == ""
