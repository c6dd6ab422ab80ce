"""Parser for the observatory's dump of "fiches actions".

Each sheet opens with an ``Actions "<title>"`` line followed by a fixed sequence of headings,
one per line. Free-text answers often contain lines starting with "- " too, so a line is read as
a heading only when it is the heading expected next (or a later one, past optional headings):
the parser walks the sheet as a state machine over ``SHEET_HEADINGS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from parsing.action_sheet import HEADINGS, HEADINGS_BY_NAME, SECTIONS, Kind
from parsing.caching import short_string_cache
from parsing.errors import SheetParseError
from parsing.records import ActionDump, ActionSheet, ParseWarning
from parsing.text import (
    heading_key,
    join_text_lines,
    reject_binary,
    split_lines,
    strip_value,
)

OBSERVATORY_HEADER = "Les actions des centres sociaux"
TITLE_PREFIX = 'Actions "'
STATUSES = tuple(label for _value, label in HEADINGS_BY_NAME["status"].choices)

_TITLE_LINE = re.compile(r'^\s*Actions "')
# A heading glued at the end of a text line: "… 10 000,00 € - Nombre de personnes …".
_GLUE_DASH = re.compile(r"\s-\s")


class SectionKind(Enum):
    GROUP = "group"  # a group title ("DESCRIPTION DE L'ACTION"), with no content of its own
    TEXT = "text"  # free text, kept as written
    LIST = "list"  # "- value" lines
    SINGLE = "single"  # "- value" lines, one at most


# Every sheet repeats the same headings and list values, and the parser keys a line of text
# more than once (is it the next heading? a later one?): keys are worth remembering. Headings
# are under a hundred characters; longer lines (paragraphs of text) are keyed each time, so
# that the cache stays under a few megabytes.
@short_string_cache(maxsize=4096, max_length=160)
def _label_key(line: str) -> str:
    """The heading key of a line, without the "- " that marks sub-headings or a closing mark."""
    return heading_key(line).lstrip("- ").rstrip(" :.?")


_NOT_LETTER_OR_DIGIT = bytes(b for b in range(128) if not chr(b).isalnum())


def _ascii_letters_and_digits(text: str) -> int:
    return len(text.encode("ascii", "ignore").translate(None, _NOT_LETTER_OR_DIGIT))


def _line_key(line: str) -> str:
    """The heading key of a line that may be a heading, "" for one that cannot be.

    Keying strips accents character by character, and most lines of a dump are paragraphs
    of text. Keying never removes an ASCII letter or digit (it only adds some, "é" giving
    "e"), so a line with more of them than the longest heading's key is no heading: it is
    ruled out by one regular expression instead.
    """
    if len(line) > _MOST_LETTERS_IN_A_HEADING and (
        _ascii_letters_and_digits(line) > _MOST_LETTERS_IN_A_HEADING
    ):
        return ""
    return _label_key(line)


@dataclass(frozen=True)
class Heading:
    label: str  # as the dump writes it, without the leading "- "
    kind: SectionKind
    record_field: str = ""  # the ActionSheet field the section fills
    optional: bool = False
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _label_key(self.label))

    def matches(self, line: str) -> bool:
        return _line_key(line) == self.key


def _heading_table() -> tuple[Heading, ...]:
    """The headings in the order the dump writes them, from the sheet's declaration: each
    section's title, then each of its headings' labels."""
    table = []
    for section in SECTIONS:
        table.append(Heading(section.label, SectionKind.GROUP))
        for heading in section.headings:
            if heading.kind is Kind.TEXT:
                kind = SectionKind.TEXT
            elif heading.kind.is_list:
                kind = SectionKind.LIST
            else:
                kind = SectionKind.SINGLE
            for label in heading.labels:
                table.append(Heading(label, kind, heading.name, optional=heading.optional))
    return tuple(table)


SHEET_HEADINGS: tuple[Heading, ...] = _heading_table()

_MOST_LETTERS_IN_A_HEADING = max(_ascii_letters_and_digits(h.key) for h in SHEET_HEADINGS)
# Room for a heading written with extra spaces, plus the " - " that glues it.
_LONGEST_GLUED_HEADING = 2 * max(len(heading.label) for heading in SHEET_HEADINGS) + 10
_ORGANISER = next(heading for heading in SHEET_HEADINGS if heading.record_field == "organiser")


def is_title_line(line: str) -> bool:
    return bool(_TITLE_LINE.match(line))


def parse_action_dump(text: str, *, source: str = "") -> ActionDump:
    """Read every sheet of an observatory dump, in order and duplicates included.

    Raises SheetParseError, and nothing else, on anything that is not a well-formed dump.
    """
    reject_binary(text, source=source)
    lines = split_lines(text)
    title_indexes = [index for index, line in enumerate(lines) if is_title_line(line)]
    if not title_indexes:
        raise SheetParseError(
            f'aucune fiche action trouvée : une fiche commence par une ligne {TITLE_PREFIX}…"',
            line=1,
            source=source,
        )
    from_observatory = _read_preamble(lines[: title_indexes[0]], source=source)

    warnings: list[ParseWarning] = []
    sheets = []
    ends = [*title_indexes[1:], len(lines)]
    for start, end in zip(title_indexes, ends, strict=True):
        reader = _SheetReader(lines[start], line=start + 1, source=source, warnings=warnings)
        for number, line in enumerate(lines[start + 1 : end], start=start + 2):
            reader.feed(line, number)
        sheets.append(reader.finish(ended_at=end + 1, at_end_of_file=end == len(lines)))
    return ActionDump(
        sheets=tuple(sheets), warnings=tuple(warnings), from_observatory=from_observatory
    )


def _read_preamble(lines: list[str], *, source: str) -> bool:
    """Check what comes before the first sheet; True when it is the observatory's header."""
    from_observatory = False
    for number, line in enumerate(lines, start=1):
        if not strip_value(line):
            continue
        if not from_observatory and heading_key(line) == heading_key(OBSERVATORY_HEADER):
            from_observatory = True
            continue
        raise SheetParseError(
            f"texte inattendu avant la première fiche : « {strip_value(line)} » "
            f'(une fiche commence par une ligne {TITLE_PREFIX}…")',
            line=number,
            source=source,
        )
    return from_observatory


def _read_title(line: str, *, number: int, source: str) -> str:
    # The title may itself hold quotes: it runs from the first quote to the last one.
    first_quote = line.index('"')
    last_quote = line.rindex('"')
    if last_quote == first_quote:
        raise SheetParseError(
            f"titre de fiche sans guillemet fermant : « {strip_value(line)} »",
            line=number,
            source=source,
        )
    title = strip_value(line[first_quote + 1 : last_quote])
    if not title:
        raise SheetParseError("fiche sans titre", line=number, source=source)
    return title


class _SheetReader:
    """Walks one sheet line by line; ``position`` indexes the heading whose section we are in."""

    def __init__(
        self, title_line: str, *, line: int, source: str, warnings: list[ParseWarning]
    ) -> None:
        self.line = line
        self.source = source
        self.title = _read_title(title_line, number=line, source=source)
        self.warnings = warnings
        self.position = -1  # before the first heading, right after the title line
        self.texts: dict[str, list[str]] = {}
        self.values: dict[str, list[tuple[int, str]]] = {}
        # The first heading met out of order, to explain an incomplete sheet.
        self.misplaced: tuple[int, Heading] | None = None

    @property
    def section(self) -> Heading | None:
        return SHEET_HEADINGS[self.position] if self.position >= 0 else None

    def feed(self, line: str, number: int) -> None:
        next_position = self._expected_heading(line)
        if next_position is not None:
            self.position = next_position
            return
        section = self.section
        if section is None or section.kind is SectionKind.GROUP:
            self._feed_between_headings(line, number)
        elif section.kind is SectionKind.TEXT:
            self._feed_text(section, line, number)
        else:
            self._feed_value(section, line, number)

    def finish(self, *, ended_at: int, at_end_of_file: bool) -> ActionSheet:
        if self.position < len(SHEET_HEADINGS) - 1:
            self._fail_incomplete(ended_at=ended_at, at_end_of_file=at_end_of_file)
        organiser = self._single("organiser")
        if not organiser:
            raise SheetParseError(
                f"fiche sans « {_ORGANISER.label} » (fiche « {self.title} »)",
                line=self.line,
                source=self.source,
            )
        values = {heading.name: self._value(heading) for heading in HEADINGS}
        return ActionSheet(line=self.line, title=self.title, **values | {"organiser": organiser})

    # Headings

    def _candidates(self) -> Iterator[tuple[int, Heading]]:
        """The headings that may come next: up to and including the next required one."""
        for position in range(self.position + 1, len(SHEET_HEADINGS)):
            yield position, SHEET_HEADINGS[position]
            if not SHEET_HEADINGS[position].optional:
                return

    def _expected_heading(self, line: str) -> int | None:
        key = _line_key(line)
        if not key:
            return None
        for position, heading in self._candidates():
            if heading.key == key:
                return position
        return None

    def _later_heading(self, line: str) -> Heading | None:
        key = _line_key(line)
        later = SHEET_HEADINGS[self.position + 1 :]
        return next((heading for heading in later if key and heading.key == key), None)

    def _split_glued_heading(self, line: str) -> tuple[str, int] | None:
        """Find a heading glued at the end of a text line, as in "… 10 000,00 € - Nombre de …"."""
        for dash in _GLUE_DASH.finditer(line):
            if len(line) - dash.start() > _LONGEST_GLUED_HEADING:
                continue  # too long to be a heading: spares keying every suffix of long lines
            position = self._expected_heading(line[dash.start() :])
            if position is not None:
                return line[: dash.start()], position
        return None

    # Sections

    def _feed_between_headings(self, line: str, number: int) -> None:
        if not strip_value(line):
            return
        expected = SHEET_HEADINGS[self.position + 1]
        raise SheetParseError(
            f"rubrique « {expected.label} » attendue, trouvé « {strip_value(line)} »",
            line=number,
            source=self.source,
        )

    def _feed_text(self, section: Heading, line: str, number: int) -> None:
        glued = self._split_glued_heading(line)
        if glued is not None:
            text, position = glued
            self.texts.setdefault(section.record_field, []).append(text)
            self.position = position
            self.warnings.append(
                ParseWarning(
                    line=number,
                    message=(
                        f"rubrique « {SHEET_HEADINGS[position].label} » collée à la fin du "
                        f"texte de « {section.label} » : séparée (fiche « {self.title} »)"
                    ),
                )
            )
            return
        if self.misplaced is None and (later := self._later_heading(line)):
            self.misplaced = (number, later)
        self.texts.setdefault(section.record_field, []).append(line)

    def _feed_value(self, section: Heading, line: str, number: int) -> None:
        stripped = strip_value(line)
        if not stripped:
            return
        if not stripped.startswith("-"):
            raise SheetParseError(
                f"valeur « - … » attendue sous « {section.label} », trouvé « {stripped} »",
                line=number,
                source=self.source,
            )
        value = strip_value(stripped[1:])
        if not value:  # the lone "-" the dump puts before some lists
            return
        values = self.values.setdefault(section.record_field, [])
        if section.kind is SectionKind.SINGLE and values:
            raise SheetParseError(
                f"une seule valeur attendue sous « {section.label} », trouvé aussi « {value} »",
                line=number,
                source=self.source,
            )
        values.append((number, value))

    def _fail_incomplete(self, *, ended_at: int, at_end_of_file: bool) -> None:
        missing = SHEET_HEADINGS[self.position + 1]
        where = "la fin du fichier" if at_end_of_file else f"la fiche suivante (ligne {ended_at})"
        message = (
            f"fiche sans « {missing.label} » (fiche « {self.title} ») : "
            f"rubrique attendue avant {where}"
        )
        if self.misplaced is not None:
            number, heading = self.misplaced
            message += f" ; « {heading.label} » apparaît plus tôt, ligne {number}"
        raise SheetParseError(message, line=self.line, source=self.source)

    # Field values

    def _text(self, name: str) -> str:
        return join_text_lines(self.texts.get(name, []))

    def _list(self, name: str) -> tuple[str, ...]:
        return tuple(value for _number, value in self.values.get(name, []))

    def _single(self, name: str) -> str:
        values = self._list(name)
        return values[0] if values else ""

    def _value(self, heading) -> str | tuple[str, ...]:
        if heading.kind is Kind.TEXT:
            return self._text(heading.name)
        if heading.kind.is_list:
            return self._list(heading.name)
        if heading.kind is Kind.CHOICE:
            return self._choice(heading)
        return self._single(heading.name)

    def _choice(self, heading) -> str:
        """The canonical label of the heading's value (the dump's case and accents vary)."""
        values = self.values.get(heading.name, [])
        if not values:
            return ""
        number, value = values[0]
        labels = {heading_key(label): label for _value, label in heading.choices}
        try:
            return labels[heading_key(value)]
        except KeyError:
            expected = " ou ".join(f"« {label} »" for label in labels.values())
            raise SheetParseError(
                f"valeur inconnue « {value} » sous « {heading.label} » : {expected} attendu",
                line=number,
                source=self.source,
            ) from None
