"""Starting an update campaign and reminding the partners who did not answer: the service
behind the admin's page and the ``partner_campaign`` and ``partner_campaign_reminders``
commands.

The records are written in one transaction; the emails are sent after it, one by one over
one connection to the mail server (a new one for each message made a directory of hundreds
of partners wait minutes), each invitation marked sent once its message left (a failed send
leaves it unsent, listed on the campaign's page, and the others go on).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.enums import FollowUpState
from centres.models import Centre, Partner
from centres.permissions import managed_centre_ids
from core.history import change_reason
from core.publication import PublicationState

from .links import link_url
from .models import Campaign, Invitation

logger = logging.getLogger(__name__)

NO_EMAIL_NOTE = "Pas de courriel pour la mise à jour annuelle"
NO_EMAIL_REASON = "Campagne de mise à jour : pas de courriel"


@dataclass
class CampaignReport:
    campaign: Campaign | None  # none for a dry run
    sent: list[Partner] = field(default_factory=list)
    without_email: list[Partner] = field(default_factory=list)
    failed: list[Partner] = field(default_factory=list)


def may_start_campaign(user, centre: Centre | None) -> bool:
    """Coordinators start any campaign; a centre's team, those of its own centres."""
    centre_ids = managed_centre_ids(user)
    if centre_ids is None:
        return True
    return centre is not None and centre.pk in centre_ids


def campaign_partners(centre: Centre | None):
    """The partners a campaign writes to: those of ``centre`` (all, without one), but the
    archived ones."""
    partners = Partner.objects.exclude(publication_state=PublicationState.ARCHIVED)
    if centre is not None:
        partners = partners.filter(centres=centre)
    return partners.order_by("name", "pk")


def start_campaign(
    *,
    centre: Centre | None = None,
    started_by=None,
    dry_run: bool = False,
    reminder_delay_days: int | None = None,
    link_validity_days: int | None = None,
) -> CampaignReport:
    """Sends every partner of ``centre`` (of the whole directory, without one) its personal
    update link; lists those without email and marks them « à relancer ». A dry run writes
    and sends nothing: it says what would be done."""
    if started_by is not None and not may_start_campaign(started_by, centre):
        raise PermissionDenied(_("Vous ne pouvez lancer une campagne que pour vos centres."))
    partners = list(campaign_partners(centre))
    report = CampaignReport(
        campaign=None,
        sent=[partner for partner in partners if partner.email],
        without_email=[partner for partner in partners if not partner.email],
    )
    if dry_run:
        return report
    with transaction.atomic():
        report.campaign = Campaign.objects.create(
            centre=centre,
            started_by=started_by,
            reminder_delay_days=reminder_delay_days or settings.PARTNER_CAMPAIGN_REMINDER_DAYS,
            link_validity_days=link_validity_days or settings.PARTNER_LINK_VALIDITY_DAYS,
        )
        invitations = Invitation.objects.bulk_create(
            Invitation(campaign=report.campaign, partner=partner, email=partner.email)
            for partner in partners
        )
        with change_reason(NO_EMAIL_REASON):
            for partner in report.without_email:
                partner.follow_up_state = FollowUpState.TO_CHASE
                partner.follow_up_note = NO_EMAIL_NOTE
                partner.save(update_fields=["follow_up_state", "follow_up_note", "updated_at"])
    with _one_mail_connection() as connection:
        for invitation in invitations:
            if invitation.email and not send_invitation(invitation, connection=connection):
                report.failed.append(invitation.partner)
    report.sent = [partner for partner in report.sent if partner not in report.failed]
    return report


def send_invitation(invitation: Invitation, *, reminder: bool = False, connection=None) -> bool:
    """Sends the partner its link (a fresh one), over ``connection`` if given; records when.
    False if the send failed."""
    campaign = invitation.campaign
    context = {
        "partner": invitation.partner,
        "link": link_url(invitation),
        "validity_days": campaign.link_validity_days,
        "reminder": reminder,
        "sender": campaign.centre or settings.PUBLISHER_NAME,
    }
    subject = _("Votre fiche dans l'annuaire des partenaires : %(name)s") % {
        "name": invitation.partner.name
    }
    if reminder:
        subject = _("Relance — %(subject)s") % {"subject": subject}
    body = render_to_string("directory/emails/invitation.txt", context)
    try:
        EmailMessage(subject, body, None, [invitation.email], connection=connection).send()
    except Exception:  # an SMTP error: this partner is left unsent, the others go on
        logger.exception("The update link of invitation %s could not be sent", invitation.pk)
        return False
    now = timezone.now()
    if reminder:
        Invitation.objects.filter(pk=invitation.pk).update(reminded_at=now)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)
    return True


@contextmanager
def _one_mail_connection(*, opened: bool = True) -> Iterator:
    """One connection to the mail server for many messages. When it cannot be opened now,
    each message tries again on its own, and fails alone, as without it."""
    connection = get_connection()
    if opened:
        try:
            connection.open()
        except Exception:  # an SMTP error: logged, and each message tries again
            logger.exception("The mail server could not be reached")
    try:
        yield connection
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("The connection to the mail server could not be closed")


def send_reminders(*, now=None, dry_run: bool = False) -> list[Invitation]:
    """Reminds, once, every partner who has not answered its campaign's link within the
    campaign's delay. Each invitation is claimed (its ``reminded_at`` set) before its email
    goes, by an update that only one run can win: running it twice, or two at once, sends
    no reminder twice."""
    now = now or timezone.now()
    reminded = []
    campaigns = Campaign.objects.filter(
        invitations__sent_at__isnull=False,
        invitations__answered_at__isnull=True,
        invitations__reminded_at__isnull=True,
    ).distinct()
    with _one_mail_connection(opened=not dry_run) as connection:
        for campaign in campaigns:
            for invitation in Invitation.objects.due_a_reminder(campaign, now).select_related(
                "partner", "campaign__centre"
            ):
                if dry_run:
                    reminded.append(invitation)
                    continue
                claimed = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True)
                if claimed.update(reminded_at=now) and send_invitation(
                    invitation, reminder=True, connection=connection
                ):
                    reminded.append(invitation)
    return reminded
