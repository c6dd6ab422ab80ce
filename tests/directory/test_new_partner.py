"""« Proposer un partenaire »: a public form whose proposals land in the review queue, with
guards against robots that need no outside service."""

import time

import pytest
from django.core import signing
from django.core.cache import cache

from directory.enums import ProposalKind
from directory.forms import STARTED_SALT
from directory.models import Proposal

pytestmark = pytest.mark.django_db

URL = "/partenaires/proposer/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def form(seconds_ago: float = 60, **values):
    started = signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)
    return {
        "name": "Jardins partagés",
        "category": "associatif",
        "submitter_name": "Alice",
        "submitter_email": "alice@ex.org",
        "postcode": "78000",
        "started": started,
        **values,
    }


def test_the_form_shows_and_is_never_cached(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert 'name="started"' in response.content.decode()


def test_a_proposal_lands_in_the_review_queue(client, coordinator_client):
    response = client.post(URL, form())

    assert response.status_code == 200
    assert "Merci pour votre proposition" in response.content.decode()
    proposal = Proposal.objects.get()
    assert proposal.kind == ProposalKind.NEW_PARTNER
    assert proposal.submitter_email == "alice@ex.org"
    assert {change.field: change.after for change in proposal.changes.all()} == {
        "name": "Jardins partagés",
        "category": "associatif",
        "postcode": "78000",
    }
    desk = coordinator_client.get("/admin/").content.decode()
    assert "Propositions des partenaires à examiner" in desk
    assert "Jardins partagés" in desk


def test_the_honeypot_refuses_a_robot(client):
    response = client.post(URL, form(contact_website="http://spam.example"))

    assert response.status_code == 200
    assert "Ce formulaire n&#x27;a pas pu être envoyé." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_form_sent_too_fast_is_refused(client):
    response = client.post(URL, form(seconds_ago=0))

    assert "envoyé trop vite" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_forged_time_is_refused(client):
    response = client.post(URL, form(started="12345"))

    assert "trop ancien" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_address_sends_a_few_proposals_an_hour(client, settings):
    settings.PARTNER_PROPOSALS_PER_HOUR = 2
    for number in range(2):
        assert client.post(URL, form(name=f"Partenaire {number}")).status_code == 200

    refused = client.post(URL, form(name="Partenaire 3"))
    other_address = client.post(URL, form(name="Partenaire 4"), REMOTE_ADDR="10.0.0.9")

    assert refused.status_code == 429
    assert other_address.status_code == 200
    assert Proposal.objects.count() == 3


def test_fields_are_checked_one_by_one(client):
    response = client.post(URL, form(name="", postcode="7800", submitter_email="x"))

    assert set(response.context["form"].errors) == {"name", "postcode", "submitter_email"}
    assert not Proposal.objects.exists()
