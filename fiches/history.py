"""The history of what a sheet is made of beyond its own fields: a project sheet's actions,
partners and timeline, an action's files.

Each of these rows (a sheet's *children*, edited as inlines of its admin page) has its own
django-simple-history records. This module reads them as part of the sheet's history, for
the sheet's history page, and puts them back when the sheet is reverted to a version.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.history_display import ONE_SAVE, plain_change, plain_value

HISTORY_TYPE_LABELS = {"+": _("ajout"), "~": _("modification"), "-": _("suppression")}


def parent_link(child_model, parent_model) -> models.ForeignKey:
    """The foreign key from a child to its sheet."""
    (link,) = (
        candidate
        for candidate in child_model._meta.concrete_fields
        if candidate.is_relation and candidate.related_model is parent_model
    )
    return link


# --- Reading ------------------------------------------------------------------------------


@dataclass
class ChildChange:
    """One change to one child of a sheet, in words."""

    record: models.Model  # the child's historical record: when, who, why and what kind
    kind: str  # what the child is: « Étape de l'échéancier »
    label: str  # the child as it reads after the change (as it read before, if deleted)
    # What changed, each in words (« Texte : « Avant » remplacé par « Après » »), or what
    # an added child holds (« Période : « Septembre » »); none for a deletion.
    changes: list[str] = field(default_factory=list)

    @property
    def operation(self) -> str:
        return HISTORY_TYPE_LABELS[self.record.history_type]


@dataclass
class ChildSave:
    """The changes one save of a sheet's form made to its children: one row of the page."""

    changes: list[ChildChange]  # latest first

    @property
    def record(self):
        """The save's latest record: its date, its author, its reason."""
        return self.changes[0].record


def child_changes(parent_model, parent_pk, child_models) -> list[ChildChange]:
    """Every recorded change to the children of one sheet, the latest first, each compared
    field by field with the child's previous record. One query per kind of child."""
    changes = []
    for model in child_models:
        link = parent_link(model, parent_model)
        pk_name = model._meta.pk.attname
        related = [
            tracked.name
            for tracked in model.history.model.tracked_fields
            if isinstance(tracked, models.ForeignKey) and tracked.name != link.name
        ]
        records = (
            model.history.filter(**{link.attname: parent_pk})
            .select_related("history_user", *related)
            .order_by(pk_name, "history_date", "history_id")
        )
        previous = None
        for record in records:
            if previous is not None and getattr(previous, pk_name) != getattr(record, pk_name):
                previous = None
            changes.append(_child_change(model, link, record, previous))
            previous = record
    changes.sort(key=lambda change: (change.record.history_date, change.record.history_id))
    return changes[::-1]


def child_saves(parent_model, parent_pk, child_models) -> list[ChildSave]:
    """:func:`child_changes` grouped by save, the latest first: the changes one person made
    to several children in one save of the sheet's form (or one import) make one row."""
    saves: list[ChildSave] = []
    for change in child_changes(parent_model, parent_pk, child_models):
        if saves and _same_save(saves[-1].changes[-1].record, change.record):
            saves[-1].changes.append(change)
        else:
            saves.append(ChildSave([change]))
    return saves


def _same_save(later, earlier) -> bool:
    return (
        later.history_user_id == earlier.history_user_id
        and (later.history_change_reason or "") == (earlier.history_change_reason or "")
        and later.history_date - earlier.history_date < ONE_SAVE
    )


def _child_change(model, link, record, previous) -> ChildChange:
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, foreign_keys_are_objs=True)
        changes = [plain_change(model, change) for change in delta.changes]
    elif record.history_type == "+":
        changes = [
            plain_value(model, name, getattr(record, name))
            for name in _shown_fields(model, link)
            if getattr(record, name) not in (None, "")
        ]
    else:  # a deletion, or the first record of a child older than its history
        changes = []
    return ChildChange(
        record=record,
        kind=capfirst(model._meta.verbose_name),
        label=str(record.instance),
        changes=changes,
    )


def _shown_fields(model, link) -> list[str]:
    """What an added child shows: the fields its form edits, but the link to its sheet."""
    return [
        tracked.name
        for tracked in model.history.model.tracked_fields
        if tracked.editable and not tracked.primary_key and tracked.name != link.name
    ]


# --- Restoring ----------------------------------------------------------------------------


@dataclass
class RestoredChildren:
    changed: int = 0  # children added back, changed back or deleted
    left_out: list[str] = field(default_factory=list)  # children that could not come back


