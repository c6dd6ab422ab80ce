"""Telling the two sheet formats apart, and dispatching to their parser."""

from pathlib import Path

import pytest

from parsing import (
    ActionDump,
    ProjectSheet,
    SheetParseError,
    detect_format,
    parse_sheets,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DUMP_TEXT = (FIXTURES / "observatoire-yvelines-fiches-actions.txt").read_text(encoding="utf-8")
PROJECT_TEXT = (FIXTURES / "chantiers-fiche-projet-famille-2018.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DUMP_TEXT, "action_dump"),
        ("\ufeff" + DUMP_TEXT.replace("\n", "\r\n"), "action_dump"),
        ('Actions "X"\n- description de l’action\n', "action_dump"),
        (PROJECT_TEXT, "project_sheet"),
        ("Centre\nCONSTATS :\nPartenaires – transversalité :\n", "project_sheet"),
        ("", None),
        ('DESCRIPTION DE L\'ACTION\nActions "X"\n', None),  # the heading must follow a title
        ("Centre\nConstat(s) :\n", None),
        ("Centre\nPartenaires - transversalité :\n", None),
        ("\x00\x01binaire", None),
    ],
)
def test_detect_format(text, expected):
    assert detect_format(text) == expected


def test_parse_sheets_dispatches_on_the_format():
    assert isinstance(parse_sheets(DUMP_TEXT), ActionDump)
    assert isinstance(parse_sheets(PROJECT_TEXT), ProjectSheet)


@pytest.mark.parametrize("text", ["", "Bonjour\n", 'Actions "sans rubrique"\n', "\x89PNG\x00"])
def test_parse_sheets_refuses_an_unknown_format(text):
    with pytest.raises(SheetParseError) as raised:
        parse_sheets(text, source="inconnu.txt")
    assert raised.value.line == 1
    assert raised.value.source == "inconnu.txt"
    assert raised.value.message.startswith("format de fiche non reconnu")


def test_parse_sheets_passes_the_parser_errors_on():
    broken = DUMP_TEXT.replace("- Terminée", "- Abandonnée", 1)
    with pytest.raises(SheetParseError) as raised:
        parse_sheets(broken, source="depot.txt")
    assert (raised.value.line, raised.value.source) == (5, "depot.txt")
