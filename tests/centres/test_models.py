import pytest

from centres.models import Centre, CentreAlias
from tests.centres.factories import CentreFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_chantiers_centre_is_found_under_both_spellings():
    by_dump = Centre.objects.find_by_name("CENTRE SOCIAL CHANTIERS")
    by_project_sheet = Centre.objects.find_by_name("Maison de Quartier des Chantiers")
    assert by_dump is not None
    assert by_dump == by_project_sheet
    assert str(by_dump) == "Maison de quartier des Chantiers"


def test_an_alias_matches_whatever_the_case_and_accents():
    centre = CentreFactory(name="CENTRE SOCIAL LES RÉSÉDAS")
    CentreAlias.objects.create(centre=centre, name="Les Résédas")
    assert Centre.objects.find_by_name("les resedas") == centre
    assert Centre.objects.find_by_name("centre social les résédas") == centre
    assert Centre.objects.find_by_name("Les Glycines") is None


def test_slugs_are_unique_and_stable():
    first = CentreFactory(display_name="Centre social Pivoine")
    second = CentreFactory(display_name="Centre social Pivoine")
    assert (first.slug, second.slug) == ("centre-social-pivoine", "centre-social-pivoine-2")
    second.display_name = "Centre social Pivoine Nord"
    second.save()
    assert second.slug == "centre-social-pivoine-2"
    assert first.get_absolute_url() == "/centres/centre-social-pivoine/"


def test_published_partners():
    shown = PartnerFactory()
    PartnerFactory(publication_state="brouillon")
    assert list(type(shown).objects.published()) == [shown]