@transaction.atomic
def restore_children(parent, version, child_models) -> RestoredChildren:
    """Puts the children of ``parent`` back as they were in ``version`` of it (one of its
    historical records), through the models, so that every change is recorded in the
    children's history (with the request's user and any ``change_reason`` block's reason).

    A version of a sheet stands from its date until the sheet's next version: the admin
    saves a sheet, then its inlines, so the children changed by a form are recorded just
    after the sheet itself. The children are therefore restored as they were just before
    the sheet's next version (as they are now, for the latest version):

    - a child changed since gets its values back; one deleted since is created again, with
      its id; one created since is deleted;
    - a child older than its history (created before it was kept) and unchanged since is
      left as it is: nothing says whether it existed then;
    - a child that cannot come back is left out and named in the result: it points to a
      record deleted since (a partner), or its key (its position, its partner) is held by a
      child that stays.

    A child whose key changed is deleted then created again rather than changed in place, so
    that no two rows hold the same key along the way (a swap of two positions).

    A deleted sheet brought back from its last version comes back alone: its children were
    deleted just before it, by the same deletion, so they were gone by its next record."""
    restored = RestoredChildren()
    following = version.next_record
    if following is None:
        return restored
    for model in child_models:
        link = parent_link(model, type(parent))
        _restore(model, link, parent.pk, before=following.history_date, restored=restored)
    return restored


def _restore(model, link, parent_pk, *, before, restored: RestoredChildren) -> None:
    pk_name = model._meta.pk.attname
    then = {
        child.pk: child
        for child in model.history.filter(history_date__lt=before)
        .latest_of_each()
        .as_instances()
        .filter(**{link.attname: parent_pk})
    }
    now = {child.pk: child for child in model._default_manager.filter(**{link.attname: parent_pk})}
    # A child with a record of its creation that was not there then was created since.
    created_since = set(
        model.history.filter(
            **{f"{pk_name}__in": sorted(now.keys() - then.keys())}, history_type="+"
        ).values_list(pk_name, flat=True)
    )
    gone = _pointing_to_deleted_records(model, link, then.values())
    target = {pk: child for pk, child in then.items() if pk not in gone}
    kept = {pk: child for pk, child in now.items() if pk not in target and pk not in created_since}
    left_out = [then[pk] for pk in gone]
    keys = _unique_keys(model, link)
    while clashing := [
        pk
        for pk, child in target.items()
        if any(
            _key_value(child, key) == _key_value(other, key)
            for other in kept.values()
            for key in keys
        )
    ]:
        for pk in clashing:
            left_out.append(target.pop(pk))
            if pk in now:
                kept[pk] = now[pk]

    to_delete = [child for pk, child in now.items() if pk not in target and pk not in kept]
    to_update, to_create = [], []
    values = [tracked.attname for tracked in model.history.model.tracked_fields]
    for pk, child in target.items():
        current = now.get(pk)
        if current is None:
            to_create.append(child)
        elif any(_key_value(child, key) != _key_value(current, key) for key in keys):
            to_delete.append(current)
            to_create.append(child)
        elif any(getattr(child, name) != getattr(current, name) for name in values):
            to_update.append(child)
    restored.changed += len({child.pk for child in [*to_delete, *to_update, *to_create]})
    for child in to_delete:
        child.delete()
    for child in to_update:
        child._state.adding = False
        child.save(force_update=True)
    for child in to_create:
        child.save(force_insert=True)
    restored.left_out.extend(str(child) for child in left_out)


def _unique_keys(model, link) -> list[tuple[str, ...]]:
    """The columns, besides the sheet, that no two children of a sheet may share."""
    return [
        tuple(
            model._meta.get_field(name).attname for name in constraint.fields if name != link.name
        )
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]


def _key_value(child, key: tuple[str, ...]) -> tuple:
    return tuple(getattr(child, name) for name in key)


def _pointing_to_deleted_records(model, link, children) -> set:
    """The ids of the children that point to a record deleted since, which they cannot point
    to again; an optional link to such a record is emptied instead."""
    children = list(children)
    gone = set()
    for relation in model._meta.concrete_fields:
        if not relation.is_relation or relation == link:
            continue
        target_field = relation.target_field
        wanted = {getattr(child, relation.attname) for child in children} - {None}
        existing = set(
            relation.related_model._default_manager.filter(
                **{f"{target_field.name}__in": wanted}
            ).values_list(target_field.attname, flat=True)
        )
        for child in children:
            if getattr(child, relation.attname) in existing | {None}:
                continue
            if relation.null:
                setattr(child, relation.attname, None)
            else:
                gone.add(child.pk)
    return gone
