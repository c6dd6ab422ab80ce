"""Why a save was refused: what changed in a record between the version a change form
started from and the version stored, next to what the form posted, as the user reads it
(see ``core.concurrency``)."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .edited_state import EditedChildren, plain_value

EMPTY = _("(vide)")
ABSENT = _("(absent)")
DELETED = _("(supprimé)")
DELETED_BY_YOU = _("(supprimé par vous)")
NOT_IN_FORM = _("(pas dans votre formulaire)")


@dataclass(frozen=True)
class Difference:
    """One line of the table that explains a refusal."""

    label: str
    started_from: str
    stored: str
    submitted: str


def shown(model_field, value) -> str:
    """A value of the state, as the user reads it."""
    if value is None or value == "" or value == []:
        return str(EMPTY)
    related_model = model_field.related_model
    if model_field.many_to_many:
        related = related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related))
    if model_field.is_relation:
        key = model_field.target_field.attname
        related = related_model._base_manager.filter(**{key: value}).first()
        return str(related) if related is not None else _("n° %(key)s, supprimé") % {"key": value}
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    return str(value)


def submitted(form, model_field) -> str:
    """What ``form`` posted for the field: its cleaned value, or what was typed if it is
    not valid."""
    cleaned_data = getattr(form, "cleaned_data", {})
    if model_field.name in cleaned_data:
        return shown(model_field, plain_value(model_field, cleaned_data[model_field.name]))
    if model_field.name not in form.fields:
        return str(NOT_IN_FORM)
    value = form[model_field.name].value()
    return ", ".join(map(str, value)) if isinstance(value, list) else shown(model_field, value)


def lines(model, names, value_of) -> str:
    """Fields of a row of an inline, one a line: « Titre : Sortie au musée »."""
    fields = [model._meta.get_field(name) for name in names]
    return "\n".join(f"{capfirst(field.verbose_name)} : {value_of(field)}" for field in fields)


def row_lines(model, row: dict) -> str:
    """A row of an inline as a state keeps it."""
    return lines(model, row, lambda field: shown(field, row[field.name]))


def row_label(model, pk: str, values: dict) -> str:
    """A row of an inline as its ``__str__`` names it, even if it is deleted."""
    row = model(pk=pk, **{model._meta.get_field(name).attname: value
                           for name, value in values.items()})  # fmt: skip
    try:
        label = str(row)
    except ObjectDoesNotExist:  # it names itself after a deleted record
        label = ""
    return f"{capfirst(model._meta.verbose_name)} « {label or f'n° {pk}'} »"


class PostedRow:
    """What the user's form posted for a row of an inline, if anything."""

    def __init__(self, form):
        self.form = form

    def unposted(self) -> str | None:
        """Why the form posted no values for the row, if it did not."""
        if self.form is None:
            return str(NOT_IN_FORM)
        if getattr(self.form, "cleaned_data", {}).get(DELETION_FIELD_NAME):
            return str(DELETED_BY_YOU)
        return None

    def value(self, field) -> str:
        return self.unposted() or submitted(self.form, field)

    def lines(self, names) -> str:
        return self.unposted() or lines(type(self.form.instance), names, self.value)


@dataclass(frozen=True)
class EditConflict:
    """The state a refused form started from and the state stored when it was posted."""

    model: type[Model]
    started_from: dict
    stored: dict

    def differences(self, form, formsets) -> list[Difference]:
        """What changed between the two states, with what ``form`` and the inline
        ``formsets`` (bound, validated) posted."""
        before, now = self.started_from["fields"], self.stored["fields"]
        differences = [
            Difference(
                capfirst(field.verbose_name),
                shown(field, before.get(name)),
                shown(field, now.get(name)),
                submitted(form, field),
            )
            for name in dict.fromkeys([*before, *now])
            if before.get(name) != now.get(name)
            for field in [self.model._meta.get_field(name)]
        ]
        for spec in form.edited_children:
            formset = next((fs for fs in formsets if fs.get_default_prefix() == spec.key), None)
            differences += self.child_differences(spec, formset)
        return differences

    def child_differences(self, spec: EditedChildren, formset) -> list[Difference]:
        before = self.started_from["children"].get(spec.key, {})
        now = self.stored["children"].get(spec.key, {})
        pk_name = spec.model._meta.pk.name
        posted_forms = {
            str(child_form[pk_name].value()): child_form
            for child_form in (formset.initial_forms if formset is not None else [])
        }
        differences = []
        for pk in dict.fromkeys([*now, *before]):
            label = row_label(spec.model, pk, now.get(pk) or before[pk])
            posted = PostedRow(posted_forms.get(pk))
            if pk not in before:  # added meanwhile: the save leaves it alone
                stored_row = row_lines(spec.model, now[pk])
                differences.append(Difference(label, str(ABSENT), stored_row, str(NOT_IN_FORM)))
            elif pk not in now:  # deleted meanwhile
                started_row = row_lines(spec.model, before[pk])
                deleted = str(DELETED)
                differences.append(
                    Difference(label, started_row, deleted, posted.lines(before[pk]))
                )
            else:
                differences += [
                    Difference(
                        f"{label} : {field.verbose_name}",
                        shown(field, before[pk][name]),
                        shown(field, now[pk].get(name)),
                        posted.value(field),
                    )
                    for name in before[pk]
                    if before[pk][name] != now[pk].get(name)
                    for field in [spec.model._meta.get_field(name)]
                ]
        return differences
