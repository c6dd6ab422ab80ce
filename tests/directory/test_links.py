"""A partner's personal link: tampered, expired, or another partner's, it changes nothing."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from centres.models import Partner
from directory.campaigns import start_campaign
from directory.models import Invitation, Proposal
from tests.centres.factories import CentreFactory, PartnerFactory

from .conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return CentreFactory(email="centre@ex.org", phone="01 02 03 04 05")


@pytest.fixture
def partners(centre):
    first = PartnerFactory(name="Association A", email="a@ex.org", phone="01 00 00 00 01")
    second = PartnerFactory(name="Association B", email="b@ex.org", phone="01 00 00 00 02")
    first.centres.add(centre)
    second.centres.add(centre)
    return first, second


def links(centre) -> dict[str, str]:
    start_campaign(centre=centre)
    return {message.to[0]: link_in(message) for message in mail.outbox}


def unchanged(*partners) -> bool:
    return (
        all(
            Partner.objects.get(pk=p.pk).phone == p.phone
            and Partner.objects.get(pk=p.pk).last_reviewed_at is None
            for p in partners
        )
        and not Proposal.objects.exists()
    )


@pytest.mark.parametrize("where", ["signature", "payload"])
def test_a_tampered_link_answers_403_and_changes_nothing(client, centre, partners, where):
    link = links(centre)["a@ex.org"]
    prefix, token, _ = link.rsplit("/", 2)
    position = -3 if where == "signature" else 3
    tampered_token = (
        token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    )
    tampered = f"{prefix}/{tampered_token}/"

    assert client.get(tampered).status_code == 403
    response = client.post(tampered, {"nothing_changed": "1"})

    assert response.status_code == 403
    assert "Ce lien n'est pas valable" in response.content.decode()
    assert unchanged(*partners)
    assert Invitation.objects.filter(opened_at__isnull=False).count() == 0


def later(monkeypatch, delay: timedelta) -> None:
    """The signatures' clock, ``delay`` from now."""
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + delay.total_seconds())


def test_an_expired_link_says_so_and_how_to_get_a_new_one(client, centre, partners, monkeypatch):
    link = links(centre)["a@ex.org"]

    later(monkeypatch, timedelta(days=61))
    response = client.post(link, {"nothing_changed": "1"})

    assert response.status_code == 410
    page = response.content.decode()
    assert "Ce lien a expiré" in page
    assert "centre@ex.org" in page  # whom to ask for a new one
    assert unchanged(*partners)


def test_a_link_works_for_its_partner_only(client, centre, partners):
    first, second = partners
    link_of_a = links(centre)["a@ex.org"]
    token = link_of_a.rstrip("/").rsplit("/", 1)[1]
    on_b_page = f"/partenaires/{second.slug}/mise-a-jour/{token}/"

    assert client.get(on_b_page).status_code == 403
    assert client.post(on_b_page, {"nothing_changed": "1"}).status_code == 403
    assert unchanged(first, second)


def test_a_token_of_another_part_of_the_site_is_no_link(client, partners):
    from django.core import signing

    first, _ = partners
    token = signing.TimestampSigner().sign_object({"i": 1, "p": first.pk})

    assert client.get(f"/partenaires/{first.slug}/mise-a-jour/{token}/").status_code == 403


def test_a_link_still_works_the_day_before_it_expires(client, centre, partners, monkeypatch):
    link = links(centre)["a@ex.org"]

    later(monkeypatch, timedelta(days=59))

    assert client.get(link).status_code == 200


def test_opening_is_recorded_once(client, centre, partners):
    link = links(centre)["a@ex.org"]
    client.get(link)
    first_opening = timezone.now() - timedelta(days=1)
    Invitation.objects.filter(partner=partners[0]).update(opened_at=first_opening)

    client.get(link)

    assert Invitation.objects.get(partner=partners[0]).opened_at == first_opening
    assert Invitation.objects.get(partner=partners[1]).opened_at is None


def test_the_link_page_is_never_kept_in_a_cache_nor_indexed(client, centre, partners):
    response = client.get(links(centre)["a@ex.org"])

    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
