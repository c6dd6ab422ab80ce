import pytest

from centres.models import Centre, CentreAlias, unique_slug, unique_slugs
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


def test_slugs_given_in_bulk_are_those_given_one_at_a_time():
    for display_name in ("Pivoine", "Pivoine", "Pivoine", "Lilas"):
        CentreFactory(display_name=display_name)
    Centre.objects.filter(slug="pivoine-2").delete()  # a gap, taken again first
    texts = ["Pivoine", "Lilas", "Pivoine", "Rose", "", "Pivoine", "Rose"]

    slugs = unique_slugs(Centre, texts)

    assert slugs == [
        "pivoine-2", "lilas-2", "pivoine-4", "rose", "sans-titre", "pivoine-5", "rose-2",
    ]  # fmt: skip
    one_at_a_time = []
    for text in texts:
        one_at_a_time.append(unique_slug(Centre, text))
        CentreFactory(display_name=text or "-", slug=one_at_a_time[-1])
    assert one_at_a_time == slugs


def test_centres_are_found_in_bulk_as_one_at_a_time(django_assert_num_queries):
    resedas = CentreFactory(name="CENTRE SOCIAL LES RÉSÉDAS")
    CentreAlias.objects.create(centre=resedas, name="Les Résédas")
    names = ["les resedas", "Centre social les Résédas", "Les Glycines", "CENTRE SOCIAL CHANTIERS"]

    with django_assert_num_queries(1):
        found = Centre.objects.find_by_names(names)

    assert found == {
        "les resedas": resedas,
        "centre social les resedas": resedas,
        "centre social chantiers": Centre.objects.find_by_name("CENTRE SOCIAL CHANTIERS"),
    }


def test_published_partners():
    shown = PartnerFactory()
    PartnerFactory(publication_state="brouillon")
    assert list(type(shown).objects.published()) == [shown]
