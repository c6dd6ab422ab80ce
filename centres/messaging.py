"""Messages a visitor sends a centre through the site, which relays them by email so that
the centre's address is never published (scrapers would harvest it).

No record of a relayed message is kept in the database: the message lives in the centre's
mailbox, where the centre answers it, and the site has no use for a copy of a stranger's
name, address and words (data minimisation, GDPR art. 5.1.c). What the site does keep is a
count per client address for an hour, hashed (``core.anti_spam``), and one line of log
saying which centre got a message, without its sender.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .models import Centre

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VisitorMessage:
    sender_name: str
    sender_email: str
    body: str
    # The sheet the visitor was reading, if the form was opened from one.
    about_title: str = ""
    about_url: str = ""


def relay_to_centre(*, centre: Centre, message: VisitorMessage, site_url: str) -> None:
    """Email ``message`` to ``centre``, the visitor's address as Reply-To: the centre's
    answer goes straight to the visitor, and the visitor never learns the centre's address
    unless the centre answers."""
    if not centre.email:
        raise ValueError(f"{centre} has no email address to relay a message to")
    context = {"centre": centre, "message": message, "site_url": site_url}
    subject = render_to_string("centres/emails/visitor_message_subject.txt", context)
    email = EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=render_to_string("centres/emails/visitor_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[centre.email],
        reply_to=[message.sender_email],
    )
    email.send()
    logger.info("Message relayed to the centre %s", centre.slug)
