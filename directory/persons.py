"""A partner's contact persons in its proposals. Each person is compared, proposed and shown
to the reviewer as its *state*: the details the partner reads and may change, and whether it
may be published (its consent, as ``centres.contact_persons`` records it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from centres.contact_persons import CONSENT_FIELDS
from centres.models import ContactPerson, Partner
from core.history import change_reason

from .enums import PersonChangeKind
from .models import ProposedPersonChange

# The details of a person a partner may change, in the form's order.
PERSON_FIELDS = ("name", "role", "email", "phone")


def person_state(person: ContactPerson | None) -> dict:
    if person is None:
        return {}
    return {
        **{name: getattr(person, name) for name in PERSON_FIELDS},
        "consent": person.may_be_published,
    }


def described(state: dict) -> str:
    """A person's state in words, for the reviewer; a dash for nobody."""
    if not state:
        return "—"
    details = [
        f"{str(ContactPerson._meta.get_field(name).verbose_name).capitalize()} : {state[name]}"
        for name in PERSON_FIELDS
        if state.get(name)
    ]
    consent = (
        _("accepte de figurer sur la page publique")
        if state.get("consent")
        else _("ne figure pas sur la page publique (pas d'accord)")
    )
    return " ; ".join([*details, consent])


def same_name(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


@dataclass(frozen=True)
class PersonRow:
    """One person of the link's form: a stored one (``person``) or a new one, as proposed."""

    person: ContactPerson | None
    state: dict
    left: bool = False


# A person's consent withdrawn by the partner applies at once, before any review.
CONSENT_WITHDRAWN_REASON = "Accord de publication retiré par le partenaire"


def withdraw_consents_at_once(rows: list[PersonRow]) -> list[ContactPerson]:
    """Unpublishes, now, each published person the partner no longer agrees to show: its
    consent unticked, or the person gone. Withdrawing consent must not wait for a
    coordinator's review (what else the partner changed does); the proposal then starts from
    the person as unpublished, so the review meets no conflict with it."""
    withdrawn = []
    for row in rows:
        person = row.person
        if person is None or not person.may_be_published:
            continue
        if row.left or not row.state.get("consent"):
            person.withdraw_consent()
            with change_reason(CONSENT_WITHDRAWN_REASON):
                person.save(update_fields=list(CONSENT_FIELDS))
            withdrawn.append(person)
    return withdrawn


def person_changes(rows: list[PersonRow]) -> list[ProposedPersonChange]:
    """The rows that propose something, as changes (unsaved): a stored person whose details
    or consent differ from the page, or who left; a new person with a name."""
    changes = []
    for row in rows:
        before = person_state(row.person)
        if row.person is None:
            if row.state.get("name"):
                changes.append(ProposedPersonChange(kind=PersonChangeKind.ADDED, after=row.state))
        elif row.left:
            changes.append(
                ProposedPersonChange(kind=PersonChangeKind.LEFT, person=row.person, before=before)
            )
        elif row.state != before:
            changes.append(
                ProposedPersonChange(
                    kind=PersonChangeKind.CHANGED, person=row.person, before=before, after=row.state
                )
            )
    return changes


def apply_person_change(
    change: ProposedPersonChange,
    person: ContactPerson | None,
    *,
    partner: Partner,
    given_at,
    reviewer,
) -> ContactPerson | None:
    """Writes an accepted change: the person as proposed (added anew if it was removed
    meanwhile and the reviewer accepted over it), or gone. Consent given through the link is
    recorded as the partner's, when it said so, by the reviewer who accepted it."""
    if change.kind == PersonChangeKind.LEFT:
        if person is not None:
            person.delete()
        return None
    person = person or ContactPerson(partner=partner)
    for name in PERSON_FIELDS:
        setattr(person, name, change.after.get(name, ""))
    if change.after.get("consent") and not person.may_be_published:
        person.record_consent_from_partner_link(given_at=given_at, reviewer=reviewer)
    elif not change.after.get("consent") and person.may_be_published:
        person.withdraw_consent()
    person.save()
    return person
