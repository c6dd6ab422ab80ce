"""« Proposer un partenaire »: a public form whose proposals land in the review queue, with
guards against robots that need no outside service."""

import time

import pytest
from django.core.cache import cache

from core.anti_spam import form_stamp
from directory.enums import ProposalKind
from directory.forms import NewPartnerForm
from directory.models import Proposal

pytestmark = pytest.mark.django_db

URL = "/partenaires/proposer/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def form(seconds_ago: float = 60, **values):
    return {
        "name": "Jardins partagés",
        "category": "associatif",
        "submitter_name": "Alice",
        "submitter_email": "alice@ex.org",
        "postcode": "78000",
        "stamp": NewPartnerForm.new_stamp(time.time() - seconds_ago),
        **values,
    }


def test_the_form_shows_and_is_never_cached(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert 'name="stamp"' in response.content.decode()


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
    response = client.post(URL, form(homepage="http://spam.example"))

    assert response.status_code == 200
    assert "Ce formulaire n&#x27;a pas pu être envoyé." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_form_sent_too_fast_is_refused(client):
    response = client.post(URL, form(seconds_ago=0))

    assert "envoyé trop vite" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_forged_time_is_refused(client):
    response = client.post(URL, form(stamp="12345"))

    assert "trop ancien" in response.content.decode()
    assert not Proposal.objects.exists()


def test_its_own_settings_time_the_form(client, settings):
    settings.PARTNER_PROPOSAL_MIN_SECONDS = 120
    settings.CONTACT_FORM_MIN_SECONDS = 0

    response = client.post(URL, form(seconds_ago=60))

    assert "envoyé trop vite" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_form_kept_open_too_long_is_refused(client, settings):
    settings.PARTNER_PROPOSAL_MAX_AGE_SECONDS = 3600

    response = client.post(URL, form(seconds_ago=2 * 3600))

    assert "trop ancien" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_stamp_of_another_form_is_no_stamp_here(client):
    response = client.post(URL, form(stamp=form_stamp(time.time() - 60)))

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
