"""A consent withdrawn through the partner's link applies at once, before any review."""

import pytest

from centres.models import ContactPerson
from directory.enums import Decision
from directory.models import Proposal
from directory.persons import CONSENT_WITHDRAWN_REASON
from directory.review import apply_decisions

from .test_contact_persons import decide, person_change, posted, submit

pytestmark = pytest.mark.django_db


def test_a_withdrawn_consent_unpublishes_the_person_at_once_without_review(
    client, link, partner, marie
):
    client.post(link, posted(partner, {marie: {"consent": False}}))

    marie.refresh_from_db()
    assert not marie.may_be_published
    assert (marie.publication_consent_recorded_by, marie.publication_consent_source) == (None, "")
    assert marie.history.first().history_change_reason == CONSENT_WITHDRAWN_REASON
    assert "Marie Durand" not in client.get(partner.get_absolute_url()).content.decode()
    # Nothing else changed: nothing to review, the page is confirmed as it now is.
    assert not Proposal.objects.exists()
    assert partner.update_invitations.get().answered_at is not None


def test_a_person_gone_is_unpublished_at_once_and_removed_once_accepted(
    client, link, partner, marie, coordinator
):
    proposal = submit(client, link, partner, {marie: {"left": True, "role": "Ancienne"}})

    assert "Marie Durand" not in client.get(partner.get_absolute_url()).content.decode()
    change = person_change(proposal)
    assert change.before["consent"] is False  # the review starts from the person as it is
    decide(change, Decision.ACCEPTED)
    apply_decisions(proposal, reviewer=coordinator)
    assert change.decision == Decision.ACCEPTED  # no conflict with the withdrawal
    assert not ContactPerson.objects.exists()


def test_a_changed_person_without_consent_any_more_is_unpublished_while_reviewed(
    client, link, partner, marie, coordinator
):
    proposal = submit(client, link, partner, {marie: {"consent": False, "role": "Trésorière"}})

    assert "Marie Durand" not in client.get(partner.get_absolute_url()).content.decode()
    change = person_change(proposal)
    decide(change, Decision.ACCEPTED)
    apply_decisions(proposal, reviewer=coordinator)
    marie.refresh_from_db()
    assert (marie.role, marie.may_be_published) == ("Trésorière", False)
