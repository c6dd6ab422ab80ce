import pytest

from parsing.naming import departement_code, display_name, match_key, read_structure_name


@pytest.mark.parametrize(
    ("as_written", "name", "departement", "kind", "shown"),
    [
        (
            "CENTRE SOCIAL ALBERT SCHWEITZER - Yvelines",
            "CENTRE SOCIAL ALBERT SCHWEITZER",
            "Yvelines",
            "centre_social",
            "Centre social Albert Schweitzer",
        ),
        (
            "ESPACE ANDRE JOLY - CENTRE DE VIE SOCIALE - Yvelines",
            "ESPACE ANDRE JOLY - CENTRE DE VIE SOCIALE",
            "Yvelines",
            "centre_social",
            "Espace Andre Joly - Centre de Vie Sociale",
        ),
        (
            "EVS PAVILLON LACOFRETTE - Yvelines",
            "EVS PAVILLON LACOFRETTE",
            "Yvelines",
            "evs",
            "EVS Pavillon Lacofrette",
        ),
        ("MQ CLAGNY GLATIGNY - Yvelines", "MQ CLAGNY GLATIGNY", "Yvelines", "maison_quartier",
         "MQ Clagny Glatigny"),
        ("ASSOCIATION MOSAIQUE - Yvelines", "ASSOCIATION MOSAIQUE", "Yvelines", "association",
         "Association Mosaique"),
        (
            "Association de Gestion et d'Animation Social Educative et Culturelle - AGASEC "
            "Centre Social - Yvelines",
            "Association de Gestion et d'Animation Social Educative et Culturelle - AGASEC "
            "Centre Social",
            "Yvelines",
            "centre_social",
            "Association de Gestion et d'Animation Social Educative et Culturelle - AGASEC "
            "Centre Social",
        ),
        ("CENTRE DE VIE SOCIALE LES GARENNES - Yvelines", "CENTRE DE VIE SOCIALE LES GARENNES",
         "Yvelines", "centre_social", "Centre de vie sociale Les Garennes"),
        ("Maison de Quartier des Chantiers", "Maison de Quartier des Chantiers", "",
         "maison_quartier", "Maison de Quartier des Chantiers"),
        ("LA RUCHE - Atlantide", "LA RUCHE - Atlantide", "", "autre", "LA RUCHE - Atlantide"),
    ],
)  # fmt: skip
def test_read_structure_name(as_written, name, departement, kind, shown):
    structure = read_structure_name(as_written)
    assert (structure.name, structure.departement, structure.kind) == (name, departement, kind)
    assert structure.display_name == shown


def test_match_key_ignores_case_accents_and_punctuation():
    assert match_key("Boîte  à livres !") == match_key("BOITE A LIVRES") == "boite a livres"
    assert match_key("Territoire d’Action") == match_key("territoire d'action")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("e\u0301te\u0301\u00a0\u2003ÉTÉ", "ete ete"),  # decomposed accents, odd spaces
        ("l'été—2024/25", "l ete 2024 25"),
        ("Œuvre ﬁnale Straße", "uvre finale strasse"),  # œ is no ASCII letter: left out
        (" \t\n", ""),
    ],
)
def test_match_key_reads_any_spelling_word_by_word(text, key):
    # Keyed a word at a time (and each word once): the key must not change for it.
    assert match_key(text) == key


def test_mixed_case_names_are_the_centre_s_own_spelling():
    assert display_name("Maison de Quartier des Chantiers") == "Maison de Quartier des Chantiers"


def test_departement_code():
    assert departement_code("yvelines") == "78"
    assert departement_code("Atlantide") == ""
