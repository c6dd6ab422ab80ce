"""What the public pages need to show a sheet's figures (``parsing.figures``) beside their
source text."""

from dataclasses import dataclass

from django.utils.text import Truncator

from parsing.figures import FIGURES_BY_SOURCE
from parsing.numbers import grouped

from .models import Action

# The source text quoted beside its figure is cut at this many characters.
QUOTED_SOURCE_LENGTH = 90


@dataclass(frozen=True)
class ShownFigure:
    """A figure as a sheet's page shows it under its heading: "Budget : 300 € (d'après :
    « 50 x 6= 300€ »)"."""

    label: str
    value: str
    note: str
    source: str  # the text it was read from, quoted short; "" when set by hand
    set_by_hand: bool


def shown_figure(action: Action, source_field: str) -> ShownFigure | None:
    """The figure read from ``source_field`` of ``action``, None when it has none."""
    figure = FIGURES_BY_SOURCE.get(source_field)
    if figure is None or getattr(action, figure.value_field) is None:
        return None
    value = grouped(getattr(action, figure.value_field))
    source = " / ".join(line.strip() for line in getattr(action, source_field).splitlines())
    return ShownFigure(
        label=figure.verbose_name[:1].upper() + figure.verbose_name[1:],
        value=f"{value} {figure.unit_label}".strip(),
        note=getattr(action, figure.note_field),
        source=Truncator(source.strip(" /")).chars(QUOTED_SOURCE_LENGTH),
        set_by_hand=getattr(action, figure.set_by_hand_field),
    )
