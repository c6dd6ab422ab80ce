"""What a partner does with its link, and what a visitor proposes: proposals, never a change
of what the public reads (a coordinator reviews them: ``directory.review``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from centres.enums import ReviewSource
from centres.models import Centre, Partner
from centres.reviews import REVIEW_FIELDS
from core.history import change_reason

from .enums import ProposalKind
from .models import Invitation, Proposal, ProposedChange, ProposedPersonChange
from .persons import PersonRow, person_changes, withdraw_consents_at_once

# The partner's fields a partner may propose to change, in the form's order.
PROPOSED_FIELDS = (
    "name", "acronym", "expanded_name", "missions", "services", "public_served", "address",
    "postcode", "commune", "insee_code", "phone", "email", "website", "opening_hours",
)  # fmt: skip
# A new partner's: the same, and its category.
NEW_PARTNER_FIELDS = ("name", "category", *PROPOSED_FIELDS[1:])

CONFIRMED_REASON = "Confirmée par le partenaire"


def stored_value(partner: Partner | None, name: str) -> str:
    return "" if partner is None else str(getattr(partner, name) or "")


def record_opened(invitation: Invitation) -> None:
    """The first opening of the link, once."""
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


@transaction.atomic
def confirm_unchanged(invitation: Invitation) -> None:
    """« Rien n'a changé » : the page is confirmed as it is, by the partner, in its history."""
    partner = Partner.objects.select_for_update().get(pk=invitation.partner_id)
    partner.mark_reviewed(by=ReviewSource.PARTNER)
    with change_reason(CONFIRMED_REASON):
        partner.save(update_fields=list(REVIEW_FIELDS))
    _mark_answered(invitation)


@transaction.atomic
def submit_update(
    *,
    invitation: Invitation,
    values: dict,
    persons: list[PersonRow] = (),
    message: str = "",
) -> Proposal | None:
    """The partner's corrections as a proposal: one change per field that differs from the
    page as stored, one per contact person it changed, marked as gone or added; none at all
    is a confirmation of the page as it is. A consent withdrawn applies at once."""
    partner = invitation.partner
    changes = [
        ProposedChange(field=name, before=stored_value(partner, name), after=str(value or ""))
        for name, value in values.items()
        if name in PROPOSED_FIELDS and str(value or "") != stored_value(partner, name)
    ]
    # Only the partner's own persons: the form checks it, the service does not trust it.
    rows = [row for row in persons if row.person is None or row.person.partner_id == partner.pk]
    withdraw_consents_at_once(rows)
    persons_changed = person_changes(rows)
    if not changes and not persons_changed:
        confirm_unchanged(invitation)
        return None
    proposal = Proposal.objects.create(
        kind=ProposalKind.UPDATE, partner=partner, invitation=invitation, message=message
    )
    for change in [*changes, *persons_changed]:
        change.proposal = proposal
    ProposedChange.objects.bulk_create(changes)
    ProposedPersonChange.objects.bulk_create(persons_changed)
    _mark_answered(invitation)
    return proposal


@transaction.atomic
def submit_new_partner(
    *,
    values: dict,
    centre: Centre | None = None,
    submitter_name: str = "",
    submitter_email: str = "",
    message: str = "",
) -> Proposal:
    """« Proposer un partenaire » : a proposal of a partner not in the directory yet."""
    proposal = Proposal.objects.create(
        kind=ProposalKind.NEW_PARTNER,
        centre=centre,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        message=message,
    )
    ProposedChange.objects.bulk_create(
        ProposedChange(proposal=proposal, field=name, after=str(values[name]))
        for name in NEW_PARTNER_FIELDS
        if values.get(name)
    )
    return proposal


def _mark_answered(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )
