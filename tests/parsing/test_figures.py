"""The budgets and head counts read from the sheets' free text (``parsing.amounts``,
``parsing.head_counts``): every seed sheet's text, with the figure a reader takes from it,
then the rules one by one, then properties of any text."""

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsing import parse_sheets
from parsing.amounts import ZERO_WORDS, extract_budget
from parsing.figures import FIGURES, Figure, describe
from parsing.head_counts import ONE_ROLE, extract_head_count
from parsing.numbers import APPROXIMATE_NUMBER_WORDS, NUMBER_WORDS, normalised

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "observatoire-yvelines-fiches-actions.txt"
SHEETS = parse_sheets(SEED.read_text(encoding="utf-8"), source=SEED.name).sheets

# Every sheet of the seed, in its order: (budget, its note), (head count, its note), as a
# person reading the text would take them. None: the text states no figure.
EXPECTED = [
    ((300, ""), (25, "somme de 3 professionnelles + deux bénévoles + 20 parents")),
    (None, (21, "en familles")),
    (None, (4, "")),  # "Quatre personnes (Trois bénévoles et le responsable…)"
    (None, None),  # both headings empty
    *[
        (None, (5, "environ ; entre 1 et 2 ; somme de 2 professionnels + 1 bénévole + "
                   "1ou 2 menuisiers"))
    ] * 3,  # "coût de la fabrication" states no amount; "plusieurs agents" are not counted
    ((2000, ""), (5, "environ")),
    (None, (2, "")),  # "Masse salariale, achat de quelques fournitures"
    ((1500, ""), (12, "somme de 1 stagiaire + 4 jeunes + 2 mamans + 5 seniors")),
    ((200, ""), (3, "")),
    ((414, ""), (150, "environ")),
    ((18000, "somme de 6\u202f000 € + 12\u202f000 €"),
     (48, "somme de 10 professionnels + bénévoles : 20 + bailleurs sociaux : 5 + "
          "commercants : 8 + ville : 5")),
    ((10000, "total indiqué"), (4, "")),
    ((50, "par atelier"), (20, "par atelier")),
    ((1228, "total indiqué"), (24, "")),  # "24 personnes dont deux salariés"
    ((2500, "par an ; autres montants cités : 600 €"), (2, "somme de 1 vacataire + la référente")),
    ((3050, "total indiqué"), (13, "environ ; somme de une dizaine de personne + trois personnes")),
    ((0, ""), (15, "environ")),  # "0 euro"; "2, 4 puis une quinzaine de personnes"
    (None, (115, "somme de 15 salariés + 100 benevole")),
    (None, None),
    ((600, "environ"), (60, "environ")),
    ((0, "aucun budget"), (70, "environ ; entre 60 et 80")),
    *[((9778, "somme de 1\u202f274 € + 8\u202f504 €"), (50, "environ"))] * 2,
]  # fmt: skip


def test_the_table_covers_every_seed_sheet():
    assert len(SHEETS) == len(EXPECTED) == 25


@pytest.mark.parametrize(("sheet", "expected"), list(zip(SHEETS, EXPECTED, strict=True)),
                         ids=[f"{n}-{s.title[:30]}" for n, s in enumerate(SHEETS)])  # fmt: skip
def test_every_seed_sheet(sheet, expected):
    budget, people = expected
    read = extract_budget(sheet.financial_resources)
    assert (read and (read.value, describe(read))) == budget, sheet.financial_resources
    read = extract_head_count(sheet.people_mobilised)
    assert (read and (read.value, describe(read))) == people, sheet.people_mobilised


