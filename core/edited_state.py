"""What a change form edits, as a state that compares and travels in a signed hidden field:
the values of the record's fields that the form shows (its many-to-many links among them)
and of the rows of its inlines, in JSON types (related records by their key, files by their
name). See ``core.concurrency``."""

import json
from dataclasses import dataclass
from itertools import chain

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField, Model, QuerySet
from django.forms.models import model_to_dict


def edited_field_names(model, form_fields) -> tuple[str, ...]:
    """The model's fields that a form with ``form_fields`` edits, in the model's order."""
    opts = model._meta
    fields = chain(opts.concrete_fields, opts.private_fields, opts.many_to_many)
    return tuple(field.name for field in fields if field.editable and field.name in form_fields)


def plain_value(model_field, value):
    """A field's value, from a model or a form, as the state keeps it: related records by
    their key (links sorted), files by their name, text as it reads."""
    if isinstance(value, str):
        # A browser posts the lines of a text area ending in CRLF, and the form strips the
        # ends: text that differs only so reads, and saves, the same.
        return "\n".join(value.strip().splitlines())
    if model_field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in value or ())
    if isinstance(value, Model):
        return getattr(value, model_field.target_field.attname)
    if isinstance(value, File):
        return value.name or None
    if value is False and isinstance(model_field, FileField):  # the file was cleared
        return None
    return value


def plain_values(model, values: dict) -> dict:
    return {name: plain_value(model._meta.get_field(name), value) for name, value in values.items()}


def as_json(state: dict) -> dict:
    """The state as it comes back from the signed field: JSON types only."""
    return json.loads(json.dumps(state, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class EditedChildren:
    """The rows of one inline of a change form, as the form edits them."""

    key: str  # the inline formset's default prefix
    model: type[Model]
    link: str  # the foreign key from a row to the record
    fields: tuple[str, ...]
    rows: QuerySet  # the rows of this kind the user may see, of any record

    def state(self, record) -> dict:
        rows = self.rows.filter(**{self.link: record}).order_by("pk")
        return {
            str(row.pk): plain_values(self.model, model_to_dict(row, self.fields)) for row in rows
        }


def edited_state(record, field_values: dict, children) -> dict:
    """The state of ``record`` whose fields a form shows with ``field_values``, the rows of
    its inlines (``children``: :class:`EditedChildren`) as they are stored."""
    rows = {spec.key: spec.state(record) for spec in children}
    return as_json(
        {
            "fields": plain_values(type(record), field_values),
            # No rows and rows the user may not see are the same: nothing to overwrite.
            "children": {key: rows_of_kind for key, rows_of_kind in rows.items() if rows_of_kind},
        }
    )
