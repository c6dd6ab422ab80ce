"""« Ce qui a changé »: partners added, removed and changed, field by field, in words."""

import datetime

import pytest
from django.urls import reverse

from editions.booklet import BookletEntry
from editions.changes import FieldChange, compare
from editions.services import validate_directory
from tests.centres.factories import PartnerFactory
from tests.editions.conftest import OFFICIAL, VALIDATION_DAY
from tests.pages import text_of

CHANGES = reverse("editions:booklet_changes")


def entry(partner_id, **fields):
    base = {"name": "", "category": "associatif", "phone": "", "email": ""}
    return BookletEntry(partner_id, base | fields)


def test_compare_finds_the_new_the_removed_and_each_changed_field():
    before = [entry(1, name="Caf", phone="01"), entry(2, name="RIVE"), entry(3, name="ASFIR")]
    after = [
        entry(1, name="Caf des Yvelines", phone="02", category="institutionnel"),
        entry(2, name="RIVE"),
        entry(4, name="Croix Rouge"),
    ]

    changes = compare(before, after)

    assert changes.added == ["Croix Rouge"]
    assert changes.removed == ["ASFIR"]
    [caf] = changes.changed
    assert (caf.name, caf.former_name) == ("Caf des Yvelines", "Caf")
    assert caf.fields == [
        FieldChange("nom", "Caf", "Caf des Yvelines"),
        FieldChange("catégorie", "Associatif", "Institutionnel"),
        FieldChange("téléphone", "01", "02"),
    ]


def test_nothing_changed_is_empty():
    assert compare([entry(1, name="Caf")], [entry(1, name="Caf")]).is_empty


@pytest.mark.django_db
def test_the_page_compares_an_edition_with_the_previous_one(client, own_centre, directory):
    validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=datetime.date(2026, 3, 1)
    )
    directory["caf"].phone = "01 99 99 99 99"
    directory["caf"].save()
    directory["rive"].delete()
    PartnerFactory(name="Croix Rouge").centres.add(own_centre)
    latest = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )

    response = client.get(CHANGES, {"edition": latest.pk})

    text = text_of(response)
    assert "Nouveaux partenaires (1) Croix Rouge" in text
    assert "Partenaires retirés (1) RIVE" in text
    assert "Partenaires modifiés (1) Caf des Yvelines" in text
    assert "Téléphone : « 01 02 03 04 05 » devient « 01 99 99 99 99 »" in text
    assert "comparé à Outil Partenaires 2026" in text


@pytest.mark.django_db
def test_without_edition_the_live_directory_is_compared_with_the_latest(
    client, own_centre, directory
):
    validate_directory(centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY)
    directory["secours"].website = "https://secourspopulaire.example.org"
    directory["secours"].email = ""
    directory["secours"].save()

    text = text_of(client.get(CHANGES, {"centre": own_centre.slug}))

    assert "Nouveaux partenaires (0) Aucun." in text
    assert "Partenaires retirés (0) Aucun." in text
    assert "Site web : ajouté « https://secourspopulaire.example.org »" in text
    assert "Courriel : retiré (était « contact@example.org »)" in text


@pytest.mark.django_db
def test_a_first_edition_has_nothing_to_compare_with(client, own_centre, directory):
    first = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )

    assert "C'est la première édition" in text_of(client.get(CHANGES, {"edition": first.pk}))
    assert "pas encore d'édition validée" in text_of(client.get(CHANGES))