@pytest.mark.parametrize(
    ("text", "value", "per", "approximate"),
    [
        ("50 x 6= 300€", 300, "", False),
        ("2 000 €", 2000, "", False),
        ("0 euro", 0, "", False),
        ("Aucun budget", 0, "", False),
        ("zéro", 0, "", False),
        ("600e en 2018/ 2500€ à l'année", 2500, "an", False),
        ("1 200 € par an", 1200, "an", False),
        ("3 k€", 3000, "", False),
        ("1 500,50 €", 1501, "", False),
        ("environ 800 euros", 800, "", True),
        ("50 € x 6 = 300 €", 300, "", False),  # the factor is not an amount of its own
        ("Loyer : 100 €\nMatériel : 50 €\nRepas : 25 €", 175, "", False),
        ("Dépenses : 500 €, 200 €\nRecettes : 700 €", 700, "", False),
        ("TOTAL 3 050\nVille 2 000", 3050, "", False),
        ("15 € par enfant", 15, "enfant", False),
    ],
)
def test_budget_rules(text, value, per, approximate):
    assert extract_budget(text) == Figure(
        value, "€", per=per, approximate=approximate, note=extract_budget(text).note
    )


@pytest.mark.parametrize(
    "text",
    ["", "Masse salariale, achat de quelques fournitures", "Subvention de la CAF en 2019",
     "coût de la fabrication", "20h/an x 2 agents", "99999999999 €"],
)  # fmt: skip
def test_texts_without_a_budget(text):
    assert extract_budget(text) is None


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("12 familles", 12, "familles", False),
        ("une trentaine", 30, "personnes", True),
        ("une trentaine de bénévoles", 30, "personnes", True),
        ("60 à 80 personnes", 70, "personnes", True),
        ("Quatre personnes", 4, "personnes", False),
        ("7", 7, "personnes", False),
        ("10 jeunes dont 4 filles", 10, "personnes", False),
        ("2 salariés (1 animateur et 1 directrice)", 2, "personnes", False),
        ("5 bénévoles et plusieurs habitants", 5, "personnes", True),
        ("3 salariés, 4 familles", 7, "personnes", False),
    ],
)
def test_head_count_rules(text, value, unit, approximate):
    read = extract_head_count(text)
    assert (read.value, read.unit, read.approximate) == (value, unit, approximate)


@pytest.mark.parametrize(
    "text",
    ["", "les services de la mairie", "une quinzaine de jours", "33 participations",
     "Tranche d'âge entre 23 et 35 ans", "en 2019", "des dizaines de bénévoles"],
)  # fmt: skip
def test_texts_without_a_head_count(text):
    assert extract_head_count(text) is None


def test_the_figures_are_declared_beside_their_headings():
    assert [(f.name, f.source_field) for f in FIGURES] == [
        ("budget", "financial_resources"),
        ("people", "people_mobilised"),
    ]


# Text like the sheets', numbers and euro signs included.
SHEET_LIKE = st.lists(
    st.sampled_from(
        [
            *"0123456789 ,.:/x€e()\n-àa",
            "euros",
            "total",
            " personnes",
            " bénévoles",
            " dont ",
            " puis ",
            "une trentaine",
            " environ",
            "k€",
            " par an",
            "aucun",
            " ou ",
        ]
    ),
    max_size=40,
).map("".join)


# No deadline: a loaded machine makes a slow example, not a wrong one.
@settings(deadline=None, max_examples=300)
@given(st.one_of(st.text(max_size=200), SHEET_LIKE))
def test_never_crashes_nor_negative(text):
    for extract in (extract_budget, extract_head_count):
        figure = extract(text)
        assert figure is None or (isinstance(figure.value, int) and figure.value >= 0)


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=200))
def test_no_digit_no_zero_word_no_budget(text):
    if not ZERO_WORDS.search(normalised(text)):
        assert extract_budget(text) is None


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=200))
def test_no_digit_no_number_word_no_head_count(text):
    words = set(normalised(text).replace("'", " ").split())
    # "la référente" is one person: a role named in the singular counts one.
    if not words & (set(NUMBER_WORDS) | set(APPROXIMATE_NUMBER_WORDS)) and not ONE_ROLE.search(
        normalised(text)
    ):
        assert extract_head_count(text) is None


@pytest.mark.parametrize("text", ["a" * 20_000, "a " * 10_000, "total " * 3_000 + "5"])
def test_a_long_text_is_read_in_linear_time(text):
    # Quadratic backtracking took seconds on such lines; an import reads every sheet.
    started = time.perf_counter()
    extract_budget(text)
    extract_head_count(text)
    assert time.perf_counter() - started < 1
