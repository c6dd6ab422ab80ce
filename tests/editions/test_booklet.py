"""The printable booklet page: live directory or an edition, by centre; bad names are 404."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from editions.services import validate_directory
from tests.centres.factories import ContactPersonFactory
from tests.editions.conftest import OFFICIAL, VALIDATION_DAY
from tests.pages import text_of
from tests.test_fuzzed_queries import FUZZ, answer, query_strings

pytestmark = pytest.mark.django_db

BOOKLET = reverse("editions:booklet")


def test_the_live_booklet_of_a_centre_shows_its_published_partners_by_category(
    client, own_centre, directory
):
    response = client.get(BOOKLET, {"centre": own_centre.slug})

    text = text_of(response)
    assert response.status_code == 200
    assert "Outil Partenaires — Centre social des Tilleuls" in text
    assert "Sommaire" in text
    assert text.index("Institutionnel") < text.index("Caf des Yvelines") < text.index("Associatif")
    assert "Prestations familiales et action sociale." in text
    assert "78000 Versailles" in text
    assert "Édition de travail, non validée" in text
    assert "Brouillon associatif" not in text
    assert "Partenaire d'ailleurs" not in text


def test_without_centre_the_booklet_holds_every_published_partner(client, directory):
    text = text_of(client.get(BOOKLET))

    assert "Partenaire d'ailleurs" in text and "Caf des Yvelines" in text
    assert "Brouillon associatif" not in text


def test_an_edition_shows_its_snapshot_and_its_validation(client, own_centre, directory):
    edition = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )
    directory["caf"].name = "Caisse d'allocations familiales"
    directory["caf"].save()

    for value in (str(edition.pk), "2027"):
        text = text_of(client.get(BOOKLET, {"centre": own_centre.slug, "edition": value}))
        assert "Outil Partenaires 2027 — Centre social des Tilleuls" in text
        assert f"Validé par {OFFICIAL} le 12 mars 2027" in text
        assert "Caf des Yvelines" in text
        assert "Caisse d'allocations familiales" not in text
    # The live directory has the new name, and lists the edition.
    live = text_of(client.get(BOOKLET, {"centre": own_centre.slug}))
    assert "Caisse d'allocations familiales" in live
    assert "Éditions validées" in live


def test_the_page_leaves_internal_notes_and_contact_persons_out(client, own_centre, directory):
    directory["caf"].notes = "Ne rappeler qu'après 14 h"
    ContactPersonFactory(partner=directory["caf"], name="Mme Martin")
    directory["caf"].save()

    text = text_of(client.get(BOOKLET, {"centre": own_centre.slug}))

    assert "Ne rappeler" not in text and "Mme Martin" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"centre": "centre-inconnu"},
        {"edition": "999"},
        {"edition": "deux-mille"},
        {"edition": "9" * 30},
        {"edition": "²"},
        {"edition": "١٢"},
        {"edition": "2027", "centre": "centre-inconnu"},
    ],
)
def test_an_unknown_centre_or_edition_is_not_found(client, directory, query):
    for name in ("booklet", "booklet_pdf", "booklet_changes"):
        assert client.get(reverse(f"editions:{name}"), query).status_code == 404


def test_another_centres_edition_is_not_found_under_this_centre(
    client, own_centre, other_centre, directory
):
    edition = validate_directory(
        centre=other_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )

    response = client.get(BOOKLET, {"centre": own_centre.slug, "edition": edition.pk})

    assert response.status_code == 404
    # Named alone, the edition brings its centre.
    alone = text_of(client.get(BOOKLET, {"edition": edition.pk}))
    assert "Outil Partenaires 2027 — Maison de quartier des Érables" in alone


@pytest.mark.parametrize("count", [3, 30])
def test_the_booklet_runs_a_bounded_number_of_queries(
    client, own_centre, django_assert_max_num_queries, count
):
    from tests.centres.factories import PartnerFactory

    for _ in range(count):
        PartnerFactory().centres.add(own_centre)
    edition = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )
    for query in ({"centre": own_centre.slug}, {"edition": edition.pk}):
        with django_assert_max_num_queries(6):
            assert client.get(BOOKLET, query).status_code == 200


def test_the_booklets_pages_never_answer_500(own_centre, directory):
    """Whatever ``?centre=`` and ``?edition=`` carry (the PDF's view reads them the same way,
    before any PDF is made)."""
    edition = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY
    )
    real_values = [own_centre.slug, str(edition.pk), "2027"]
    pages = [reverse("editions:booklet"), reverse("editions:booklet_changes")]
    client = Client()

    @FUZZ
    @given(url=st.sampled_from(pages), data=st.data())
    def check(url, data):
        query = data.draw(query_strings(["centre", "edition"], real_values))
        assert answer(client, f"{url}?{query}").status_code < 500

    check()
