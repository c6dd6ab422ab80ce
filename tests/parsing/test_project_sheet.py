"""The "fiche projet" parser, on the real Chantiers 2018 sheet and on edited copies of it."""

from pathlib import Path

import pytest

from parsing import FollowUp, SheetParseError, parse_project_sheet
from parsing.project_partners import parse_partner

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SHEET_PATH = FIXTURES / "chantiers-fiche-projet-famille-2018.txt"
NBSP = "\u00a0"


def edit(text, *replacements):
    """Apply (old, new) replacements, each of which must find its text."""
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def sheet_text():
    return SHEET_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sheet(sheet_text):
    return parse_project_sheet(sheet_text, source=SHEET_PATH.name)


@pytest.fixture(scope="module")
def partner_named(sheet):
    by_name = {partner.name: partner for partner in sheet.partners}
    return by_name.__getitem__


def test_identity_fields(sheet):
    assert sheet.line == 1
    assert sheet.centre_name == "Maison de Quartier des Chantiers"
    assert sheet.year == "2018"
    assert sheet.lead == "Rouault Isabelle"
    assert sheet.public == "Familles"
    assert sheet.dates == "2018"
    assert sheet.place == "Maison de quartier des Chantiers"
    assert sheet.budget_note == "(Voir Document Ci-joint)"
    assert sheet.warnings == ()


def test_free_text_sections_keep_their_lines(sheet):
    assert sheet.findings.startswith("Le diagnostic partagé a révélé une méconnaissance")
    assert sheet.findings.endswith("freins culturels, etc.)")
    assert "possibilités.\n\n\nL’équipe a pu constater" in sheet.findings
    assert sheet.general_objectives == (
        "1. Placer La famille au centre des dispositifs et des actions\n"
        "2. Multiplier les conditions d’implication des familles"
    )
    assert sheet.progress.startswith("Des rencontres professionnelles ont permis")
    assert sheet.progress.endswith("se contacter et être complémentaire.")


def test_staff_is_kept_as_written(sheet):
    assert sheet.staff == (
        f"Permanents{NBSP}: Animateurs Jeunes, famille et CESF\n"
        f"Intervenants{NBSP}: AEJF + partenaires (institutionnels, associatifs, cultuels et les "
        "bailleurs sociaux)"
    )


def test_sector_comes_from_the_heading_parenthesis(sheet):
    assert sheet.sector == "Famille"
    assert sheet.sector_details.startswith(f"Dans un premier temps{NBSP}: Travailler")
    assert sheet.sector_details.endswith("des soucis d’éducation.")


def test_actions_lose_their_numbering(sheet):
    assert [action.title for action in sheet.actions] == [
        "Animation d’un réseau partenarial",
        "Création d’un espace d’écoute, d’accompagnement et d’implication des familles",
        "Mise en place d’un accueil individualisé",
    ]
    assert [action.line for action in sheet.actions] == [39, 40, 41]


def test_form_checkbox_row_is_kept_in_form_notes(sheet):
    assert sheet.form_notes == "Action nouvelle\t\tAction reconduite"


def test_partners_by_category(sheet):
    assert len(sheet.partners) == 29
    categories = [partner.category for partner in sheet.partners]
    assert (
        categories
        == ["Institutionnels"] * 5 + ["Associatifs et cultuels"] * 19 + ["Bailleurs Sociaux"] * 5
    )
    assert sheet.partners[0].line == 52
    assert sheet.partners[-1].line == 86


@pytest.mark.parametrize(
    ("name", "acronym", "expanded_name", "follow_up", "note"),
    [
        ("AEJF", "AEJF", "Actions Educatives Jeunesse et Familles", FollowUp.NONE, ""),
        ("AFAD", "AFAD", "Aide Familiale A Domicile", FollowUp.NONE, ""),
        ("Caf des Yvelines", "", "", FollowUp.TO_CHASE, ""),
        (f"Foyer de vie «{NBSP}La maison Eole{NBSP}»", "", "", FollowUp.TO_CHASE, ""),
        ("TAD", "TAD", "Territoire d’Action Départementale", FollowUp.TO_CHASE, ""),
        (
            "ASFIR",
            "ASFIR",
            "Accueil et Soutien en Français des Immigrés et Réfugiés",
            FollowUp.NONE,
            "",
        ),
        ("Association des Musulmans", "", "", FollowUp.WAITING, ""),
        ("ATD Quart Monde", "", "", FollowUp.WAITING, ""),
        ("GAF Petit Bois", "GAF", "Groupement Alimentaire Familial", FollowUp.NONE, ""),
        ("RIVE", "", "", FollowUp.NONE, ""),
        ("SOS Familles EMMAUS", "", "", FollowUp.NONE, ""),
        ("C3F", "", "", FollowUp.OK, "coordonnées du travailleur social"),
        ("Soliha", "", "", FollowUp.NONE, "Mme BEL AS juste info animation et réseau"),
        ("Versailles Habitat", "", "", FollowUp.NONE, "Ajouter contact de la C.esf"),
    ],
)
def test_partner_bullets(partner_named, name, acronym, expanded_name, follow_up, note):
    partner = partner_named(name)
    assert (partner.acronym, partner.expanded_name) == (acronym, expanded_name)
    assert (partner.follow_up, partner.follow_up_note) == (follow_up, note)


