"""A coordinator's review of a proposal, change by change (a field, a contact person): the
accepted changes are written to the partner and its persons in one transaction, under the
reason « Mise à jour par le partenaire ».

Someone may have edited the partner in the workspace since the proposal was made. Each
change carries the value the field (or the person) had then (``before``): an accepted change
whose field holds another value now, or whose person was edited or removed, is not written:
it is sent back to the reviewer as a conflict, with the value found, to decide knowingly
(accept over it, or refuse). The partner's row and its persons' are locked while the
changes are written, so that no save comes between the check and the write;
and a change form opened before is refused on save by the workspace's optimistic locking
(``core.concurrency``), the partner having changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.enums import ReviewSource
from centres.models import ContactPerson, Partner
from core.history import change_reason
from core.publication import PublicationState
from parsing.naming import match_key

from .enums import Decision, PersonChangeKind, ProposalKind, ProposalState
from .models import Proposal, ProposedChange, ProposedPersonChange
from .persons import apply_person_change, person_state, same_name
from .proposals import stored_value

PARTNER_UPDATE_REASON = "Mise à jour par le partenaire"
NEW_PARTNER_REASON = "Proposé avec « Proposer un partenaire »"
ACCEPTING = (Decision.ACCEPTED, Decision.ACCEPTED_OVER_CONFLICT)


@dataclass
class ReviewOutcome:
    applied: list[ProposedChange | ProposedPersonChange] = field(default_factory=list)
    conflicts: list[ProposedChange | ProposedPersonChange] = field(default_factory=list)
    created_partner: Partner | None = None
    reviewed: bool = False  # every change decided: the proposal is closed


@transaction.atomic
def apply_decisions(proposal: Proposal, *, reviewer) -> ReviewOutcome:
    """Writes the accepted changes not written yet; closes the proposal once every change is
    decided. The decisions are those stored on the proposal's changes."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    changes = list(proposal.changes.select_for_update().order_by("pk"))
    outcome = ReviewOutcome()
    if proposal.kind == ProposalKind.NEW_PARTNER:
        _create_partner(proposal, changes, reviewer, outcome)
    else:
        _update_partner(proposal, changes, reviewer, outcome)
    if outcome.reviewed:
        proposal.state = ProposalState.REVIEWED
        proposal.reviewed_at = timezone.now()
        proposal.reviewed_by = reviewer
        proposal.save(update_fields=["state", "reviewed_at", "reviewed_by", "partner"])
    return outcome


def _all_decided(changes) -> bool:
    return all(change.decision != Decision.PENDING for change in changes)


def _update_partner(proposal, changes, reviewer, outcome: ReviewOutcome) -> None:
    partner = Partner.objects.select_for_update().get(pk=proposal.partner_id)
    now = timezone.now()
    person_changes = list(proposal.person_changes.select_for_update().order_by("pk"))
    with change_reason(PARTNER_UPDATE_REASON):
        _update_persons(proposal, partner, person_changes, reviewer, outcome, now)
    persons_applied = len(outcome.applied)
    for change in changes:
        if change.decision not in ACCEPTING or change.applied_at is not None:
            continue
        current = stored_value(partner, change.field)
        problem = _conflict(partner, change, current)
        if problem:
            change.decision = Decision.PENDING
            change.conflicting_value = current
            change.note = problem
            outcome.conflicts.append(change)
        else:
            setattr(partner, change.field, change.after)
            change.applied_at = now
            change.conflicting_value = ""
            outcome.applied.append(change)
        change.save(update_fields=["decision", "conflicting_value", "note", "applied_at"])
    every_change = [*changes, *person_changes]
    outcome.reviewed = _all_decided(every_change)
    if outcome.reviewed and any(change.decision in ACCEPTING for change in every_change):
        # The partner's answer, accepted: its page is confirmed by the partner.
        partner.mark_reviewed(by=ReviewSource.PARTNER, now=now)
    if len(outcome.applied) > persons_applied or outcome.reviewed:
        with change_reason(PARTNER_UPDATE_REASON):
            partner.save()


def _conflict(partner: Partner, change: ProposedChange, current: str) -> str:
    """Why the change cannot be written as decided; empty if it can."""
    if change.field == "name" and (
        Partner.objects.exclude(pk=partner.pk).filter(match_key=match_key(change.after)).exists()
    ):
        return _("Un autre partenaire porte déjà ce nom.")
    if change.decision == Decision.ACCEPTED and current not in (change.before, change.after):
        return _("Modifié dans l'espace de travail depuis la proposition : décidez en voyant "
                 "la valeur actuelle.")  # fmt: skip
    return ""


def _update_persons(proposal, partner, person_changes, reviewer, outcome, now) -> None:
    persons = {
        person.pk: person
        for person in ContactPerson.objects.select_for_update().filter(partner=partner)
    }
    for change in person_changes:
        if change.decision not in ACCEPTING or change.applied_at is not None:
            continue
        person = persons.get(change.person_id)
        problem = _person_conflict(change, person, persons.values())
        if problem:
            change.decision = Decision.PENDING
            change.conflicting_state = person_state(person)
            change.note = problem
            outcome.conflicts.append(change)
        else:
            persons.pop(change.person_id, None)
            change.person = apply_person_change(
                change, person, partner=partner, given_at=proposal.submitted_at, reviewer=reviewer
            )
            if change.person is not None:
                persons[change.person.pk] = change.person
            change.applied_at = now
            change.conflicting_state = {}
            outcome.applied.append(change)
        change.save(update_fields=["decision", "conflicting_state", "note", "applied_at", "person"])


def _person_conflict(change: ProposedPersonChange, person, persons) -> str:
    """Why the person's change cannot be written as decided; empty if it can."""
    if change.decision != Decision.ACCEPTED:
        return ""
    if change.kind == PersonChangeKind.ADDED:
        if any(same_name(other.name, change.after.get("name", "")) for other in persons):
            return _("Une personne de ce nom figure déjà sur la fiche.")
        return ""
    if person is None:
        if change.kind == PersonChangeKind.LEFT:
            return ""  # already gone
        return _("Retirée de la fiche dans l'espace de travail depuis la proposition : "
                 "l'accepter l'ajoute de nouveau.")  # fmt: skip
    if person_state(person) not in (change.before, change.after):
        return _("Modifiée dans l'espace de travail depuis la proposition : décidez en voyant "
                 "la personne telle qu'elle est.")  # fmt: skip
    return ""


def _create_partner(proposal, changes, reviewer, outcome: ReviewOutcome) -> None:
    """A new partner, as a draft, of the accepted fields, once every change is decided and
    if its name and category are accepted."""
    outcome.reviewed = _all_decided(changes)
    if not outcome.reviewed or proposal.partner_id is not None:
        return
    accepted = {change.field: change for change in changes if change.decision in ACCEPTING}
    if "name" not in accepted or "category" not in accepted:
        return
    problem = _conflict(Partner(), accepted["name"], "")
    if problem:
        change = accepted["name"]
        change.decision, change.note = Decision.PENDING, problem
        change.save(update_fields=["decision", "note"])
        outcome.conflicts.append(change)
        outcome.reviewed = False
        return
    partner = Partner(
        publication_state=PublicationState.DRAFT,
        **{name: change.after for name, change in accepted.items()},
    )
    with change_reason(NEW_PARTNER_REASON):
        partner.save()
        if proposal.centre_id:
            partner.centres.add(proposal.centre_id)
    now = timezone.now()
    for change in accepted.values():
        change.applied_at = now
        change.save(update_fields=["applied_at"])
        outcome.applied.append(change)
    proposal.partner = partner
    outcome.created_partner = partner
