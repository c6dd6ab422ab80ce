"""Centres and published partners as data·inclusion "structures" (its schema, version 1:
``data_inclusion.schema.v1.Structure``), for the directory's exports.

What is exported is what the public pages show of a structure: its name, where it is, how
to reach it, what it does. Never the workspace's: no internal notes, no follow-up, no contact
person. An empty field is left out, as the schema's optional fields may be.

Opening hours are written here in free text (« Du lundi au vendredi, 9 h – 12 h »), where the
schema's ``horaires_accueil`` wants OpenStreetMap's ``opening_hours`` syntax: rather than
guess a translation that could say wrong hours, they are given in the description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC

from django.conf import settings

from .models import Centre, ContactDetails, Partner

# The version of data·inclusion's schema the records follow, and our document of them.
STRUCTURES_SCHEMA_VERSION = "1"
STRUCTURES_SCHEMA_PATH = "schemas/structures-v1.json"
EXPORT_CHUNK_SIZE = 500
CSV_LIST_SEPARATOR = " | "
EMPTY = ("", None, [])
# The schema's bounds on a name and a description.
NAME_LENGTHS = (3, 150)
DESCRIPTION_LENGTHS = (5, 10_000)

# Every exported field, in the order of the CSV's columns and of a JSON record's keys.
STRUCTURE_FIELDS = (
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "telephone",
    "courriel",
    "site_web",
    "reseaux_porteurs",
)


def _source() -> str:
    return settings.DATA_INCLUSION_SOURCE


def _name(*candidates: str) -> str:
    """The first candidate long enough for the schema, cut to its maximum."""
    low, high = NAME_LENGTHS
    for candidate in candidates:
        candidate = " ".join(candidate.split())
        if len(candidate) >= low:
            return candidate[:high].rstrip(" .")
    return f"Structure {candidates[0]}".strip()[:high]


def _description(paragraphs: Iterable[tuple[str, str]]) -> str | None:
    """Labelled paragraphs, the empty ones left out; None when too short for the schema."""
    low, high = DESCRIPTION_LENGTHS
    text = "\n\n".join(f"{label} : {value.strip()}" for label, value in paragraphs if value.strip())
    return text[:high] if len(text) >= low else None


def _date(moment) -> str:
    """The day of ``moment`` in UTC: a local date could be tomorrow for a reader west of
    here, which the schema refuses as a date in the future."""
    return moment.astimezone(UTC).date().isoformat()


def _contact(structure: ContactDetails) -> dict:
    return {
        "adresse": ", ".join(
            line.strip() for line in structure.address.splitlines() if line.strip()
        ),
        "code_postal": structure.postcode,
        "commune": structure.commune,
        "code_insee": structure.insee_code,
        "telephone": structure.phone.strip(),
        "courriel": structure.email,
        "site_web": structure.website,
    }


def _record(fields: dict) -> dict:
    """The fields in the exports' order, the empty ones left out."""
    return {
        name: fields[name] for name in STRUCTURE_FIELDS if fields.get(name) not in ("", None, [])
    }


def centre_structure(centre: Centre, *, url: str) -> dict:
    network = settings.DATA_INCLUSION_CENTRES_NETWORK
    return _record(
        {
            "source": _source(),
            "id": f"{_source()}--centre-{centre.pk}",
            "nom": _name(centre.display_name, centre.name),
            "date_maj": _date(centre.updated_at),
            "description": _description(
                [
                    ("Type de structure", centre.get_kind_display()),
                    ("Département", centre.departement),
                    ("Horaires d'ouverture", centre.opening_hours),
                ]
            ),
            "lien_source": url,
            **_contact(centre),
            "reseaux_porteurs": [network] if network else [],
        }
    )


def partner_structure(partner: Partner, *, url: str) -> dict:
    name = partner.name
    if partner.expanded_name and partner.expanded_name not in name:
        name = f"{name} ({partner.expanded_name})"
    return _record(
        {
            "source": _source(),
            "id": f"{_source()}--partenaire-{partner.pk}",
            "nom": _name(name, partner.expanded_name),
            "date_maj": _date(partner.updated_at),
            "description": _description(
                [
                    ("Missions", partner.missions),
                    ("Ce que propose le partenaire", partner.services),
                    ("Public accueilli", partner.public_served),
                    ("Horaires d'ouverture", partner.opening_hours),
                ]
            ),
            "lien_source": url,
            **_contact(partner),
        }
    )


def centre_structures(centres, *, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    for centre in centres.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield centre_structure(centre, url=absolute_url(centre.get_absolute_url()))


def partner_structures(partners, *, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    """``partners`` as structures: their publication is the caller's to check."""
    for partner in partners.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield partner_structure(partner, url=absolute_url(partner.get_absolute_url()))


def csv_rows(records: Iterable[dict]) -> Iterator[list]:
    yield list(STRUCTURE_FIELDS)
    for record in records:
        yield [_csv_cell(record.get(name, "")) for name in STRUCTURE_FIELDS]


def _csv_cell(value):
    return CSV_LIST_SEPARATOR.join(value) if isinstance(value, list) else value
