"""The figures a fiche action states in words (a budget, a number of people), stored beside
their text as numbers that lists, charts and exports can count (``parsing.figures``).

Each figure is read from its text whenever the sheet is saved or imported, unless a
coordinator set it by hand: then it is kept as set, whatever the text becomes, until they
untick "saisi à la main". The text itself is never changed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from parsing.action_sheet import HEADINGS_BY_NAME
from parsing.figures import FIGURES, FigureDeclaration, describe

NOTE_LENGTH = 255


def _source_label(figure: FigureDeclaration) -> str:
    return HEADINGS_BY_NAME[figure.source_field].page_title


def figure_fields(figure: FigureDeclaration) -> dict[str, models.Field]:
    """The stored fields of a figure: its value, its note, whether set by hand."""
    source = _source_label(figure)
    return {
        figure.value_field: models.PositiveIntegerField(
            figure.verbose_name,
            null=True,
            blank=True,
            help_text=_("Lu dans « %(source)s » ; vide quand le texte ne le dit pas.")
            % {"source": source},
        ),
        figure.note_field: models.CharField(
            _("précision (%(figure)s)") % {"figure": figure.verbose_name},
            max_length=NOTE_LENGTH,
            blank=True,
            help_text=_("Comment le chiffre a été lu : « environ », « par an », une somme…"),
        ),
        figure.set_by_hand_field: models.BooleanField(
            _("%(figure)s saisi à la main") % {"figure": figure.verbose_name},
            default=False,
            help_text=_(
                "Coché, le chiffre et sa précision sont gardés tels quels, même quand le texte "
                "change ou qu'un import le remplace. Décoché, ils sont relus dans le texte à "
                "l'enregistrement."
            ),
        ),
    }


# The fields of every figure as those of an abstract model (see ``SheetHeadings``).
SheetFigures = type(
    "SheetFigures",
    (models.Model,),
    {
        "__module__": __name__,
        "__doc__": "The figures read from a fiche action's text (``parsing.figures``).",
        "Meta": type("Meta", (), {"abstract": True}),
        **{name: field for figure in FIGURES for name, field in figure_fields(figure).items()},
        "refresh_figures": lambda self: refresh_figures(self),
    },
)


def refresh_figures(action) -> None:
    """Reads again, from their texts, the figures of ``action`` not set by hand."""
    for figure in FIGURES:
        if getattr(action, figure.set_by_hand_field):
            continue
        read = figure.extract(getattr(action, figure.source_field))
        setattr(action, figure.value_field, None if read is None else read.value)
        setattr(action, figure.note_field, describe(read)[:NOTE_LENGTH])


FIGURE_FIELDS = tuple(
    name
    for figure in FIGURES
    for name in (figure.value_field, figure.note_field, figure.set_by_hand_field)
)
