"""Guards of a form that anyone may post, without a third party (no CAPTCHA service that
would learn who visits the site): a signed timestamp, a limit per address, and a honeypot
field (``core.anti_spam.HoneypotFormMixin``).

- The **stamp** is the time the form was shown, signed with ``SECRET_KEY``: a form posted
  sooner than ``CONTACT_FORM_MIN_SECONDS`` after it was shown was filled by a machine, one
  posted after ``CONTACT_FORM_MAX_AGE_SECONDS`` is a stale page (or a stamp collected once
  and replayed by a script).
- The **limit** counts the posts of one client address in the shared cache (Redis in
  production, so every process counts together) for an hour. Only a digest of the address is
  kept, and only for that hour.
"""

from __future__ import annotations

import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .login_throttling import client_ip_address

_STAMP_SALT = "core.anti_spam.form-stamp"
RATE_LIMIT_WINDOW_SECONDS = 3600


def form_stamp(now: float | None = None) -> str:
    """A signed token of the moment the form is shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=_STAMP_SALT)


def stamp_error(stamp: str, now: float | None = None) -> str | None:
    """Why a posted stamp is refused (a sentence for the person), or ``None`` if it is good."""
    now = now if now is not None else time.time()
    try:
        shown_at = signing.loads(stamp, salt=_STAMP_SALT)
    except signing.BadSignature:
        return str(_("Le formulaire n'a pas pu être vérifié : rechargez la page et réessayez."))
    if not isinstance(shown_at, int) or now - shown_at > settings.CONTACT_FORM_MAX_AGE_SECONDS:
        return str(_("Le formulaire a expiré : vérifiez votre message et envoyez-le de nouveau."))
    if now - shown_at < settings.CONTACT_FORM_MIN_SECONDS:
        return str(
            _(
                "Le formulaire a été envoyé trop vite après son affichage : relisez votre "
                "message et envoyez-le de nouveau."
            )
        )
    return None


def _rate_key(scope: str, request) -> str:
    address = client_ip_address(request) or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"anti-spam:{scope}:{digest}"


def count_post(scope: str, request, limit: int) -> bool:
    """Count one post of this client for ``scope``; whether it stays within ``limit`` posts
    in the hour (the window starts at the first post)."""
    return increment_counter(_rate_key(scope, request), RATE_LIMIT_WINDOW_SECONDS) <= limit


def increment_counter(key: str, timeout: int) -> int:
    """One more under ``key`` in the shared cache (incremented atomically, so that every
    process counts together); a new count opens for ``timeout`` seconds. The count now."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this one opens a new count
        cache.set(key, 1, timeout)
        return 1


class HoneypotFormMixin(forms.Form):
    """A field hidden from people (by the style sheet, and labelled so that anyone who
    reaches it leaves it alone) that form-filling robots fill; and the signed stamp."""

    # Named as a field robots like to fill; people never see it.
    homepage = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def caught_in_honeypot(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage"), "").strip())

    def clean_stamp(self):
        stamp = self.cleaned_data["stamp"]
        error = stamp_error(stamp)
        if error:
            raise forms.ValidationError(error, code="stamp")
        return stamp
