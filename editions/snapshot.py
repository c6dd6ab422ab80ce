"""What an edition of the « Outil Partenaires » keeps of each partner: its public fields,
declared once here. The booklet prints them, the snapshot stores them, the list of changes
names them, all from :data:`PUBLIC_FIELDS`.

Internal follow-up, notes and contact persons are not public fields: they are never printed
nor kept in an edition.
"""

from __future__ import annotations

from centres.enums import PartnerCategory
from centres.models import Partner

# The partner's public fields, in the order a booklet's entry shows them.
PUBLIC_FIELDS = (
    "name",
    "acronym",
    "expanded_name",
    "category",
    "missions",
    "services",
    "public_served",
    "address",
    "postcode",
    "commune",
    "insee_code",
    "phone",
    "email",
    "website",
    "opening_hours",
)


def field_label(name: str) -> str:
    """The field's French name, as the workspace's forms say it (« téléphone »)."""
    return str(Partner._meta.get_field(name).verbose_name)


def snapshot_of(partner: Partner) -> dict[str, str]:
    """The partner's public fields as they are now, plain strings (JSON as it is stored)."""
    return {name: str(getattr(partner, name) or "") for name in PUBLIC_FIELDS}


def category_label(value: str) -> str:
    """A category's name; a category no longer offered is shown as it was stored."""
    try:
        return str(PartnerCategory(value).label)
    except ValueError:
        return value


def shown_value(name: str, value: str) -> str:
    """A stored value as a reader reads it (a category by its name)."""
    return category_label(value) if name == "category" else value
