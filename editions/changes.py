"""« Ce qui a changé depuis l'édition précédente »: partners added and removed, and each
field changed, in words, between two states of a directory."""

from __future__ import annotations

from dataclasses import dataclass

from .booklet import BookletEntry
from .snapshot import PUBLIC_FIELDS, field_label, shown_value


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PartnerChanges:
    name: str
    former_name: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class DirectoryChanges:
    added: list[str]
    removed: list[str]
    changed: list[PartnerChanges]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(before: list[BookletEntry], after: list[BookletEntry]) -> DirectoryChanges:
    """What changed from ``before`` to ``after``; a partner is the same partner under a new
    name (entries are matched by partner, not by name). Names in the directory's order."""
    old = {entry.partner_id: entry.fields for entry in before}
    new = {entry.partner_id: entry.fields for entry in after}
    changed = []
    for partner_id, fields in new.items():
        if partner_id not in old:
            continue
        differences = [
            FieldChange(
                field_label(name),
                shown_value(name, old[partner_id].get(name, "")),
                shown_value(name, fields.get(name, "")),
            )
            for name in PUBLIC_FIELDS
            if old[partner_id].get(name, "") != fields.get(name, "")
        ]
        if differences:
            changed.append(PartnerChanges(fields["name"], old[partner_id]["name"], differences))
    return DirectoryChanges(
        added=[fields["name"] for partner_id, fields in new.items() if partner_id not in old],
        removed=[fields["name"] for partner_id, fields in old.items() if partner_id not in new],
        changed=changed,
    )
