"""The fiche action, declared once: its sections and headings, in the order the sheet has them.

Everything that knows a heading reads it here: the dump's parser (its heading table and the
record it fills), the ``Action`` model (one field per heading), its completeness, its search
document's weights and excerpt, the admin's fieldsets and the sheet's public page. Adding a
heading is a line here, then a migration; ``tests/test_consistency.py`` checks that every
part agrees. Pure Python, like the rest of ``parsing``: the Django side maps each ``Kind`` to
a model field (``fiches.sheet_fields``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """What a heading holds, which says how the dump writes it and how it is stored."""

    TEXT = "text"  # free text, kept as written
    SHORT = "short"  # one "- value": a short text, filtered on
    CHOICE = "choice"  # one "- value" among the heading's ``choices``
    ORGANISER = "organiser"  # one "- value": the structure that writes the sheet
    VOCABULARY = "vocabulary"  # "- value" lines, each an entry of a controlled list
    LINES = "lines"  # "- value" lines, kept one per line (file names)

    @property
    def is_list(self) -> bool:
        """Written as several "- value" lines (the parser keeps them all)."""
        return self in (Kind.VOCABULARY, Kind.LINES)

    @property
    def is_single(self) -> bool:
        """Written as one "- value" line at most."""
        return self in (Kind.SHORT, Kind.CHOICE, Kind.ORGANISER)


@dataclass(frozen=True)
class Heading:
    """One heading of the sheet and everything that derives from it."""

    # As the dump writes it (several labels: a question then its sub-heading, in sequence).
    labels: tuple[str, ...] | str
    name: str  # the parsed record's field
    kind: Kind
    verbose_name: str  # the stored field's label (admin, forms, history)
    # The page's heading, when it is not the verbose name with a capital.
    title: str = ""
    help_text: str = ""
    optional: bool = False  # the dump may leave it out
    # The stored field, when it is not ``name``.
    stored_as: str = ""
    # Its weight in the search document ('A' heaviest to 'D'), '' when not searched.
    search_weight: str = ""
    # Whether a sheet without it is incomplete.
    counts_for_completeness: bool = True
    # Its rank among the texts an excerpt is cut from (1 first), 0 when never.
    excerpt_rank: int = 0
    # The admin's and the page's filter on it (SHORT, CHOICE): an index helps.
    indexed: bool = False
    # For CHOICE: (stored value, label as written).
    choices: tuple[tuple[str, str], ...] = ()
    # For VOCABULARY: the model of the list (in ``fiches``).
    vocabulary: str = ""
    # Its rank in the summary at the top of the page (1 first), 0 when not there. A heading
    # of the summary is not repeated in its section.
    summary_rank: int = 0
    # The heading it often repeats (``name``): the page shows it only when it says otherwise.
    repeats: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.labels, str):
            object.__setattr__(self, "labels", (self.labels,))

    @property
    def label(self) -> str:
        return self.labels[0]

    @property
    def field(self) -> str:
        """The stored field's name."""
        return self.stored_as or self.name

    @property
    def in_summary(self) -> bool:
        return self.summary_rank > 0

    @property
    def page_title(self) -> str:
        return self.title or self.verbose_name[:1].upper() + self.verbose_name[1:]


@dataclass(frozen=True)
class Section:
    """A group of headings, under a title the dump writes in capitals."""

    label: str  # as the dump writes it
    name: str
    title: str  # the page's and the admin's title
    anchor: str  # the page's id for it
    headings: tuple[Heading, ...] = field(default=())


STATUS_CHOICES = (("en_cours", "En cours"), ("terminee", "Terminée"))

