"""A campaign's emails leave over one connection to the mail server, and a server that
cannot be reached fails each message alone, the campaign recorded all the same."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from directory.campaigns import send_reminders, start_campaign
from directory.models import Invitation
from tests.centres.factories import PartnerFactory

pytestmark = pytest.mark.django_db

opened: list[str] = []


class CountingBackend(EmailBackend):
    """The test outbox, counting the connections made and opened."""

    def __init__(self, *args, **kwargs):
        opened.append("made")
        super().__init__(*args, **kwargs)

    def open(self):
        opened.append("open")
        return super().open()


class UnreachableBackend(EmailBackend):
    def open(self):
        raise ConnectionRefusedError("no mail server here")

    def send_messages(self, messages):
        self.open()  # as the SMTP backend opens a connection when it has none
        return super().send_messages(messages)


@pytest.fixture
def partners(own_centre):
    found = [PartnerFactory(name=f"Partenaire {n}", email=f"p{n}@ex.org") for n in range(5)]
    for partner in found:
        partner.centres.add(own_centre)
    return found


def test_a_campaign_opens_one_connection_for_all_its_emails(settings, partners):
    settings.EMAIL_BACKEND = "tests.directory.test_campaign_mail.CountingBackend"
    opened.clear()

    report = start_campaign()

    assert len(mail.outbox) == 5 and len(report.sent) == 5
    assert opened == ["made", "open"]


def test_reminders_open_one_connection_and_a_dry_run_none(settings, partners):
    settings.EMAIL_BACKEND = "tests.directory.test_campaign_mail.CountingBackend"
    start_campaign(reminder_delay_days=1)
    Invitation.objects.update(sent_at="2020-01-01T00:00Z")
    opened.clear()

    assert len(send_reminders(dry_run=True)) == 5
    assert "open" not in opened
    opened.clear()
    assert len(send_reminders()) == 5
    assert opened == ["made", "open"]


def test_an_unreachable_mail_server_leaves_each_invitation_unsent(settings, partners):
    settings.EMAIL_BACKEND = "tests.directory.test_campaign_mail.UnreachableBackend"

    report = start_campaign()

    assert len(report.failed) == 5 and report.sent == []
    assert report.campaign.invitations.filter(sent_at__isnull=True).count() == 5
    assert mail.outbox == []
