"""Parser for a centre's "fiche projet", a Word form exported as plain text.

The first non-empty line names the centre; then come "Heading : value" lines, in any order,
each heading owning the lines up to the next one. Headings are recognised by their tolerant key
(see ``heading_key``), so "Constat(s) :", "Constat (s) :" and "CONSTATS" all match. Every line
lands in the field of the section it is in: nothing is dropped, and what had to be guessed is
reported as a ParseWarning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsing.errors import SheetParseError
from parsing.project_partners import parse_partner
from parsing.records import (
    ParseWarning,
    ProjectActionEntry,
    ProjectPartnerEntry,
    ProjectSheet,
    TimelineEntry,
)
from parsing.text import (
    heading_key,
    join_text_lines,
    reject_binary,
    split_lines,
    strip_value,
)

Line = tuple[int, str]  # (1-based line number, text as written)


@dataclass(frozen=True)
class Heading:
    name: str  # the section, usually the ProjectSheet field it fills
    label: str  # as the form writes it, for messages
    pattern: str  # matched against the heading key of the text before the first ":"
    required: bool = False
    inline: bool = False  # the value usually follows the colon on the same line
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))


HEADINGS: tuple[Heading, ...] = (
    Heading("year", "Année de réalisation", r"annee de realisation", inline=True),
    Heading("findings", "Constat(s)", r"constats?(\(s\))?", required=True),
    Heading(
        "general_objectives",
        "Axe (s) du projet social – objectif(s) général (aux)",
        r"axes?(\(s\))? du projet social\b.*",
    ),
    Heading("lead", "Nom du porteur du projet", r"nom du porteur( du projet)?", inline=True),
    Heading("staff", "Encadrement (s)", r"encadrements?(\(s\))?"),
    Heading("sector", "Secteurs concernés", r"secteurs? concernes?(\(.*\))?"),
    Heading("actions", "Titre des actions", r"titres? des actions"),
    Heading(
        "public",
        "Public (s) bénéficiaire (s)",
        r"publics?(\(s\))? beneficiaires?(\(s\))?",
        inline=True,
    ),
    Heading(
        "partners",
        "Partenaires - transversalité",
        r"partenaires?( ?- ?transversalite)?",
        required=True,
    ),
    Heading(
        "dates",
        "Dates ou période de réalisation",
        r"dates? ou periodes? de realisation",
        inline=True,
    ),
    Heading("place", "Lieu de réalisation", r"lieux? de realisation", inline=True),
    Heading(
        "operational_objectives",
        "Objectif (s) opérationnel(s)",
        r"objectifs?(\(s\))? operationnels?(\(s\))?",
    ),
    Heading(
        "progress",
        "Déroulement des actions (description)",
        r"deroulement des actions(\(description\))?",
    ),
    Heading("timeline", "Echéancier", r"echeancier"),
    Heading(
        "evaluation_criteria",
        "Evaluation (critères qualitatifs & quantitatifs)",
        r"evaluation(\(.*\))?",
    ),
    Heading("budget_note", "BUDGET PREVISIONNEL", r"budget( previsionnel)?"),
    Heading("perspectives", "Perspectives", r"perspectives?"),
)

# Word exports list bullets as "·" (often followed by a non-breaking space), sometimes "•".
_BULLET = re.compile(r"^\s*(?:[·•▪◦●‣∙]\s*|[*–-]\s+)")
_NUMBERING = re.compile(r"^\s*\d+\s*[.)]\s*")
# The "Action nouvelle / Action reconduite" checkboxes of the form, their boxes lost.
_FORM_ROW = re.compile(r"action nouvelle\b.*\baction reconduite")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:…|\.{3})$")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_TIME_WORD = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre|trimestre|semestre|printemps|ete|automne|hiver|\d{4})\b"
)


@dataclass
class _Section:
    heading: Heading | None  # None for the lines between the centre name and the first heading
    line: int
    label: str  # the heading as written, before its colon
    lines: list[Line] = field(default_factory=list)


def parse_project_sheet(text: str, *, source: str = "") -> ProjectSheet:
    """Read a "fiche projet". Raises SheetParseError, and nothing else, when it is not one."""
    reject_binary(text, source=source)
    lines = split_lines(text)
    centre_line = next((number for number, line in enumerate(lines, 1) if line.strip()), None)
    if centre_line is None:
        raise SheetParseError("fiche projet vide", line=1, source=source)
    centre_name = strip_value(lines[centre_line - 1])
    if (heading := match_heading(centre_name)) is not None:
        raise SheetParseError(
            f"nom du centre attendu en première ligne, trouvé la rubrique « {heading.label} »",
            line=centre_line,
            source=source,
        )

    warnings: list[ParseWarning] = []
    sections, form_rows = _split_sections(lines, start=centre_line, warnings=warnings)
    for heading in HEADINGS:
        if heading.required and heading.name not in sections:
            raise SheetParseError(
                f"rubrique « {heading.label} » introuvable dans la fiche projet",
                line=max(len(lines), 1),
                source=source,
            )
    return _build_sheet(centre_name, centre_line, sections, form_rows, warnings)


def match_heading(line: str) -> Heading | None:
    """The heading that ``line`` opens, if any (bulleted lines never open one)."""
    if _BULLET.match(line):
        return None
    label, _colon, _value = line.partition(":")
    key = heading_key(label).rstrip(" .")
    return next((heading for heading in HEADINGS if heading.regex.fullmatch(key)), None)


def _split_sections(
    lines: list[str], *, start: int, warnings: list[ParseWarning]
) -> tuple[dict[str, _Section], list[Line]]:
    """Share the lines after the centre name among the sections of their headings."""
    sections: dict[str, _Section] = {}
    current = _Section(heading=None, line=start, label="")
    preamble = current
    form_rows: list[Line] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if _FORM_ROW.search(heading_key(line)):
            form_rows.append((number, line))
            continue
        heading = match_heading(line)
        if heading is None:
            current.lines.append((number, line))
            continue
        label, _colon, value = line.partition(":")
        if heading.name in sections:
            # Same heading twice: its content is added to the first one rather than lost.
            current = sections[heading.name]
            warnings.append(
                ParseWarning(number, f"rubrique « {heading.label} » répétée : contenu ajouté")
            )
        else:
            current = sections[heading.name] = _Section(heading, number, strip_value(label))
        if strip_value(value):
            current.lines.append((number, value))

    for number, line in preamble.lines:
        if strip_value(line):
            form_rows.append((number, line))
            warnings.append(
                ParseWarning(number, "ligne hors rubrique avant la première : gardée en notes")
            )
    return sections, sorted(form_rows)


def _build_sheet(
    centre_name: str,
    centre_line: int,
    sections: dict[str, _Section],
    form_rows: list[Line],
    warnings: list[ParseWarning],
) -> ProjectSheet:
    def lines_of(name: str) -> list[Line]:
        section = sections.get(name)
        return section.lines if section else []

    def text_of(name: str) -> str:
        return join_text_lines([line for _number, line in lines_of(name)])

    def inline_of(name: str) -> str:
        value_lines = [(number, line) for number, line in lines_of(name) if strip_value(line)]
        for number, _line in value_lines[1:]:
            label = sections[name].heading.label
            warnings.append(ParseWarning(number, f"ligne ajoutée à la valeur de « {label} »"))
        return text_of(name)

    sector, sector_details = _sector(sections.get("sector"))
    return ProjectSheet(
        line=centre_line,
        centre_name=centre_name,
        year=_TRAILING_ELLIPSIS.sub("", inline_of("year")),
        findings=text_of("findings"),
        general_objectives=text_of("general_objectives"),
        lead=inline_of("lead"),
        staff=text_of("staff"),
        sector=sector,
        sector_details=sector_details,
        actions=_numbered_actions(lines_of("actions"), warnings),
        form_notes="\n".join(strip_value(line) for _number, line in form_rows),
        public=inline_of("public"),
        partners=_partners(lines_of("partners"), warnings),
        dates=inline_of("dates"),
        place=inline_of("place"),
        operational_objectives=_bullet_items(lines_of("operational_objectives"), warnings),
        progress=text_of("progress"),
        timeline=_timeline(lines_of("timeline"), warnings),
        evaluation_criteria=_plain_items(lines_of("evaluation_criteria")),
        budget_note=text_of("budget_note"),
        perspectives=_bullet_items(lines_of("perspectives"), warnings),
        warnings=tuple(warnings),
    )


# Section readers


def _sector(section: _Section | None) -> tuple[str, str]:
    """The sector named in the heading's parenthesis ("Secteurs concernés (Famille)"), or else
    the value after its colon; and the text under it."""
    if section is None:
        return "", ""
    lines = [line for _number, line in section.lines]
    named = _PARENTHESIS.search(section.label)
    if named:
        return strip_value(named.group(1)), join_text_lines(lines)
    if lines and section.lines[0][0] == section.line:
        return strip_value(lines[0]), join_text_lines(lines[1:])
    return "", join_text_lines(lines)


def _bullet_text(line: str) -> str | None:
    """The text of a bulleted line, bullet removed; None when the line has no bullet."""
    bullet = _BULLET.match(line)
    return strip_value(line[bullet.end() :]) if bullet else None


def _bullet_items(lines: list[Line], warnings: list[ParseWarning]) -> tuple[str, ...]:
    """Bulleted items; a line without bullet continues the item above it."""
    items: list[str] = []
    for number, line in lines:
        text = _bullet_text(line)
        if text is not None:
            items.append(text)
        elif strip_value(line):
            if items:
                items[-1] = f"{items[-1]}\n{strip_value(line)}"
                warnings.append(ParseWarning(number, "ligne sans puce rattachée à la précédente"))
            else:
                items.append(strip_value(line))
                warnings.append(ParseWarning(number, "élément de liste sans puce"))
    return tuple(item for item in items if item)


def _numbered_actions(
    lines: list[Line], warnings: list[ParseWarning]
) -> tuple[ProjectActionEntry, ...]:
    actions = []
    for number, line in lines:
        if not strip_value(line):
            continue
        numbering = _NUMBERING.match(line)
        if numbering is None:
            warnings.append(ParseWarning(number, "titre d'action sans numéro"))
        title = strip_value(line[numbering.end() :] if numbering else line)
        if title:
            actions.append(ProjectActionEntry(line=number, title=title))
    return tuple(actions)


def _plain_items(lines: list[Line]) -> tuple[str, ...]:
    """One item per non-empty line, bullet removed if there is one."""
    items = (_bullet_text(line) or strip_value(line) for _number, line in lines)
    return tuple(item for item in items if item)


def _period_line(line: str) -> tuple[str, str] | None:
    """(period, rest) when the line opens a period of the timeline: "Janvier 2018 :" or
    "Juin : réunion…"; None otherwise."""
    if _BULLET.match(line):
        return None
    stripped = strip_value(line)
    if stripped.endswith(":"):
        return strip_value(stripped[:-1]), ""
    period, colon, rest = stripped.partition(":")
    if colon and len(period) <= 40 and _TIME_WORD.search(heading_key(period)):
        return strip_value(period), strip_value(rest)
    return None


def _timeline(lines: list[Line], warnings: list[ParseWarning]) -> tuple[TimelineEntry, ...]:
    entries: list[tuple[int, str, list[str]]] = []
    for number, line in lines:
        if not strip_value(line):
            continue
        period = _period_line(line)
        if period is not None:
            name, first_item = period
            entries.append((number, name, [first_item] if first_item else []))
            continue
        if not entries:
            warnings.append(ParseWarning(number, "étape de l'échéancier sans période"))
            entries.append((number, "", []))
        item = _bullet_text(line)
        entries[-1][2].append(item if item is not None else strip_value(line))
    return tuple(
        TimelineEntry(line=number, period=period, text="\n".join(item for item in items if item))
        for number, period, items in entries
    )


def _partners(lines: list[Line], warnings: list[ParseWarning]) -> tuple[ProjectPartnerEntry, ...]:
    """Bullets under category sub-headings ("Institutionnels :")."""
    category = ""
    partners = []
    for number, line in lines:
        bullet_text = _bullet_text(line)
        stripped = strip_value(line)
        if bullet_text is None and stripped.endswith(":"):
            category = strip_value(stripped[:-1])
            continue
        if bullet_text is None and not stripped:
            continue
        if bullet_text is None:
            warnings.append(ParseWarning(number, f"partenaire sans puce : « {stripped} »"))
        elif not category:
            warnings.append(ParseWarning(number, "partenaire hors catégorie"))
        as_written = stripped if bullet_text is None else bullet_text
        if as_written:
            partners.append(parse_partner(as_written, category=category, line=number))
    return tuple(partners)
