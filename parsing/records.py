"""What the sheet parsers return: plain, immutable records with no Django in sight.

Text fields keep the text as written, line breaks included; only the framing of the dump
(headings, "- " markers of list values, bullets, Word artefacts) is removed. An empty section
gives an empty string or an empty tuple, never ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParseWarning:
    """Something odd but not fatal, found at a line of the source (1-based)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass(frozen=True)
class ActionSheet:
    """One "fiche action" of the observatory dump, every heading in a field.

    ``line`` is where the sheet starts (its ``Actions "…"`` title line); it takes no part in
    equality, so two sheets compare equal exactly when their content is the same.
    """

    line: int = field(compare=False)
    title: str
    # DESCRIPTION DE L'ACTION
    status: str  # canonical label: "En cours", "Terminée" or "" when the sheet gives none
    end_reason: str  # "Raisons pour lesquelles l'action est terminée"
    dimension: str
    keywords: tuple[str, ...]
    summary: str  # "Résumé"
    organiser: str  # "Structure organisatrice", as written: "CENTRE SOCIAL X - Yvelines"
    # RAISON D'ETRE DE L'ACTION
    initiators: tuple[str, ...]  # "Qui est à l'initiative de l'action ?"
    initiator_detail: str  # "Précision ( si autre )"
    experience: str  # "Description de l'expérience, ses objectifs, ses acteurs…"
    territory: str  # first "Territoire concerné"
    # METHODOLOGIE DE L'ACTION
    publics: tuple[str, ...]
    partner_types: tuple[str, ...]  # "Avec qui … ?" / "Partenaires d'action:"
    partners_territory: str  # the second "Territoire concerné", under the partners
    general_description: str
    financial_resources: str
    people_mobilised: str  # "Nombre de personnes mobilisés pour cette action"
    # AUTO-EVALUATION DE L'ACTION
    result_territory: str
    result_centre: str
    result_residents: str
    limits: str  # "Suite de l'action : Limites"
    perspectives: str  # "Suite de l'action : Perspectives"
    # FICHIERS ASSOCIES
    attached_files: tuple[str, ...]


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
    actions: tuple[str, ...]  # "Titre des actions", numbering removed
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
