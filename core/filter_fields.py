"""How the public lists' filters read their values from the URL: leniently. Values that match
nothing (a renamed keyword in a bookmark) are dropped rather than turned into an error, so
that an old URL still opens; so are values with control characters, which no record is named
by (and a NUL, which PostgreSQL refuses in any text, would otherwise reach the database).
"""

import re

from django import forms

# C0 and C1 control characters, NUL included: in no name, no slug, no label.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ValuesField(forms.Field):
    """The values of a repeated GET parameter, without duplicates nor control characters;
    with ``choices``, only those among them."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices=None, **kwargs):
        self.valid_values = None if choices is None else {str(value) for value, _ in choices}
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        values = dict.fromkeys(
            item
            for item in (str(item).strip() for item in values)
            if item and not CONTROL_CHARACTERS.search(item)
        )
        if self.valid_values is not None:
            values = {item: None for item in values if item in self.valid_values}
        return list(values)


class ObjectsField(ValuesField):
    """The objects of ``queryset`` whose ``to_field_name`` is among the values."""

    def __init__(self, *, queryset, to_field_name="slug", **kwargs):
        self.queryset, self.to_field_name = queryset, to_field_name
        super().__init__(**kwargs)

    def to_python(self, value):
        keys = super().to_python(value)
        if not keys:
            return []
        found = {
            getattr(item, self.to_field_name): item
            for item in self.queryset.filter(**{f"{self.to_field_name}__in": keys})
        }
        return [found[key] for key in keys if key in found]


class LenientChoiceField(forms.ChoiceField):
    """One choice, or ``""`` for a value that is not one (never an error)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""

    def validate(self, value):
        pass