def test_partner_keeps_its_bullet_text(partner_named):
    tad = partner_named("TAD")
    assert tad.as_written == "TAD (Territoire d’Action Départementale) (relancer)"
    assert tad.category == "Institutionnels"


def test_follow_up_counts(sheet):
    states = [partner.follow_up for partner in sheet.partners]
    assert states.count(FollowUp.TO_CHASE) == 9
    assert states.count(FollowUp.WAITING) == 3
    assert states.count(FollowUp.OK) == 1


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "Caisse d'Allocations Familiales (CAF)",
            ("Caisse d'Allocations Familiales", "CAF", "Caisse d'Allocations Familiales", "", ""),
        ),
        (
            "CCAS (Centre Communal d'Action Sociale) (à relancer : mairie)",
            ("CCAS", "CCAS", "Centre Communal d'Action Sociale", FollowUp.TO_CHASE, "mairie"),
        ),
        ("PMI (OK)", ("PMI", "", "", FollowUp.OK, "")),
        (
            "Club (En attente, voir en mars) (local rue Victor Hugo)",
            ("Club", "", "", FollowUp.WAITING, "voir en mars ; local rue Victor Hugo"),
        ),
        ("ABC (Autre Chose)", ("ABC", "", "", "", "Autre Chose")),
        ("Bokaos (Bokaos)", ("Bokaos", "", "", "", "Bokaos")),
        ("(relancer)", ("(relancer)", "", "", "", "")),
        ("Plan (et (inner))", ("Plan (et (inner))", "", "", "", "")),
    ],
)
def test_parse_partner(written, expected):
    partner = parse_partner(written, category="Institutionnels", line=3)
    assert (
        partner.name,
        partner.acronym,
        partner.expanded_name,
        partner.follow_up,
        partner.follow_up_note,
    ) == expected
    assert partner.as_written == written


def test_operational_objectives_and_perspectives_lose_their_bullets(sheet):
    assert sheet.operational_objectives == (
        f"Créer un «{NBSP}Outil partenaires{NBSP}»  institutionnel, caritatif et Cultuel, "
        "bailleurs sociaux du quartier des Chantiers à destination des partenaires",
        "Développer des actions et des projets avec les partenaires",
        "Impliquer les familles dans la mise en place d’un "
        f"«{NBSP}Café Animation des familles{NBSP}»",
    )
    assert sheet.perspectives == (
        "Deux rencontres partenaires chaque année (en juin et décembre)",
        "Une mise à jour annuelle de l’Outil Partenaires",
        "Une ouverture de l’Outil à d’autres partenaires",
        "Favoriser l’accès à la culture",
    )


def test_evaluation_criteria(sheet):
    assert sheet.evaluation_criteria == (
        "Nombre de partenaires",
        "Nombre d’actions réalisées avec une évaluation de celles-ci",
        "Nombre d’interactions entre les partenaires",
        "Implication à la vie locale des partenaires avec les familles",
        "Degré d’implication des familles dans les projets du "
        f"«{NBSP}café Animation des Familles{NBSP}»",
    )


def test_timeline_periods_in_order(sheet):
    assert [entry.period for entry in sheet.timeline] == [
        "Décembre 2017",
        "Janvier 2018",
        "Février",
        "De Mars à Mai",
        "Juin",
        "Juillet",
        "Septembre – Décembre 2018",
    ]
    assert [entry.line for entry in sheet.timeline] == [120, 124, 129, 133, 137, 140, 144]


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (
            "Décembre 2017",
            "Réunion Partenaires Institutionnelle\n"
            "Réunion Partenaires Associatifs Caritatifs, Cultuels",
        ),
        (
            "Janvier 2018",
            "Création d’un groupe partenaires\n"
            f"Samedi 20 janvier{NBSP}: 1er «{NBSP}Café Animation des Familles{NBSP}»\n"
            f"Présentation aux familles du projet «{NBSP}CAF{NBSP}des Chantiers{NBSP}» "
            "propositions d’actions",
        ),
        (
            "Février",
            f"Samedi 10 février{NBSP}: 2ème «{NBSP}Café Animation des familles{NBSP}»\n"
            "Repas convivial suivi d’une sortie au Château de Versailles",
        ),
        ("Juillet", f"Création de «{NBSP}l’Outil Partenaires{NBSP}»"),
    ],
)
def test_timeline_entry_text(sheet, period, text):
    entry = next(entry for entry in sheet.timeline if entry.period == period)
    assert entry.text == text


