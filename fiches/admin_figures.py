"""The figures read from a sheet's text (``fiches.models.figures``) in its change form: each
under the text it is read from, and kept as set once a coordinator changes it."""

from parsing.figures import FIGURES, FIGURES_BY_SOURCE


def fields_of_heading(field: str) -> list:
    """A heading's field, then the figure read from it (its value and note on one line, then
    whether it was set by hand)."""
    figure = FIGURES_BY_SOURCE.get(field)
    if figure is None:
        return [field]
    return [field, (figure.value_field, figure.note_field), figure.set_by_hand_field]


class FiguresFormMixin:
    """A figure or its note changed in the form is set by hand from then on, unless the box
    "saisi à la main" was unticked in the same save (the figure is then read again)."""

    def clean(self):
        cleaned = super().clean()
        for figure in FIGURES:
            changed = {figure.value_field, figure.note_field} & set(self.changed_data)
            if changed and figure.set_by_hand_field not in self.changed_data:
                cleaned[figure.set_by_hand_field] = True
        return cleaned
