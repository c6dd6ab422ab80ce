"""The observatory dump parser, on the real seed file and on small hand-made sheets."""

from pathlib import Path

import pytest

from parsing import ActionSheet, parse_action_dump

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DUMP_PATH = FIXTURES / "observatoire-yvelines-fiches-actions.txt"

# A complete sheet with a value under every heading; the malformed cases below edit it.
SMALL_SHEET = """\
Actions "Jardin partagé"
DESCRIPTION DE L'ACTION
- Statut de l'action
- En cours
- Dimension
- Citoyenneté
- Mots clés associés à l'action
-
- Environnement
- Résumé
Un jardin au pied des immeubles.
- Structure organisatrice
- CENTRE SOCIAL DU PARC - Yvelines
RAISON D'ETRE DE L' ACTION
- Qui est à l'initiative de l'action ?
-
- Un groupe d'habitants
- Description de l'expérience, ses objectifs, ses acteurs et ses différentes phases.
- Une demande des habitants
- Territoire concerné
- Un quartier
METHODOLOGIE DE L' ACTION
- Public
- Tous publics
- Avec qui cette action a-t-elle été menée ?
-
Partenaires d'action:
- Bailleur social
- Territoire concerné
- Un quartier
- Description générale
Réunions de quartier.
- Ressources financières mobilisées pour cette action
300 €
- Nombre de personnes mobilisés pour cette action
2 professionnels
AUTO-EVALUATION DE L’ACTION
- Résultat sur le territoire
- Un square plus vivant
- Résultat pour le centre social
Des habitants nouveaux.
- Résultat pour les habitants
Des voisins qui se parlent.
- Suite de l'action : Limites
L'arrosage l'été.
- Suite de l'action : Perspectives
Un deuxième bac.
FICHIERS ASSOCIES
- Fichier(s) associé(s)
- plan-du-jardin.pdf
"""


@pytest.fixture(scope="module")
def dump_text():
    return DUMP_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dump(dump_text):
    return parse_action_dump(dump_text, source=DUMP_PATH.name)


@pytest.fixture(scope="module")
def sheet_at(dump):
    """The sheet whose title line is at the given line of the seed file."""
    by_line = {sheet.line: sheet for sheet in dump.sheets}
    return by_line.__getitem__


def test_reads_every_sheet_of_the_seed_file_in_order(dump):
    assert len(dump.sheets) == 25
    assert dump.from_observatory is True
    assert [sheet.line for sheet in dump.sheets[:4]] == [2, 75, 124, 180]
    assert dump.sheets[-1].line == 1483
    assert dump.sheets[-1].title == "ANIMATION DE PROXIMITE / ORGANISATION DE FETES DE QUARTIER"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (2, 'Atelier cuisine parents"A toute âge un repas"'),
        (75, 'Espace de jeux "La récré des bout\'choux"'),
        (598, 'atelier "tous à vos bocaux"'),
        (832, '"Vers le O dechet..."'),
        (1036, 'ATELIERS PARENTS ENFANTS "POMME D\'API"'),
        (1255, "FESTIVAL DU JEUNE PUBLIC DE PORCHEFONTAINE: LE BAZ ARTS DES MOMES"),
    ],
)
def test_title_runs_from_the_first_to_the_last_quote(sheet_at, line, title):
    assert sheet_at(line).title == title