def test_windows_and_word_artefacts_give_the_same_record(sheet_text, sheet):
    noisy_lines = [
        ("[bookmark: _GoBack]" if number % 5 == 0 else "") + line + ("\t" if number % 2 else NBSP)
        for number, line in enumerate(sheet_text.split("\n"))
    ]
    noisy = "\ufeff" + "\r\n".join(noisy_lines)

    noisy_sheet = parse_project_sheet(noisy)

    assert noisy_sheet == sheet
    assert [partner.line for partner in noisy_sheet.partners] == [
        partner.line for partner in sheet.partners
    ]


def test_headings_are_matched_tolerantly(sheet_text, sheet):
    edited = edit(
        sheet_text,
        (f"Constat(s){NBSP}:", "CONSTATS :"),
        (f"Partenaires - transversalité{NBSP}:", "Partenaires – Transversalité:"),
        (f"Echéancier{NBSP}:", "ÉCHÉANCIER"),
        ("Public (s) bénéficiaire (s) :", "Public(s) bénéficiaire(s) :"),
    )
    assert parse_project_sheet(edited) == sheet


def test_unknown_lines_land_in_their_section(sheet_text):
    edited = edit(
        sheet_text,
        (
            "Lieu de réalisation : Maison de quartier des Chantiers\n",
            "Lieu de réalisation : Maison de quartier des Chantiers\nSalle polyvalente\n",
        ),
    )
    sheet = parse_project_sheet(edited)
    assert sheet.place == "Maison de quartier des Chantiers\nSalle polyvalente"
    assert [(warning.line, warning.message) for warning in sheet.warnings] == [
        (94, "ligne ajoutée à la valeur de « Lieu de réalisation »")
    ]


def test_guesses_are_reported_as_warnings(sheet_text):
    edited = edit(
        sheet_text,
        ("· RIVE\n", "RIVE\n"),
        (f"Echéancier{NBSP}:\n", f"Echéancier{NBSP}:\nTout au long de l'année\n"),
        (f"Titre des actions{NBSP}:", f"Titre des actions{NBSP}:\nAccueil libre"),
        ("Maison de Quartier des Chantiers\n", "Maison de Quartier des Chantiers\nversion 2\n"),
    )
    sheet = parse_project_sheet(edited)
    assert len(sheet.partners) == 29
    assert sheet.timeline[0].period == ""
    assert sheet.timeline[0].text == "Tout au long de l'année"
    assert sheet.actions[0].title == "Accueil libre"
    assert sheet.form_notes == "version 2\nAction nouvelle\t\tAction reconduite"
    assert [warning.message for warning in sheet.warnings] == [
        "ligne hors rubrique avant la première : gardée en notes",
        "titre d'action sans numéro",
        "partenaire sans puce : « RIVE »",
        "étape de l'échéancier sans période",
    ]


@pytest.mark.parametrize(
    ("edited", "line", "message"),
    [
        pytest.param(lambda text: "", 1, "fiche projet vide", id="empty"),
        pytest.param(lambda text: "\n \n\t", 1, "fiche projet vide", id="blank"),
        pytest.param(lambda text: "\x00\x01\x02", 1, "octets nuls", id="binary"),
        pytest.param(
            lambda text: edit(text, (f"[bookmark: _GoBack]Constat(s){NBSP}:", "Le constat")),
            180,
            "rubrique « Constat(s) » introuvable",
            id="findings-missing",
        ),
        pytest.param(
            lambda text: edit(text, (f"Partenaires - transversalité{NBSP}:", "")),
            180,
            "rubrique « Partenaires - transversalité » introuvable",
            id="partners-missing",
        ),
        pytest.param(
            lambda text: edit(text, (" Maison de Quartier des Chantiers\n", "\n")),
            2,
            "nom du centre attendu en première ligne, trouvé la rubrique « Année de réalisation »",
            id="centre-missing",
        ),
    ],
)
def test_malformed_sheet_raises_with_its_line(sheet_text, edited, line, message):
    with pytest.raises(SheetParseError) as raised:
        parse_project_sheet(edited(sheet_text), source="fiche.txt")
    assert raised.value.line == line
    assert raised.value.source == "fiche.txt"
    assert message in raised.value.message