SECTIONS: tuple[Section, ...] = (
    Section("DESCRIPTION DE L'ACTION", "description", "Description de l'action",
            "section-description", (
        Heading("Statut de l'action", "status", Kind.CHOICE, "statut de l'action",
                indexed=True, choices=STATUS_CHOICES, summary_rank=4),
        Heading("Raisons pour lesquelles l'action est terminée", "end_reason", Kind.TEXT,
                "raisons pour lesquelles l'action est terminée", optional=True,
                search_weight="D", counts_for_completeness=False, excerpt_rank=9),
        Heading("Dimension", "dimension", Kind.SHORT, "dimension", search_weight="C",
                indexed=True, summary_rank=5),
        Heading("Mots clés associés à l'action", "keywords", Kind.VOCABULARY, "mots clés",
                title="Mots clés associés à l'action", search_weight="B", vocabulary="Keyword",
                summary_rank=6),
        Heading("Résumé", "summary", Kind.TEXT, "résumé", search_weight="B", excerpt_rank=1),
        Heading("Structure organisatrice", "organiser", Kind.ORGANISER,
                "structure organisatrice telle qu'écrite", title="Structure organisatrice",
                stored_as="organiser_as_written", counts_for_completeness=False, summary_rank=1),
    )),
    Section("RAISON D'ETRE DE L' ACTION", "purpose", "Raison d'être de l'action",
            "section-raison", (
        Heading("Qui est à l'initiative de l'action ?", "initiators", Kind.VOCABULARY,
                "à l'initiative de", title="Qui est à l'initiative de l'action ?",
                search_weight="C", vocabulary="Initiator"),
        Heading("Précision ( si autre )", "initiator_detail", Kind.TEXT, "précision (si autre)",
                optional=True, search_weight="C", counts_for_completeness=False),
        Heading("Description de l'expérience, ses objectifs, ses acteurs et ses différentes "
                "phases.", "experience", Kind.TEXT,
                "description de l'expérience, ses objectifs, ses acteurs et ses différentes "
                "phases", search_weight="D", excerpt_rank=2),
        Heading("Territoire concerné", "territory", Kind.SHORT, "territoire concerné",
                search_weight="C", indexed=True, summary_rank=2),
    )),
    Section("METHODOLOGIE DE L' ACTION", "methodology", "Méthodologie de l'action",
            "section-methodologie", (
        Heading("Public", "publics", Kind.VOCABULARY, "publics", title="Public",
                search_weight="C", vocabulary="Public", summary_rank=3),
        # The dump asks the question, then answers under the sub-heading; values written
        # under either are partner types.
        Heading(("Avec qui cette action a-t-elle été menée ?", "Partenaires d'action:"),
                "partner_types", Kind.VOCABULARY, "partenaires d'action",
                title="Avec qui cette action a-t-elle été menée ?", search_weight="C",
                vocabulary="PartnerType"),
        Heading("Territoire concerné", "partners_territory", Kind.SHORT,
                "territoire concerné (partenaires)", title="Territoire concerné",
                help_text="Le second « Territoire concerné » de la fiche, sous les partenaires.",
                search_weight="C", counts_for_completeness=False, repeats="territory"),
        Heading("Description générale", "general_description", Kind.TEXT,
                "description générale", search_weight="D", excerpt_rank=3),
        Heading("Ressources financières mobilisées pour cette action", "financial_resources",
                Kind.TEXT, "ressources financières mobilisées pour cette action",
                search_weight="D"),
        Heading("Nombre de personnes mobilisés pour cette action", "people_mobilised",
                Kind.TEXT, "nombre de personnes mobilisées pour cette action",
                search_weight="D"),
    )),
    Section("AUTO-EVALUATION DE L’ACTION", "self_assessment", "Auto-évaluation de l'action",
            "section-evaluation", (
        Heading("Résultat sur le territoire", "result_territory", Kind.TEXT,
                "résultat sur le territoire", search_weight="D", excerpt_rank=4),
        Heading("Résultat pour le centre social", "result_centre", Kind.TEXT,
                "résultat pour le centre social", search_weight="D", excerpt_rank=5),
        Heading("Résultat pour les habitants", "result_residents", Kind.TEXT,
                "résultat pour les habitants", search_weight="D", excerpt_rank=6),
        Heading("Suite de l'action : Limites", "limits", Kind.TEXT,
                "suite de l'action : limites", search_weight="D", excerpt_rank=7),
        Heading("Suite de l'action : Perspectives", "perspectives", Kind.TEXT,
                "suite de l'action : perspectives", search_weight="D", excerpt_rank=8),
    )),
    Section("FICHIERS ASSOCIES", "files", "Fichiers associés", "section-fichiers", (
        Heading("Fichier(s) associé(s)", "attached_files", Kind.LINES, "fichiers associés",
                help_text="Un nom de fichier par ligne.", counts_for_completeness=False),
    )),
)  # fmt: skip

HEADINGS: tuple[Heading, ...] = tuple(
    heading for section in SECTIONS for heading in section.headings
)
HEADINGS_BY_NAME = {heading.name: heading for heading in HEADINGS}


def headings_of_kind(*kinds: Kind) -> tuple[Heading, ...]:
    return tuple(heading for heading in HEADINGS if heading.kind in kinds)


# The headings filed under controlled lists, in the sheet's order.
VOCABULARY_HEADINGS = headings_of_kind(Kind.VOCABULARY)
VOCABULARY_FIELDS = tuple(heading.field for heading in VOCABULARY_HEADINGS)
# The headings whose stored value is text (all but the vocabularies).
TEXT_HEADINGS = tuple(heading for heading in HEADINGS if heading.kind is not Kind.VOCABULARY)
# What a sheet's completeness counts: the texts filled, then the lists with an entry.
COMPLETENESS_HEADINGS = tuple(heading for heading in HEADINGS if heading.counts_for_completeness)
# What the summary at the top of the sheet's page shows, in its order.
SUMMARY_HEADINGS = tuple(
    sorted((heading for heading in HEADINGS if heading.in_summary), key=lambda h: h.summary_rank)
)
# The texts an excerpt of the sheet is cut from, the most telling first.
EXCERPT_FIELDS = tuple(
    heading.field
    for heading in sorted(HEADINGS, key=lambda heading: heading.excerpt_rank)
    if heading.excerpt_rank
)


def searched_fields(weight: str) -> tuple[str, ...]:
    """The stored fields of this search weight, in the sheet's order."""
    return tuple(heading.field for heading in HEADINGS if heading.search_weight == weight)
