"""The action dump parser refuses what is not a well-formed dump, saying where and why."""

import pytest

from parsing import SheetParseError, parse_action_dump
from tests.parsing.test_action_dump import DUMP_PATH, SMALL_SHEET


@pytest.fixture(scope="module")
def dump_text():
    return DUMP_PATH.read_text(encoding="utf-8")


def _remove_lines(*removed):
    return "".join(
        line for line in SMALL_SHEET.splitlines(keepends=True) if line.rstrip("\n") not in removed
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("", 1, "aucune fiche", id="empty"),
        pytest.param(" \n\t\n", 1, "aucune fiche", id="blank"),
        pytest.param("Les actions des centres sociaux\n", 1, "aucune fiche", id="header-only"),
        pytest.param("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "octets nuls", id="binary"),
        pytest.param(
            "Les actions des centres sociaux\nBonjour\n" + SMALL_SHEET,
            2,
            "texte inattendu avant la première fiche : « Bonjour »",
            id="text-before-first-sheet",
        ),
        pytest.param(
            _remove_lines("- Structure organisatrice", "- CENTRE SOCIAL DU PARC - Yvelines"),
            1,
            "fiche sans « Structure organisatrice »",
            id="organiser-missing",
        ),
        pytest.param(
            _remove_lines("- CENTRE SOCIAL DU PARC - Yvelines"),
            1,
            "fiche sans « Structure organisatrice »",
            id="organiser-empty",
        ),
        pytest.param(
            SMALL_SHEET.replace("- En cours", "- Abandonnée"),
            4,
            "valeur inconnue « Abandonnée » sous « Statut de l'action » : « En cours » ou "
            "« Terminée » attendu",
            id="bad-status",
        ),
        pytest.param(
            SMALL_SHEET.replace("- Tous publics", "Tous publics"),
            24,
            "valeur « - … » attendue sous « Public », trouvé « Tous publics »",
            id="list-value-without-dash",
        ),
        pytest.param(
            SMALL_SHEET.replace("- Citoyenneté", "- Citoyenneté\n- Services"),
            7,
            "une seule valeur attendue sous « Dimension »",
            id="two-values-in-a-single-value-list",
        ),
        pytest.param(
            SMALL_SHEET.replace("DESCRIPTION DE L'ACTION\n", "Une phrase.\n"),
            2,
            "rubrique « DESCRIPTION DE L'ACTION » attendue, trouvé « Une phrase. »",
            id="text-instead-of-group-heading",
        ),
        pytest.param(
            SMALL_SHEET[: SMALL_SHEET.index("- Territoire concerné")],
            1,
            "fiche sans « Territoire concerné » (fiche « Jardin partagé ») : rubrique attendue "
            "avant la fin du fichier",
            id="truncated",
        ),
        pytest.param(
            SMALL_SHEET[: SMALL_SHEET.index("FICHIERS")] + SMALL_SHEET,
            1,
            "fiche sans « FICHIERS ASSOCIES » (fiche « Jardin partagé ») : rubrique attendue "
            "avant la fiche suivante (ligne 48)",
            id="next-sheet-starts-too-early",
        ),
        pytest.param(
            _remove_lines("- Structure organisatrice"),
            1,
            "fiche sans « Structure organisatrice » (fiche « Jardin partagé ») : rubrique attendue "
            "avant la fin du fichier ; « RAISON D'ETRE DE L' ACTION » apparaît plus tôt, ligne 13",
            id="heading-missing-explained",
        ),
        pytest.param(
            _remove_lines("- Résumé"),
            10,
            "valeur « - … » attendue sous « Mots clés associés à l'action », "
            "trouvé « Un jardin au pied des immeubles. »",
            id="heading-missing-before-text",
        ),
        pytest.param(
            SMALL_SHEET.replace('"Jardin partagé"', '"Jardin partagé'),
            1,
            "titre de fiche sans guillemet fermant",
            id="unclosed-title",
        ),
        pytest.param(
            SMALL_SHEET.replace('"Jardin partagé"', '" "'), 1, "fiche sans titre", id="no-title"
        ),
    ],
)
def test_malformed_dump_raises_with_its_line(text, line, message):
    with pytest.raises(SheetParseError) as raised:
        parse_action_dump(text, source="depot.txt")
    assert raised.value.line == line
    assert raised.value.source == "depot.txt"
    assert message in raised.value.message
    assert str(raised.value).startswith(f"depot.txt:{line} : ")


def test_error_in_a_later_sheet_points_at_its_line(dump_text):
    broken = dump_text.replace(
        "- Bailleur social\n- Territoire concerné", "Bailleur social\n- Territoire concerné", 1
    )
    with pytest.raises(SheetParseError) as raised:
        parse_action_dump(broken)
    assert raised.value.line == 802
