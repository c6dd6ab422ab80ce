"""What the API answers, as pydantic models: its OpenAPI document is made from them, and every
answer is checked against them before it leaves.

A sheet is the open data exports' record (``fiches.export``): its fields derive from the
sheet's declaration (``parsing.action_sheet``), one per heading, so that a heading added
there is in the API too. Centres and partners give what their public pages show, never the
workspace's: no internal notes, no follow-up, no contact person.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, create_model

from centres.enums import CentreKind, PartnerCategory
from fiches.export import DATE_FIELDS, IDENTITY_FIELDS
from parsing.action_sheet import HEADINGS, Heading, Kind
from parsing.figures import FIGURES, FigureDeclaration


class Licence(Schema):
    name: str = Field(description="La licence de réutilisation des données.")
    url: str = Field(description="L'adresse de son texte.")


class Error(Schema):
    detail: str = Field(description="Ce qui ne va pas, en français.")


class InvalidParameter(Schema):
    loc: list[str | int] = Field(description='Le paramètre refusé : `["query", nom]`.')
    msg: str = Field(description="Pourquoi il est refusé.")
    type: str


class InvalidParameters(Schema):
    detail: list[InvalidParameter]


class VocabularyEntry(Schema):
    slug: str = Field(description="La valeur à donner au filtre correspondant.")
    name: str


class Vocabularies(Schema):
    licence: Licence
    keywords: list[VocabularyEntry] = Field(description="Mots clés (filtre `keyword`).")
    publics: list[VocabularyEntry] = Field(description="Publics (filtre `public`).")
    partner_types: list[VocabularyEntry] = Field(
        description="Types de partenaires d'action (filtre `partner_type`)."
    )
    initiators: list[VocabularyEntry] = Field(
        description="À l'initiative de l'action (filtre `initiator`)."
    )
    partner_categories: list[VocabularyEntry] = Field(
        description="Catégories de partenaires (filtre `category` des partenaires)."
    )
    centre_kinds: list[VocabularyEntry] = Field(description="Types de structure des centres.")


_IDENTITY_TYPES = {
    "id": (int, "Identifiant stable de la fiche."),
    "title": (str, "Titre de la fiche."),
    "slug": (str, "Identifiant d'URL de la fiche (`/api/actions/<slug>/`)."),
    "url": (str, "Adresse absolue de la page publique de la fiche."),
    "centre": (str, "Nom du centre (structure organisatrice)."),
    "commune": (str, "Commune du centre."),
    "departement": (str, "Département du centre."),
    "created_at": (datetime, "Date de création de la fiche."),
    "updated_at": (datetime, "Date de la dernière modification de la fiche."),
}


def _heading_field(heading: Heading):
    kind = list[str] if heading.kind in (Kind.VOCABULARY, Kind.LINES) else str
    return (kind, Field(description=heading.page_title))


def _identity_field(name: str):
    kind, description = _IDENTITY_TYPES[name]
    return (kind, Field(description=description))


def _figure_fields(figure: FigureDeclaration) -> dict:
    """A figure read from the sheet's text, beside it: its value, how it was read, and
    whether a coordinator set it by hand."""
    source = next(heading for heading in HEADINGS if heading.field == figure.source_field)
    return {
        figure.value_field: (
            int | None,
            Field(
                description=f"{figure.verbose_name.capitalize()}"
                f"{f' ({figure.unit_label})' if figure.unit_label else ''}, "
                f"lu dans « {source.page_title} » ; null quand le texte n'en donne pas."
            ),
        ),
        figure.note_field: (
            str,
            Field(description="Comment le chiffre a été lu (« environ », « par an »…)."),
        ),
        figure.set_by_hand_field: (
            bool,
            Field(description="Vrai quand la coordination a saisi le chiffre à la main."),
        ),
    }


Action = create_model(
    "Action",
    __base__=Schema,
    __doc__="Une fiche action publiée, champ par champ comme les exports ouverts la donnent.",
    **{name: _identity_field(name) for name in IDENTITY_FIELDS},
    **{heading.name: _heading_field(heading) for heading in HEADINGS},
    **{name: _identity_field(name) for name in DATE_FIELDS},
    **{name: field for figure in FIGURES for name, field in _figure_fields(figure).items()},
)


class ContactDetails(Schema):
    address: str = Field(description="Numéro et voie.")
    postcode: str
    commune: str
    insee_code: str = Field(description="Code officiel géographique de la commune.")
    phone: str
    email: str
    website: str
    opening_hours: str = Field(description="Horaires d'ouverture, en texte libre.")


class Centre(ContactDetails):
    id: int
    slug: str
    name: str
    kind: CentreKind
    departement: str
    url: str = Field(description="Adresse absolue de la page publique du centre.")
    updated_at: datetime


class Partner(ContactDetails):
    id: int
    slug: str
    name: str
    acronym: str
    expanded_name: str
    category: PartnerCategory
    missions: str
    services: str = Field(description="Ce que propose le partenaire.")
    public_served: str
    centres: list[str] = Field(description="Les centres partenaires (leurs `slug`).")
    url: str = Field(description="Adresse absolue de la page publique du partenaire.")
    updated_at: datetime


class _Page(Schema):
    licence: Licence
    next: str | None = Field(
        description="Le curseur de la page suivante (paramètre `cursor`), null à la dernière."
    )


class ActionPage(_Page):
    count: int = Field(description="Le nombre de fiches de la liste, toutes pages confondues.")
    results: list[Action]


class CentrePage(_Page):
    count: int
    results: list[Centre]


class PartnerPage(_Page):
    count: int
    results: list[Partner]
