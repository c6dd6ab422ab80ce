"""Starting a campaign (service, admin page, command) and reminding those who did not answer."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from centres.enums import FollowUpState
from centres.models import Centre
from core.publication import PublicationState
from directory.campaigns import send_reminders, start_campaign
from directory.models import Campaign, Invitation
from tests.centres.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(own_centre, other_centre):
    """Two partners of ``own_centre`` (one without email), one of ``other_centre``, one
    archived."""
    ours = PartnerFactory(name="Ours", email="ours@ex.org")
    silent = PartnerFactory(name="Sans courriel", email="")
    theirs = PartnerFactory(name="Les leurs", email="leurs@ex.org")
    archived = PartnerFactory(
        name="Archivé", email="old@ex.org", publication_state=PublicationState.ARCHIVED
    )
    for partner in (ours, silent, archived):
        partner.centres.add(own_centre)
    theirs.centres.add(other_centre)
    return ours, silent, theirs


def test_a_campaign_for_all_partners_writes_to_every_partner_but_the_archived(directory):
    report = start_campaign()

    assert sorted(message.to[0] for message in mail.outbox) == ["leurs@ex.org", "ours@ex.org"]
    assert [partner.name for partner in report.without_email] == ["Sans courriel"]
    assert report.campaign.invitations.count() == 3
    assert report.campaign.invitations.filter(sent_at__isnull=False).count() == 2


def test_a_dry_run_writes_and_sends_nothing(directory, own_centre):
    report = start_campaign(centre=own_centre, dry_run=True)

    assert [partner.name for partner in report.sent] == ["Ours"]
    assert not mail.outbox
    assert not Campaign.objects.exists()
    assert directory[1].__class__.objects.get(pk=directory[1].pk).follow_up_state == ""


def test_centre_staff_start_campaigns_for_their_centres_only(
    centre_staff, own_centre, other_centre
):
    start_campaign(centre=own_centre, started_by=centre_staff)

    with pytest.raises(PermissionDenied):
        start_campaign(centre=other_centre, started_by=centre_staff)
    with pytest.raises(PermissionDenied):
        start_campaign(started_by=centre_staff)
    assert Campaign.objects.count() == 1


def test_a_coordinator_starts_any_campaign(coordinator, other_centre):
    start_campaign(started_by=coordinator)
    start_campaign(centre=other_centre, started_by=coordinator)

    assert Campaign.objects.count() == 2


def test_the_command_starts_a_campaign_for_one_centre(directory, own_centre):
    out = StringIO()
    call_command("partner_campaign", "--centre", own_centre.slug, stdout=out)

    assert [message.to for message in mail.outbox] == [["ours@ex.org"]]
    assert "Sans courriel : pas de courriel, à relancer" in out.getvalue()
    silent = directory[1].__class__.objects.get(pk=directory[1].pk)
    assert silent.follow_up_state == FollowUpState.TO_CHASE


def test_the_command_s_dry_run_lists_without_sending(directory, own_centre):
    out = StringIO()
    call_command("partner_campaign", "--centre", own_centre.slug, "--dry-run", stdout=out)

    assert "Ours recevrait son lien (ours@ex.org)" in out.getvalue()
    assert "Simulation" in out.getvalue()
    assert not mail.outbox
    assert not Campaign.objects.exists()


def test_the_command_refuses_an_unknown_centre(db):
    with pytest.raises(CommandError, match="aucun-centre"):
        call_command("partner_campaign", "--centre", "aucun-centre", stdout=StringIO())


def test_reminders_go_once_after_the_delay_to_those_who_did_not_answer(directory, own_centre):
    campaign = start_campaign(centre=own_centre, reminder_delay_days=10).campaign
    mail.outbox.clear()

    assert send_reminders() == []  # too early
    Invitation.objects.update(sent_at=timezone.now() - timedelta(days=11))
    reminded = send_reminders()
    again = send_reminders()

    assert [invitation.partner.name for invitation in reminded] == ["Ours"]
    assert again == []
    (message,) = mail.outbox
    assert message.to == ["ours@ex.org"]
    assert "relance" in message.body
    assert campaign.invitations.get(partner=directory[0]).reminded_at is not None


def test_no_reminder_to_a_partner_who_answered(directory, own_centre):
    start_campaign(centre=own_centre)
    Invitation.objects.update(
        sent_at=timezone.now() - timedelta(days=30), answered_at=timezone.now()
    )
    mail.outbox.clear()

    call_command("partner_campaign_reminders", stdout=StringIO())

    assert not mail.outbox


def test_the_reminders_command_s_dry_run_sends_nothing(directory, own_centre):
    start_campaign(centre=own_centre)
    Invitation.objects.update(sent_at=timezone.now() - timedelta(days=30))
    mail.outbox.clear()
    out = StringIO()

    call_command("partner_campaign_reminders", "--dry-run", stdout=out)

    assert "Ours (ours@ex.org)" in out.getvalue()
    assert not mail.outbox
    assert not Invitation.objects.filter(reminded_at__isnull=False).exists()


# --- The admin's page ----------------------------------------------------------------------


def test_a_coordinator_starts_a_campaign_from_the_admin_and_follows_it(
    coordinator_client, directory, own_centre
):
    response = coordinator_client.post(
        "/admin/directory/campaign/add/",
        {"centre": own_centre.pk, "reminder_delay_days": 14, "link_validity_days": 60},
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert [message.to for message in mail.outbox] == [["ours@ex.org"]]
    page = coordinator_client.get(f"/admin/directory/campaign/{campaign.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "envoyée" in text
    assert "pas de courriel : à relancer" in text


def test_centre_staff_start_a_campaign_for_their_centre_not_another(
    centre_staff, directory, own_centre, other_centre
):
    client = Client()
    client.force_login(centre_staff)
    form = {"reminder_delay_days": 14, "link_validity_days": 60}

    refused = client.post("/admin/directory/campaign/add/", {"centre": other_centre.pk, **form})
    everyone = client.post("/admin/directory/campaign/add/", {"centre": "", **form})
    assert refused.status_code == everyone.status_code == 200  # the form, with its error
    assert not Campaign.objects.exists()

    assert (
        client.post("/admin/directory/campaign/add/", {"centre": own_centre.pk, **form}).status_code
        == 302
    )
    campaign = Campaign.objects.get()
    assert client.get(f"/admin/directory/campaign/{campaign.pk}/change/").status_code == 200
    other = start_campaign(centre=other_centre).campaign
    assert client.get(f"/admin/directory/campaign/{other.pk}/change/").status_code == 302


def test_the_chantiers_directory_has_no_email_yet_so_every_partner_is_to_chase(seeded):
    centre = (
        Centre.objects.filter(partners__isnull=False, name__icontains="chantiers").distinct().get()
    )
    out = StringIO()

    call_command("partner_campaign", "--centre", centre.slug, stdout=out)

    assert centre.slug == "maison-de-quartier-des-chantiers"
    assert "0 lien(s), 29 partenaire(s) sans courriel" in out.getvalue()
    assert not mail.outbox
    assert centre.partners.filter(follow_up_state=FollowUpState.TO_CHASE).count() == 29


def test_the_campaign_list_offers_a_centre_s_team_its_own_centres(
    centre_staff, own_centre, other_centre
):
    start_campaign(centre=own_centre)
    start_campaign(centre=other_centre)
    start_campaign()
    client = Client()
    client.force_login(centre_staff)

    page = client.get("/admin/directory/campaign/")

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == list(Campaign.objects.filter(centre=own_centre))
    assert other_centre.display_name not in page.content.decode()