def test_first_sheet_field_by_field(sheet_at):
    sheet = sheet_at(2)
    assert sheet.status == "Terminée"
    assert sheet.end_reason == "Essoufflement des participants."
    assert sheet.dimension == "Services"
    assert sheet.keywords == ("Parentalité",)
    assert sheet.summary.startswith("Lors d'une réunion de travail avec le secours catholique")
    assert sheet.summary.endswith("construits avec l'aide d'une pédiatre bénévole.")
    assert sheet.summary.count("\n") == 4
    assert sheet.organiser == "CENTRE SOCIAL ALBERT SCHWEITZER - Yvelines"
    assert sheet.initiators == ("Le centre social",)
    assert sheet.initiator_detail == "L'association le Secours Catholique"
    assert sheet.territory == "Une commune"
    assert sheet.publics == ("familles",)
    assert sheet.partner_types == ("Association locale",)
    assert sheet.partners_territory == "Une commune"
    assert sheet.financial_resources.endswith(
        "Hors salaires de la référente famille et des 2 agents du Centre Social :"
    )
    assert sheet.people_mobilised.splitlines()[-1] == "Tranche d'âge entre 23 et 35 ans"
    assert sheet.perspectives.endswith("8 parents et 12 enfants entre 4 et 14 ans.")
    assert sheet.attached_files == ()


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        (2, "L'association le Secours Catholique"),
        (470, "Idée de l'équipe."),
        (1036, "Proposition émanant de parents du LAEP"),
        (75, ""),  # the optional "Précision ( si autre )" heading is absent
    ],
)
def test_initiator_detail_comes_from_the_optional_precision_heading(sheet_at, line, detail):
    assert sheet_at(line).initiator_detail == detail


def test_glued_heading_is_split_off_the_budget_line(dump, sheet_at):
    terrasses = sheet_at(772)
    assert terrasses.title == "Terrasses d'été"
    assert terrasses.financial_resources.startswith("DEPENSES FINANCEMENT Personnel")
    assert terrasses.financial_resources.endswith("TOTAL FINANCEMENT 10 000,00 €")
    assert terrasses.people_mobilised == "4 professionnels"
    assert [warning.line for warning in dump.warnings] == [817]
    assert "Nombre de personnes mobilisés pour cette action" in dump.warnings[0].message


def test_finished_sheet_may_give_no_end_reason(sheet_at):
    terrasses = sheet_at(772)
    assert terrasses.status == "Terminée"
    assert terrasses.end_reason == ""
    assert terrasses.dimension == "Citoyenneté"
    assert terrasses.keywords == ("intergénérationnel", "vacances / loisirs", "Mixité sociale")


def test_dash_lines_inside_free_text_stay_text(sheet_at):
    box = sheet_at(212)
    assert box.experience == (
        "- Une demande des habitants de créer une boîte à livre\n"
        "- Le square Berthier attenant à la maison de quartier a besoin d’être rénové et "
        "c’est occasion de réaménager et d’animer cet espace\n"
        "projet social –\n"
        "- Susciter et valoriser les initiatives des habitants\n"
        "- Accompagner les propositions d’animation autonome"
    )
    assert box.people_mobilised.startswith("- 2 professionnels et 1 bénévole")
    assert box.result_territory.count("\n- ") == 2
    assert (
        box.perspectives
        == "- Développement d’activités d’échanges gratuits de biens ou de services"
    )
    assert box.territory == "Un quartier"


def test_results_written_as_dash_lists_are_kept_verbatim(sheet_at):
    party = sheet_at(701)
    assert party.result_residents == (
        "- Rompre l'isolement\n"
        "- Meilleure visibilité des actions du centre social\n"
        "- Être acteur de son quartier"
    )
    assert party.experience.startswith("Objectifs de l'action : Animation de proximité\n- ")


def test_budget_keeps_its_line_breaks(sheet_at):
    agasec = sheet_at(1036)
    lines = agasec.financial_resources.splitlines()
    assert lines[:4] == [
        "BUDGET PREVISIONNEL :",
        "CHARGES",
        "PRODUITS",
        "SUPPORTS PEDAGOGIQUES DOCUMENTATION 150",
    ]
    assert lines[-1].endswith("ne pas avoir besoin de gros investissement.")
    assert len(lines) == 15
    assert agasec.organiser == (
        "Association de Gestion et d'Animation Social Educative et Culturelle - AGASEC "
        "Centre Social - Yvelines"
    )
    assert agasec.initiators == ("Le centre social", "Autre")
    assert agasec.partner_types == ()
    assert agasec.territory == agasec.partners_territory == "Autre"


