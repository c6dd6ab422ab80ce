"""``/.well-known/security.txt`` (RFC 9116): where to report a security flaw, as the
publisher of the site set it in ``SECURITY_CONTACT``. Without a contact there is no file."""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

# RFC 9116 wants an expiry date, less than a year ahead, after which a copy is stale. The
# contacts are read from the running site's settings at each request, so the date is
# recomputed too: a short one sends those who kept a copy back for the current contacts.
VALIDITY = timedelta(days=30)


def contact_uri(contact: str) -> str:
    """``securite@example.org`` as ``mailto:securite@example.org``; URIs as they are."""
    if ":" not in contact and "@" in contact:
        return f"mailto:{contact}"
    return contact


@require_GET
def security_txt(request):
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is set (SECURITY_CONTACT).")
    expires = (timezone.now() + VALIDITY).astimezone(UTC).replace(microsecond=0)
    lines = [
        *(f"Contact: {contact_uri(contact)}" for contact in settings.SECURITY_CONTACT),
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
