"""A record's history page in plain French: one row per save, its changes in words.

django-simple-history writes a record per save of a record and another per many-to-many
field the save changed (a sheet saved with its vocabularies makes several), and shows
each change as ``old → new``, long texts cut as ``[65 chars]``. Here a record and those
that followed it within the second only to add its links make one row, whose changes are
read against the row before, and each change says what happened: « Publics : ajouté
« familles » », « Titre : « Avant » remplacé par « Après » », « Résumé : modifié (65
caractères, désormais 80) ».
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import ManyToManyField
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

# The records of one save are written this close together.
ONE_SAVE = timedelta(seconds=1)
# A value this short, on one line, is quoted whole; a longer one is told by its length.
QUOTED_LENGTH = 80


def quoted(value) -> str:
    return f"« {value} »"


def group_saves(records: list) -> list[list]:
    """``records`` (latest first) in groups, latest first, each the records of one save: a
    record and those that followed it only to add its many-to-many links."""
    groups: list[list] = []
    for record in reversed(records):
        if groups and is_follow_up(record, groups[-1][0]):
            groups[-1].insert(0, record)
        else:
            groups.append([record])
    groups.reverse()
    return groups


def is_follow_up(record, previous) -> bool:
    """Whether ``record`` only records the many-to-many links of the save that wrote
    ``previous``: the same person, within :data:`ONE_SAVE`, nothing else changed."""
    if (
        record.history_type != "~"
        or record.history_user_id != previous.history_user_id
        or record.history_date - previous.history_date >= ONE_SAVE
    ):
        return False
    links = {field.name for field in getattr(type(record), "_history_m2m_fields", ())}
    return bool(links) and set(record.diff_against(previous).changed_fields) <= links


def displayed(field, value) -> str:
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def plain_change(model, change) -> str:
    """One field's change, in words."""
    field = model._meta.get_field(change.field)
    label = capfirst(field.verbose_name)
    if isinstance(field, ManyToManyField):
        entry = get_m2m_reverse_field_name(field)
        old = [str(row[entry]) for row in change.old or []]
        new = [str(row[entry]) for row in change.new or []]
        parts = [
            _("ajouté %(entry)s") % {"entry": quoted(value)} for value in new if value not in old
        ]
        parts += [
            _("retiré %(entry)s") % {"entry": quoted(value)} for value in old if value not in new
        ]
        return f"{label} : {', '.join(parts)}"
    return plain_value_change(label, displayed(field, change.old), displayed(field, change.new))


def plain_value_change(label: str, old: str, new: str) -> str:
    """A value's change, in words: « Titre : « Avant » remplacé par « Après » »; a long
    text by its length."""
    if not old and not new:
        return _("%(field)s : inchangé") % {"field": label}
    if not new:
        if is_short(old):
            return _("%(field)s : vidé (était %(old)s)") % {"field": label, "old": quoted(old)}
        return _("%(field)s : vidé") % {"field": label}
    if not old:
        if is_short(new):
            return _("%(field)s : rempli, %(new)s") % {"field": label, "new": quoted(new)}
        return _("%(field)s : rempli (%(new)d caractères)") % {"field": label, "new": len(new)}
    if is_short(old) and is_short(new):
        return _("%(field)s : %(old)s remplacé par %(new)s") % {
            "field": label,
            "old": quoted(old),
            "new": quoted(new),
        }
    return _("%(field)s : modifié (%(old)d caractères, désormais %(new)d)") % {
        "field": label,
        "old": len(old),
        "new": len(new),
    }


def plain_value(model, name: str, value) -> str:
    """A field of a record just added, in words: « Période : « Septembre » »."""
    field = model._meta.get_field(name)
    label, shown = capfirst(field.verbose_name), displayed(field, value)
    if is_short(shown):
        return f"{label} : {quoted(shown)}"
    return _("%(field)s : %(count)d caractères") % {"field": label, "count": len(shown)}


def is_short(text: str) -> bool:
    return len(text) <= QUOTED_LENGTH and "\n" not in text


class PlainHistoryAdminMixin:
    """A SimpleHistoryAdmin whose history page lists one row per save, in French words."""

    object_history_list_template = "simple_history/plain_object_history_list.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        groups = group_saves(list(historical_records))
        # A record created outside the workspace may have no history at all.
        for group, before in zip(groups, [*groups[1:], None][: len(groups)], strict=True):
            latest = group[0]
            latest.folded_into_row_above = False
            for folded in group[1:]:
                folded.folded_into_row_above = True
            latest.save_operation = save_operation(group)
            latest.save_reason = next(
                (record.history_change_reason for record in group if record.history_change_reason),
                "",
            )
            if before is None:
                latest.plain_changes = []
                continue
            delta = latest.diff_against(before[0], foreign_keys_are_objs=foreign_keys_are_objs)
            latest.plain_changes = [plain_change(self.model, change) for change in delta.changes]


def save_operation(group: list) -> str:
    types = {record.history_type for record in group}
    if "+" in types:
        return _("Création")
    if "-" in types:
        return _("Suppression")
    return _("Modification")
