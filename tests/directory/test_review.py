"""The review of a proposal, field by field: accepted changes applied in a transaction, a
change made meanwhile shown as a conflict rather than overwritten."""

import pytest
from django.test import Client

from centres.enums import PartnerCategory
from centres.models import Partner
from core.publication import PublicationState
from directory.enums import Decision, ProposalState
from directory.models import Proposal
from directory.proposals import submit_new_partner, submit_update
from directory.review import NEW_PARTNER_REASON, PARTNER_UPDATE_REASON, apply_decisions
from tests.centres.factories import PartnerFactory

from .factories import InvitationFactory

pytestmark = pytest.mark.django_db


def decide(proposal, **decisions):
    for change in proposal.changes.all():
        change.decision = decisions.get(change.field, change.decision)
        change.save()


@pytest.fixture
def invitation():
    return InvitationFactory(partner__phone="01 00 00 00 00", partner__commune="Versailles")


def test_a_field_edited_meanwhile_is_a_conflict_not_an_overwrite(invitation, coordinator):
    partner = invitation.partner
    proposal = submit_update(
        invitation=invitation, values={"phone": "01 11 11 11 11", "commune": "Sartrouville"}
    )
    partner.phone = "01 22 22 22 22"  # a coordinator's edit in the workspace, meanwhile
    partner.save()
    decide(proposal, phone=Decision.ACCEPTED, commune=Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    partner.refresh_from_db()
    assert partner.phone == "01 22 22 22 22"
    assert partner.commune == "Sartrouville"
    (conflict,) = outcome.conflicts
    assert (conflict.field, conflict.conflicting_value) == ("phone", "01 22 22 22 22")
    assert conflict.decision == Decision.PENDING
    assert not outcome.reviewed

    decide(proposal, phone=Decision.ACCEPTED_OVER_CONFLICT)
    outcome = apply_decisions(proposal, reviewer=coordinator)

    partner.refresh_from_db()
    assert partner.phone == "01 11 11 11 11"
    assert outcome.reviewed
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.REVIEWED


def test_nothing_is_applied_before_every_change_is_decided_but_the_accepted_ones(
    invitation, coordinator
):
    proposal = submit_update(
        invitation=invitation, values={"phone": "01 11 11 11 11", "commune": "Sartrouville"}
    )
    decide(proposal, phone=Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    partner = Partner.objects.get(pk=invitation.partner_id)
    assert (partner.phone, partner.commune) == ("01 11 11 11 11", "Versailles")
    assert not outcome.reviewed
    assert partner.history.first().history_change_reason == PARTNER_UPDATE_REASON
    assert partner.last_reviewed_at is None  # confirmed once the whole answer is reviewed


def test_a_refused_proposal_changes_nothing(invitation, coordinator):
    proposal = submit_update(invitation=invitation, values={"phone": "01 11 11 11 11"})
    decide(proposal, phone=Decision.REFUSED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    assert outcome.reviewed and not outcome.applied
    assert Partner.objects.get(pk=invitation.partner_id).phone == "01 00 00 00 00"


def test_a_name_another_partner_has_is_a_conflict(invitation, coordinator):
    PartnerFactory(name="Secours populaire")
    proposal = submit_update(invitation=invitation, values={"name": "SECOURS POPULAIRE"})
    decide(proposal, name=Decision.ACCEPTED_OVER_CONFLICT)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    assert [change.field for change in outcome.conflicts] == ["name"]
    assert Partner.objects.get(pk=invitation.partner_id).name != "SECOURS POPULAIRE"


def test_an_accepted_new_partner_is_created_as_a_draft(own_centre, coordinator):
    proposal = submit_new_partner(
        values={"name": "Jardins partagés", "category": PartnerCategory.ASSOCIATIVE,
                "phone": "01 33 33 33 33", "missions": "Des jardins."},
        centre=own_centre, submitter_name="Alice", submitter_email="alice@ex.org",
    )  # fmt: skip
    decide(
        proposal,
        name=Decision.ACCEPTED,
        category=Decision.ACCEPTED,
        phone=Decision.ACCEPTED,
        missions=Decision.REFUSED,
    )

    outcome = apply_decisions(proposal, reviewer=coordinator)

    partner = outcome.created_partner
    assert partner.name == "Jardins partagés"
    assert partner.publication_state == PublicationState.DRAFT
    assert (partner.phone, partner.missions) == ("01 33 33 33 33", "")
    assert list(partner.centres.all()) == [own_centre]
    assert partner.history.first().history_change_reason == NEW_PARTNER_REASON
    assert Proposal.objects.get(pk=proposal.pk).partner == partner


def test_centre_staff_review_their_centres_partners_proposals_only(
    centre_staff, own_centre, other_centre
):
    ours = InvitationFactory()
    ours.partner.centres.add(own_centre)
    theirs = InvitationFactory()
    theirs.partner.centres.add(other_centre)
    our_proposal = submit_update(invitation=ours, values={"phone": "01"})
    their_proposal = submit_update(invitation=theirs, values={"phone": "02"})
    new_partner = submit_new_partner(values={"name": "X", "category": "associatif"})
    client = Client()
    client.force_login(centre_staff)

    listing = client.get("/admin/directory/proposal/").content.decode()

    assert f"/admin/directory/proposal/{our_proposal.pk}/change/" in listing
    assert f"/admin/directory/proposal/{their_proposal.pk}/change/" not in listing
    assert f"/admin/directory/proposal/{new_partner.pk}/change/" not in listing
    assert client.get(f"/admin/directory/proposal/{our_proposal.pk}/change/").status_code == 200
    assert client.get(f"/admin/directory/proposal/{their_proposal.pk}/change/").status_code == 302


def test_the_review_page_shows_before_now_and_after(coordinator_client, invitation):
    proposal = submit_update(invitation=invitation, values={"phone": "01 11 11 11 11"})
    Partner.objects.filter(pk=invitation.partner_id).update(phone="01 22 22 22 22")

    page = coordinator_client.get(f"/admin/directory/proposal/{proposal.pk}/change/")

    text = page.content.decode()
    for value in ("01 00 00 00 00", "01 22 22 22 22", "01 11 11 11 11", "Modifiée entre-temps"):
        assert value in text
