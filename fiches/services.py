"""Writes on the catalogue that span several records, each in one transaction, with their
side effects said here: a sheet's derived data (``fiches.derived``) follows its vocabularies.
"""

from collections.abc import Iterable

from django.db import transaction

from .derived import refresh_derived
from .models import Action, Vocabulary


@transaction.atomic
def save_vocabulary_entry(*, entry: Vocabulary) -> None:
    """Saves an entry, new or changed; a renamed entry is renamed in its sheets' search
    documents."""
    changed = entry.pk is not None
    entry.save()
    if changed:
        refresh_derived(actions=entry.actions.all())


@transaction.atomic
def delete_vocabulary_entries(*, entries: Iterable[Vocabulary]) -> int:
    """Deletes these entries (of one vocabulary); their sheets lose them, in their
    completeness and search documents too. Returns how many entries were deleted."""
    entries = list(entries)
    if not entries:
        return 0
    model = type(entries[0])
    pks = [entry.pk for entry in entries]
    field_name = model.actions.field.name  # the sheets' field: "keywords"…
    sheets = list(Action.objects.filter(**{f"{field_name}__in": pks}).values_list("pk", flat=True))
    deleted = model.objects.filter(pk__in=pks).delete()[1].get(model._meta.label, 0)
    refresh_derived(actions=sheets)
    return deleted


@transaction.atomic
def merge_vocabulary_entries(*, keep: Vocabulary, merged: Iterable[Vocabulary]) -> int:
    """Merges ``merged`` entries into ``keep``: every sheet filed under one of them is filed
    under ``keep`` instead, then they are deleted. Returns how many sheets were refiled.

    Each refiled sheet is saved once, so that its history shows the vocabulary it had and the
    one it has now, with the merge as the reason.
    """
    model = type(keep)
    merged = list(merged)
    if any(type(entry) is not model for entry in merged):
        raise ValueError("Seules des entrées d'un même vocabulaire peuvent être fusionnées.")
    others = [entry for entry in merged if entry.pk != keep.pk]
    if not others:
        return 0
    other_pks = [entry.pk for entry in others]
    # Lock the entries so that no sheet is filed under one of them while they are merged.
    list(model.objects.select_for_update().filter(pk__in=[keep.pk, *other_pks]))
    reason = "Fusion de {} dans « {} »".format(", ".join(f"« {entry} »" for entry in others), keep)
    refiled_sheets = set()
    for relation in model._meta.related_objects:
        if not relation.many_to_many:
            continue
        field = relation.field  # e.g. Action.keywords
        through = field.remote_field.through
        sheet_column = f"{field.m2m_field_name()}_id"
        entry_column = f"{field.m2m_reverse_field_name()}_id"
        links = through.objects.filter(**{f"{entry_column}__in": other_pks})
        sheet_pks = set(links.values_list(sheet_column, flat=True))
        already_kept = set(
            through.objects.filter(
                **{entry_column: keep.pk, f"{sheet_column}__in": sheet_pks}
            ).values_list(sheet_column, flat=True)
        )
        through.objects.bulk_create(
            through(**{sheet_column: pk, entry_column: keep.pk})
            for pk in sorted(sheet_pks - already_kept)
        )
        links.delete()
        for sheet in field.model._default_manager.filter(pk__in=sheet_pks):
            sheet._change_reason = reason[:100]
            sheet.save()
        refiled_sheets.update(sheet_pks)
    model.objects.filter(pk__in=other_pks).delete()
    refresh_derived(actions=refiled_sheets)
    return len(refiled_sheets)
