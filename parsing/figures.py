"""Figures read from a sheet's free text: the budget of "Ressources financières mobilisées"
and the head count of "Nombre de personnes mobilisés", declared once here.

Sheets answer those headings in words ("50 x 6= 300€", "une trentaine de bénévoles",
"Masse salariale…"). A figure is read where the text states one, by general rules
(``parsing.amounts``, ``parsing.head_counts``), and comes with a note saying how it was read,
so that a reader (and a coordinator who corrects it) sees where it comes from; where the text
states none, there is no figure rather than a guess. Pure Python, like the rest of
``parsing``: the ``Action`` model stores each figure beside its text (``fiches.figures``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parsing.amounts import extract_budget
from parsing.head_counts import extract_head_count
from parsing.numbers import Figure, describe

__all__ = ["FIGURES", "Figure", "FigureDeclaration", "describe"]


@dataclass(frozen=True)
class FigureDeclaration:
    """A figure of the sheet: the heading it is read from (its stored field), the stored
    fields that hold it, its note and whether a coordinator set it, and its reader."""

    name: str
    source_field: str
    value_field: str
    note_field: str
    set_by_hand_field: str
    verbose_name: str  # the stored figure's label (admin, history, page)
    unit_label: str  # after a value on a page ("300 €"), "" when the label says it
    extract: Callable[[str], Figure | None]


FIGURES: tuple[FigureDeclaration, ...] = (
        FigureDeclaration(
            "budget", "financial_resources", "budget_euros", "budget_note",
            "budget_set_by_hand", "budget", "€", extract_budget,
        ),
        FigureDeclaration(
            "people", "people_mobilised", "people_count", "people_note",
            "people_set_by_hand", "nombre de personnes", "", extract_head_count,
        ),
)  # fmt: skip
FIGURES_BY_SOURCE = {figure.source_field: figure for figure in FIGURES}
FIGURES_BY_NAME = {figure.name: figure for figure in FIGURES}
