"""The directory as open data: published partners and centres as data·inclusion structures,
each record checked by data·inclusion's own model (``data_inclusion.schema.v1.Structure``),
in JSON (the document described by ``static/schemas/structures-v1.json``) and in CSV."""

import csv
import io
import json
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pytest
from data_inclusion.schema.v1 import ReseauPorteur, Structure
from django.conf import settings
from django.urls import reverse

from centres.structures import STRUCTURE_FIELDS, STRUCTURES_SCHEMA_PATH
from tests.centres.factories import CentreFactory, ContactPersonFactory, PartnerFactory

pytestmark = pytest.mark.django_db

SCHEMA_FILE = Path(settings.BASE_DIR) / "static" / STRUCTURES_SCHEMA_PATH
EXPORTS = {
    "partner": (reverse("centres:partner_export_json"), reverse("centres:partner_export_csv")),
    "centre": (reverse("centres:centre_export_json"), reverse("centres:centre_export_csv")),
}


def structures_schema() -> dict:
    """Our document's JSON Schema: its head, then data·inclusion's Structure, as the
    installed package declares it (``python -m tests.web.test_directory_exports`` writes
    it again after an upgrade)."""
    structure = Structure.model_json_schema(mode="serialization")
    definitions = structure.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Structures (centres, partenaires) au format data·inclusion, version 1",
        "description": (
            "Les centres (/centres/export.json) et les partenaires publiés "
            "(/partenaires/export.json), chacun une « structure » du schéma data·inclusion, "
            f"version 1 (paquet data-inclusion-schema {version('data-inclusion-schema')}, "
            "modèle data_inclusion.schema.v1.Structure). Les mêmes en CSV "
            "(/centres/export.csv, /partenaires/export.csv) : UTF-8 avec BOM, séparateur "
            "« ; », une colonne par champ, les listes jointes par « | ». Les horaires, en "
            "texte libre, sont dans la description et non dans horaires_accueil, qui attend "
            "la syntaxe opening_hours d'OpenStreetMap."
        ),
        "type": "object",
        "properties": {
            "version": {"const": "1", "description": "La version de ce format."},
            "licence": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                },
                "required": ["name", "url"],
                "additionalProperties": False,
            },
            "schema": {"type": "string", "format": "uri"},
            "structures": {"type": "array", "items": {"$ref": "#/$defs/Structure"}},
        },
        "required": ["version", "licence", "schema", "structures"],
        "additionalProperties": False,
        "$defs": {**definitions, "Structure": structure},
    }


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def exported(client, kind: str) -> list[dict]:
    response = client.get(EXPORTS[kind][0])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    document = json.loads(body_of(response))
    jsonschema.validate(document, structures_schema())
    return document["structures"]


def test_the_published_schema_is_data_inclusions_as_installed():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == structures_schema()


@pytest.mark.parametrize("kind", ["partner", "centre"])
def test_every_seeded_structure_passes_data_inclusions_model(client, seeded, kind):
    records = exported(client, kind)
    assert len(records) > 10
    for record in records:
        assert set(record) <= set(Structure.model_fields), record
        Structure.model_validate(record, context={"ignore_warnings": False})
        assert record["lien_source"].startswith("http://testserver/")


def test_structures_carry_contact_details_and_the_centres_network(client):
    centre = CentreFactory(
        display_name="Maison de quartier des Érables",
        address="3 rue des Lilas\nBâtiment B",
        postcode="78990",
        commune="Élancourt",
        insee_code="78208",
        phone="01 30 00 00 00",
        email="accueil@erables.example.org",
        website="https://erables.example.org/",
        opening_hours="Du lundi au vendredi, 9 h – 18 h",
    )
    [record] = [
        record
        for record in exported(client, "centre")
        if record["id"] == f"{settings.DATA_INCLUSION_SOURCE}--centre-{centre.pk}"
    ]
    Structure.model_validate(record)
    assert record["adresse"] == "3 rue des Lilas, Bâtiment B"
    assert (record["code_postal"], record["code_insee"], record["commune"]) == (
        "78990",
        "78208",
        "Élancourt",
    )
    assert record["reseaux_porteurs"] == [ReseauPorteur.FCSF.value]
    assert "horaires_accueil" not in record
    assert "Du lundi au vendredi, 9 h – 18 h" in record["description"]


def test_partners_are_published_ones_without_internal_notes_or_follow_up(client):
    shown = PartnerFactory(
        name="AEJ",
        expanded_name="Actions Educatives Jeunesse",
        missions="Accompagner les jeunes.",
        services="Soutien scolaire",
        notes="Ne pas rappeler avant mars",
        follow_up_state="a_relancer",
        follow_up_note="Relancer Mme Dupont",
    )
    ContactPersonFactory(partner=shown, name="Mme Dupont")  # no consent recorded
    PartnerFactory(name="Brouillon caché", publication_state="brouillon")
    records = exported(client, "partner")
    assert [record["id"] for record in records] == [
        f"{settings.DATA_INCLUSION_SOURCE}--partenaire-{shown.pk}"
    ]
    assert records[0]["nom"] == "AEJ (Actions Educatives Jeunesse)"
    assert "Missions : Accompagner les jeunes." in records[0]["description"]
    for url in EXPORTS["partner"]:
        body = body_of(client.get(url)).decode("utf-8")
        for private in ("Ne pas rappeler", "a_relancer", "Relancer", "Dupont", "Brouillon"):
            assert private not in body


@pytest.mark.parametrize("kind", ["partner", "centre"])
def test_the_csv_has_the_structures_columns_with_accents(client, kind):
    CentreFactory(display_name="Centre social Les Érables", commune="Élancourt")
    PartnerFactory(name="Association Été solidaire", commune="Élancourt")
    response = client.get(EXPORTS[kind][1])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = body_of(response)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert tuple(rows[0]) == STRUCTURE_FIELDS
    [row] = [row for row in rows if row["commune"] == "Élancourt"]
    assert "É" in row["nom"]


def test_a_network_setting_left_empty_leaves_it_out(client, settings):
    settings.DATA_INCLUSION_CENTRES_NETWORK = ""
    CentreFactory()
    assert all("reseaux_porteurs" not in record for record in exported(client, "centre"))


def test_the_exports_read_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for number in range(30):
        PartnerFactory(name=f"Partenaire {number}")
        CentreFactory()
    for json_url, csv_url in EXPORTS.values():
        with django_assert_max_num_queries(3):
            body_of(client.get(json_url))
        with django_assert_max_num_queries(3):
            body_of(client.get(csv_url))


if __name__ == "__main__":
    SCHEMA_FILE.write_text(
        json.dumps(structures_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
