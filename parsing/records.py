"""What the sheet parsers return: plain, immutable records with no Django in sight.

Text fields keep the text as written, line breaks included; only the framing of the dump
(headings, "- " markers of list values, bullets, Word artefacts) is removed. An empty section
gives an empty string or an empty tuple, never ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

from parsing.action_sheet import HEADINGS


@dataclass(frozen=True)
class ParseWarning:
    """Something odd but not fatal, found at a line of the source (1-based)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


def _action_sheet_fields() -> list[tuple]:
    fields = [("line", int, field(compare=False)), ("title", str)]
    for heading in HEADINGS:
        fields.append((heading.name, tuple[str, ...] if heading.kind.is_list else str))
    return fields


ActionSheet = make_dataclass("ActionSheet", _action_sheet_fields(), frozen=True)
ActionSheet.__module__ = __name__
ActionSheet.__doc__ = """One "fiche action" of the observatory dump: its title, then a field for
each heading of the sheet's declaration (``parsing.action_sheet``), named as the heading:
text as written for free text, the canonical label for a choice (or "" when the sheet gives
none), the values for a list.

``line`` is where the sheet starts (its ``Actions "…"`` title line); it takes no part in
equality, so two sheets compare equal exactly when their content is the same.
"""


@dataclass(frozen=True)
class ActionDump:
    sheets: tuple[ActionSheet, ...]
    warnings: tuple[ParseWarning, ...] = ()
    # True when the dump opens with the observatory's own header line.
    from_observatory: bool = False


class FollowUp:
    """Follow-up states the project sheet records after a partner's name."""

    NONE = ""
    OK = "ok"
    TO_CHASE = "a_relancer"
    WAITING = "en_attente"


@dataclass(frozen=True)
class ProjectPartnerEntry:
    """One bullet of the "Partenaires - transversalité" list.

    "TAD (Territoire d'Action Départementale) (relancer)" gives name "TAD", acronym "TAD",
    expanded_name "Territoire d'Action Départementale", follow_up "a_relancer".
    """

    line: int = field(compare=False)
    category: str  # the sub-heading as written: "Institutionnels", "Associatifs et cultuels"…
    as_written: str  # the whole bullet text, bullet removed
    name: str
    acronym: str
    expanded_name: str
    follow_up: str  # one of FollowUp's values
    follow_up_note: str  # the rest of the parenthesis: "coordonnées du travailleur social"


@dataclass(frozen=True)
class ProjectActionEntry:
    """One of the "Titre des actions", numbering removed."""

    line: int = field(compare=False)
    title: str


@dataclass(frozen=True)
class TimelineEntry:
    """One period of the "Echéancier", in the sheet's order."""

    line: int = field(compare=False)
    period: str  # as written: "Décembre 2017", "De Mars à Mai"
    text: str  # its items, bullets removed, one per line, continuation lines kept


@dataclass(frozen=True)
class ProjectSheet:
    """The "fiche projet" of a centre (the Chantiers 2018 family project)."""

    line: int = field(compare=False)
    centre_name: str  # first line: "Maison de Quartier des Chantiers"
    year: str  # "Année de réalisation": "2018"
    findings: str  # "Constat(s)"
    general_objectives: str  # "Axe (s) du projet social – objectif(s) général (aux)"
    lead: str  # "Nom du porteur du projet"
    staff: str  # "Encadrement (s)": "Permanents : …\nIntervenants : …"
    sector: str  # the parenthesis of "Secteurs concernés (Famille)"
    sector_details: str  # the text under that heading
    actions: tuple[ProjectActionEntry, ...]  # "Titre des actions"
    form_notes: str  # form residue kept verbatim, e.g. "Action nouvelle\t\tAction reconduite"
    public: str  # "Public (s) bénéficiaire (s)"
    partners: tuple[ProjectPartnerEntry, ...]
    dates: str  # "Dates ou période de réalisation"
    place: str  # "Lieu de réalisation"
    operational_objectives: tuple[str, ...]
    progress: str  # "Déroulement des actions (description)"
    timeline: tuple[TimelineEntry, ...]  # "Echéancier"
    evaluation_criteria: tuple[str, ...]  # "Evaluation (critères qualitatifs & quantitatifs)"
    budget_note: str  # "BUDGET PREVISIONNEL"
    perspectives: tuple[str, ...]
    warnings: tuple[ParseWarning, ...] = field(default=(), compare=False)