def test_empty_sheet_gives_empty_fields(sheet_at):
    sheet = sheet_at(180)
    assert sheet.title == "Les petits matins"
    assert sheet.organiser == "CENTRE DE VIE SOCIALE LES GARENNES - Yvelines"
    assert sheet.status == "En cours"
    empty = {
        name: getattr(sheet, name)
        for name in ActionSheet.__dataclass_fields__
        if name not in {"line", "title", "organiser", "status"}
    }
    assert all(value in ("", ()) for value in empty.values()), empty


def test_several_partner_types_and_territories(sheet_at):
    sheet = sheet_at(530)
    assert sheet.partner_types == (
        "Association locale",
        "Bailleur social",
        "Commune",
        "Conseil départemental",
        "Entreprise privée",
        "Autre",
    )
    assert sheet.territory == sheet.partners_territory == "Un quartier"


def test_duplicated_sheets_compare_equal(sheet_at):
    assert sheet_at(212) == sheet_at(279) == sheet_at(346)
    # The last sheet of the file has no final line break, and still equals its twin.
    assert sheet_at(1427) == sheet_at(1483)
    assert sheet_at(212) != sheet_at(413)
    assert sheet_at(1146) != sheet_at(1316)  # same centre, different actions


def test_sheet_line_points_at_its_title(dump_text, dump):
    lines = dump_text.splitlines()
    for sheet in dump.sheets:
        assert lines[sheet.line - 1].startswith('Actions "')


def test_windows_and_word_artefacts_give_the_same_records(dump_text, dump):
    noisy_lines = []
    for number, line in enumerate(dump_text.split("\n")):
        if number % 7 == 3:
            line = "[bookmark: _GoBack]" + line
        # Trailing spaces are export noise; leading ones would be part of the text.
        noisy_lines.append(line + ("\t \u00a0" if number % 2 else ""))
    noisy = "\ufeff" + "\r\n".join(noisy_lines) + "\r\n"

    noisy_dump = parse_action_dump(noisy)

    assert noisy_dump == dump
    assert [sheet.line for sheet in noisy_dump.sheets] == [sheet.line for sheet in dump.sheets]


def test_old_mac_line_ends_are_read_too(dump_text, dump):
    assert parse_action_dump(dump_text.replace("\n", "\r")) == dump


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("En cours", "En cours"),
        ("en cours", "En cours"),
        ("TERMINEE", "Terminée"),
        ("terminée", "Terminée"),
    ],
)
def test_status_is_normalised(written, canonical):
    text = SMALL_SHEET.replace("- En cours", f"- {written}")
    assert parse_action_dump(text).sheets[0].status == canonical


def test_headings_are_matched_tolerantly():
    text = (
        SMALL_SHEET.replace("RAISON D'ETRE DE L' ACTION", "Raison d’être de l’action")
        .replace("- Qui est à l'initiative de l'action ?", "-  Qui est à l’initiative de l’action?")
        .replace("Partenaires d'action:", "Partenaires d’action :")
        .replace("- Suite de l'action : Limites", "- Suite de l'action\u00a0: limites")
        .replace("- Un quartier", "-\u00a0Un quartier\t")
        .replace("-\n- Environnement", "- \n-Environnement")
    )
    assert parse_action_dump(text) == parse_action_dump(SMALL_SHEET)


def test_small_sheet_reads_every_field():
    sheet = parse_action_dump(SMALL_SHEET).sheets[0]
    assert sheet.title == "Jardin partagé"
    assert sheet.keywords == ("Environnement",)
    assert sheet.experience == "- Une demande des habitants"
    assert sheet.partner_types == ("Bailleur social",)
    assert sheet.result_territory == "- Un square plus vivant"
    assert sheet.attached_files == ("plan-du-jardin.pdf",)


def test_dump_without_header_is_not_from_the_observatory():
    dump = parse_action_dump("\n\n" + SMALL_SHEET + SMALL_SHEET)
    assert dump.from_observatory is False
    assert [sheet.line for sheet in dump.sheets] == [3, 3 + SMALL_SHEET.count("\n")]
