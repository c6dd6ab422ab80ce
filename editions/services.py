"""Writes of the editions: the validation that freezes an edition."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from centres.models import Centre, Partner

from .models import DirectoryEdition, EditionEntry
from .snapshot import snapshot_of


def directory_partners(centre: Centre | None):
    """The partners a booklet prints: the published ones (of the centre, when one is named),
    in the directory's order (by category, then by name)."""
    partners = Partner.objects.published()
    if centre is not None:
        partners = partners.filter(centres=centre)
    return partners.in_directory_order()


@transaction.atomic
def validate_directory(
    *,
    centre: Centre | None,
    validated_by: str,
    validated_on: date,
    year: int | None = None,
    recorded_by=None,
) -> DirectoryEdition:
    """Records the validation of a directory and freezes its edition: each partner's public
    fields as they are now, in one transaction (an edition is whole or not at all)."""
    edition = DirectoryEdition.objects.create(
        centre=centre,
        year=year or validated_on.year,
        validated_by=validated_by,
        validated_on=validated_on,
        recorded_by=recorded_by,
    )
    EditionEntry.objects.bulk_create(
        EditionEntry(edition=edition, position=position, partner_id=partner.pk,
                     snapshot=snapshot_of(partner))
        for position, partner in enumerate(directory_partners(centre), start=1)
    )  # fmt: skip
    return edition
