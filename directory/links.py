"""A partner's personal update link: signed, dated, for one invitation of one partner, no
account needed.

The token carries the invitation and its partner, signed with the site's secret under a salt
of its own (a token of another part of the site is no link) and with the time it was made:
it works for the campaign's ``link_validity_days``. A reminder sends a fresh one. Nothing is
stored to check it, and it cannot be guessed or changed: a changed letter breaks the
signature.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Invitation

LINK_SALT = "directory.links.partner-update"


class LinkTampered(Exception):
    """The token is not one the site signed, or not for this partner."""


class LinkExpired(Exception):
    """A true link, too old: says to whom it was sent, to offer a new one."""

    def __init__(self, invitation: Invitation):
        super().__init__(f"update link of invitation {invitation.pk} expired")
        self.invitation = invitation


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT)


def link_token(invitation: Invitation) -> str:
    return _signer().sign_object({"i": invitation.pk, "p": invitation.partner_id})


def link_path(invitation: Invitation) -> str:
    return reverse(
        "directory:partner_update",
        kwargs={"slug": invitation.partner.slug, "token": link_token(invitation)},
    )


def link_url(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{link_path(invitation)}"


def invitation_for(token: str, slug: str) -> Invitation:
    """The invitation the token was signed for, if it is intact, for the partner of ``slug``
    and not expired; :class:`LinkTampered` or :class:`LinkExpired` otherwise."""
    signer = _signer()
    try:
        payload = signer.unsign_object(token)
    except signing.BadSignature:
        raise LinkTampered from None
    if not isinstance(payload, dict):
        raise LinkTampered
    invitation = (
        Invitation.objects.select_related("partner", "campaign__centre")
        .filter(pk=payload.get("i"), partner_id=payload.get("p"))
        .first()
    )
    if invitation is None or invitation.partner.slug != slug:
        raise LinkTampered
    try:
        signer.unsign_object(token, max_age=timedelta(days=invitation.campaign.link_validity_days))
    except signing.SignatureExpired:
        raise LinkExpired(invitation) from None
    return invitation
