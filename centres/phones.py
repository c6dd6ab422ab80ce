"""A phone number as people write it, checked the same wherever a form takes one."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Digits, spaces, dots, hyphens, a leading +, brackets.
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s.()-]+$")


def clean_phone_number(phone: str) -> str:
    """The number on one line, single-spaced; a :class:`ValidationError` if it is not one."""
    phone = " ".join(phone.split())
    if phone and (not _PHONE_CHARACTERS.match(phone) or sum(c.isdigit() for c in phone) < 4):
        raise forms.ValidationError(
            _("Un numéro de téléphone s'écrit en chiffres : 01 30 00 00 00."), code="invalid"
        )
    return phone
