import re

import pytest
from django.core import mail

from directory.links import link_path
from tests.centres.factories import ContactPersonFactory

from .factories import InvitationFactory

LINK = re.compile(r"https?://[^/\s]+(/partenaires/[^\s]+/mise-a-jour/[^\s]+/)")


def link_in(message) -> str:
    """The path of the update link an email carries."""
    return LINK.search(message.body).group(1)


@pytest.fixture
def outbox():
    return mail.outbox


def persons_data(partner, changes=None, new=()) -> dict:
    """The contact persons of the link's form, as the page posts them: each of the
    partner's persons as stored, with ``changes`` (by person) applied, then the empty rows
    for new persons, filled with ``new``. A box ticked is ``True``."""
    from directory.forms import NEW_PERSON_ROWS

    changes = changes or {}
    rows = [
        {"person": person.pk, "name": person.name, "role": person.role, "email": person.email,
         "phone": person.phone, "consent": person.may_be_published, **changes.get(person, {})}
        for person in partner.contact_persons.order_by("name", "pk")
    ]  # fmt: skip
    rows += [*new, *[{}] * (NEW_PERSON_ROWS - len(new))]
    data = {
        "personnes-TOTAL_FORMS": str(len(rows)),
        "personnes-INITIAL_FORMS": str(len(rows) - NEW_PERSON_ROWS),
        "personnes-MIN_NUM_FORMS": "0",
        "personnes-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"personnes-{number}-{name}"] = "on"
            elif value is not False:
                data[f"personnes-{number}-{name}"] = value
    return data


# A partner answering its link, and one of its persons (tests of the persons).


@pytest.fixture
def invitation():
    return InvitationFactory(partner__name="AEJF", partner__commune="Versailles")


@pytest.fixture
def partner(invitation):
    return invitation.partner


@pytest.fixture
def marie(partner):
    return ContactPersonFactory(
        partner=partner, name="Marie Durand", role="Directrice", email="marie@aejf.example",
        phone="01 30 00 00 01", consented=True,
    )  # fmt: skip


@pytest.fixture
def link(invitation):
    return link_path(invitation)
