"""Pure parsers for the raw sheet formats: text in, records out, SheetParseError on bad input.

Two formats are known: the observatory's dump of "fiches actions" (``parse_action_dump``) and a
centre's "fiche projet" exported from Word (``parse_project_sheet``). ``parse_sheets`` picks the
right one from the text itself.
"""

from __future__ import annotations

from typing import Literal

from parsing.action_dump import SHEET_HEADINGS, is_title_line, parse_action_dump
from parsing.errors import SheetParseError
from parsing.project_sheet import HEADINGS, match_heading, parse_project_sheet
from parsing.records import (
    ActionDump,
    ActionSheet,
    FollowUp,
    ParseWarning,
    ProjectActionEntry,
    ProjectPartnerEntry,
    ProjectSheet,
    TimelineEntry,
)
from parsing.text import clean_source, heading_key, split_lines

__all__ = [
    "ActionDump",
    "ActionSheet",
    "FollowUp",
    "ParseWarning",
    "ProjectActionEntry",
    "ProjectPartnerEntry",
    "ProjectSheet",
    "SheetFormat",
    "SheetParseError",
    "TimelineEntry",
    "clean_source",
    "detect_format",
    "heading_key",
    "parse_action_dump",
    "parse_project_sheet",
    "parse_sheets",
]

SheetFormat = Literal["action_dump", "project_sheet"]

_FIRST_ACTION_HEADING = SHEET_HEADINGS[0]
_PROJECT_MARKERS = tuple(
    heading for heading in HEADINGS if heading.name in {"findings", "partners"}
)


def detect_format(text: str) -> SheetFormat | None:
    """Tell the format from a few landmarks, without parsing.

    An action dump has an ``Actions "…"`` line followed, later, by "DESCRIPTION DE L'ACTION"; a
    project sheet has both a "Constat(s)" and a "Partenaires - transversalité" heading.
    """
    lines = split_lines(text)
    if _is_action_dump(lines):
        return "action_dump"
    if _is_project_sheet(lines):
        return "project_sheet"
    return None


def parse_sheets(text: str, *, source: str = "") -> ActionDump | ProjectSheet:
    """Parse ``text`` with the parser of its format; SheetParseError when neither fits."""
    match detect_format(text):
        case "action_dump":
            return parse_action_dump(text, source=source)
        case "project_sheet":
            return parse_project_sheet(text, source=source)
    raise SheetParseError(
        "format de fiche non reconnu : ni un export de fiches actions (une ligne "
        'Actions "…" suivie de « DESCRIPTION DE L\'ACTION »), ni une fiche projet '
        "(rubriques « Constat(s) » et « Partenaires - transversalité »)",
        line=1,
        source=source,
    )


def _is_action_dump(lines: list[str]) -> bool:
    title_seen = False
    for line in lines:
        if is_title_line(line):
            title_seen = True
        elif title_seen and _FIRST_ACTION_HEADING.matches(line):
            return True
    return False


def _is_project_sheet(lines: list[str]) -> bool:
    found = {heading.name for line in lines if (heading := match_heading(line))}
    return all(marker.name in found for marker in _PROJECT_MARKERS)
