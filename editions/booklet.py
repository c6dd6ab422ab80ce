"""The booklet of the « Outil Partenaires »: a directory, live or as an edition froze it,
as the printed page and the PDF show it (cover, contents by category, one entry per
partner, the edition and its validation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from centres.enums import PartnerCategory
from centres.models import Centre
from core.dates import french_date

from .models import DirectoryEdition
from .services import directory_partners
from .snapshot import category_label, snapshot_of


@dataclass(frozen=True)
class BookletEntry:
    partner_id: int
    fields: dict[str, str]

    @property
    def anchor(self) -> str:
        return f"partenaire-{self.partner_id}"

    @property
    def name(self) -> str:
        return self.fields["name"]

    @property
    def town(self) -> str:
        """« 78000 Versailles »: the postcode and the commune of the address."""
        return " ".join(part for part in (self.fields["postcode"], self.fields["commune"]) if part)


@dataclass(frozen=True)
class BookletCategory:
    value: str
    entries: list[BookletEntry]

    @property
    def label(self) -> str:
        return category_label(self.value)

    @property
    def anchor(self) -> str:
        return f"categorie-{self.value}"


@dataclass(frozen=True)
class Booklet:
    centre: Centre | None
    edition: DirectoryEdition | None
    entries: list[BookletEntry]
    on: date  # the day of the edition's validation, or today for the live directory

    @property
    def title(self) -> str:
        if self.edition is not None:
            return self.edition.title
        scope = self.centre.display_name if self.centre else _("tous les partenaires")
        return f"Outil Partenaires — {scope}"

    @property
    def validation_line(self) -> str:
        if self.edition is not None:
            return self.edition.validation_line
        return _("Édition de travail, non validée : l'annuaire tel qu'il est le %(date)s.") % {
            "date": french_date(self.on)
        }

    @property
    def categories(self) -> list[BookletCategory]:
        """The entries by category, in the directory's order of categories."""
        by_value: dict[str, list[BookletEntry]] = {}
        for entry in self.entries:
            by_value.setdefault(entry.fields["category"], []).append(entry)
        order = {value: rank for rank, value in enumerate(PartnerCategory.values)}
        values = sorted(by_value, key=lambda value: (order.get(value, len(order)), value))
        return [BookletCategory(value, by_value[value]) for value in values]


def live_entries(centre: Centre | None) -> list[BookletEntry]:
    return [
        BookletEntry(partner.pk, snapshot_of(partner)) for partner in directory_partners(centre)
    ]


def edition_entries(edition: DirectoryEdition) -> list[BookletEntry]:
    return [BookletEntry(entry.partner_id, entry.snapshot) for entry in edition.entries.all()]


def booklet_of(centre: Centre | None, edition: DirectoryEdition | None, today: date) -> Booklet:
    if edition is None:
        return Booklet(centre, None, live_entries(centre), today)
    return Booklet(edition.centre, edition, edition_entries(edition), edition.validated_on)
