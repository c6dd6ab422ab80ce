"""Properties of the sheet parsers: whatever the text, they return records or raise
SheetParseError with a line number, and the real seed files survive reordering and noise."""

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from parsing import (
    ActionDump,
    ProjectSheet,
    SheetParseError,
    detect_format,
    parse_action_dump,
    parse_project_sheet,
    parse_sheets,
)
from parsing.action_dump import (
    SHEET_HEADINGS,
    STATUSES,
    _label_key,
    _line_key,
    is_title_line,
)
from parsing.project_sheet import match_heading
from parsing.text import split_lines

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DUMP_TEXT = (FIXTURES / "observatoire-yvelines-fiches-actions.txt").read_text(encoding="utf-8")
PROJECT_TEXT = (FIXTURES / "chantiers-fiche-projet-famille-2018.txt").read_text(encoding="utf-8")
DUMP_LINES = DUMP_TEXT.split("\n")
PROJECT_LINES = PROJECT_TEXT.split("\n")
PARSERS = (parse_action_dump, parse_project_sheet, parse_sheets)

# A little of the text the real files are made of, so that random lines look like them.
LINE_TEXT = st.text(
    alphabet=st.sampled_from([*"-:·()«»\"' \t\u00a0aeAEé’–0123456789\r\ufeff", "\n"]),
    max_size=30,
) | st.sampled_from(DUMP_LINES[:80] + PROJECT_LINES)


def assert_records_or_located_error(parse, text):
    """The contract of every parser: records, or a SheetParseError pointing inside the text."""
    line_count = max(1, len(split_lines(text)))
    try:
        parsed = parse(text, source="prop.txt")
    except SheetParseError as error:
        assert 1 <= error.line <= line_count, (error.line, line_count)
        assert error.source == "prop.txt"
        assert error.message
        return None
    if isinstance(parsed, ActionDump):
        assert_sane_dump(parsed)
    else:
        assert_sane_project_sheet(parsed)
    return parsed


def assert_stripped(value):
    if isinstance(value, tuple):
        assert all(item and item == item.strip() for item in value), value
    else:
        assert value == value.strip(), value


def assert_sane_dump(dump):
    assert dump.sheets
    for sheet in dump.sheets:
        assert sheet.line >= 1
        assert sheet.title and sheet.organiser
        assert sheet.status in ("", *STATUSES)
        for name in sheet.__dataclass_fields__:
            if name != "line":
                assert_stripped(getattr(sheet, name))


def assert_sane_project_sheet(sheet):
    assert isinstance(sheet, ProjectSheet)
    assert sheet.line >= 1
    assert sheet.centre_name
    for name in ("centre_name", "year", "findings", "lead", "public", "place"):
        assert_stripped(getattr(sheet, name))
    assert_stripped(tuple(action.title for action in sheet.actions))
    for partner in sheet.partners:
        assert partner.as_written and partner.name


# Any text at all


@settings(deadline=None, max_examples=150)
@given(st.text())
def test_any_text_gives_records_or_a_located_error(text):
    for parse in PARSERS:
        assert_records_or_located_error(parse, text)
    assert detect_format(text) in (None, "action_dump", "project_sheet")


@settings(deadline=None, max_examples=100)
@given(st.lists(LINE_TEXT, max_size=40))
def test_lines_that_look_like_the_real_ones_give_records_or_a_located_error(lines):
    text = "\n".join(lines)
    for parse in PARSERS:
        assert_records_or_located_error(parse, text)


# The real files, damaged


def _index(draw, lines):
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def delete_line(draw, lines):
    if lines:
        del lines[_index(draw, lines)]


def duplicate_line(draw, lines):
    if lines:
        index = _index(draw, lines)
        lines.insert(index, lines[index])


def swap_lines(draw, lines):
    if lines:
        first, second = _index(draw, lines), _index(draw, lines)
        lines[first], lines[second] = lines[second], lines[first]


def truncate_file(draw, lines):
    del lines[_index(draw, lines) :]


def cut_line(draw, lines):
    if lines:
        index = _index(draw, lines)
        lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]


def glue_lines(draw, lines):
    if len(lines) > 1:
        index = draw(st.integers(0, len(lines) - 2))
        lines[index : index + 2] = [
            lines[index] + draw(st.sampled_from(["", " ", " - "])) + lines[index + 1]
        ]


def insert_line(draw, lines):
    lines.insert(_index(draw, lines), draw(LINE_TEXT))


def replace_line(draw, lines):
    if lines:
        lines[_index(draw, lines)] = draw(LINE_TEXT)


def shuffle_window(draw, lines):
    start = _index(draw, lines)
    window = lines[start : start + 8]
    lines[start : start + 8] = draw(st.permutations(window))


DAMAGES = (
    delete_line,
    duplicate_line,
    swap_lines,
    truncate_file,
    cut_line,
    glue_lines,
    insert_line,
    replace_line,
    shuffle_window,
)


@st.composite
def damaged(draw, lines):
    lines = list(lines)
    for damage in draw(st.lists(st.sampled_from(DAMAGES), min_size=1, max_size=5)):
        damage(draw, lines)
    return "\n".join(lines)


@settings(deadline=None, max_examples=60)
@given(damaged(DUMP_LINES))
def test_damaged_dump_gives_records_or_a_located_error(text):
    assert_records_or_located_error(parse_action_dump, text)


@settings(deadline=None, max_examples=100)
@given(damaged(PROJECT_LINES))
def test_damaged_project_sheet_gives_records_or_a_located_error(text):
    assert_records_or_located_error(parse_project_sheet, text)


# The real files, rearranged or noisy: same records


def blocks(lines, starts_block):
    """Split lines into blocks, each opened by a line for which ``starts_block`` holds."""
    found = []
    for line in lines:
        if starts_block(line) or not found:
            found.append([])
        found[-1].append(line)
    return found


DUMP_HEADER, *DUMP_SHEET_BLOCKS = blocks(DUMP_LINES, is_title_line)
SEED_DUMP = parse_action_dump(DUMP_TEXT)
PROJECT_CENTRE, *PROJECT_SECTIONS = blocks(
    PROJECT_LINES, lambda line: match_heading(line) is not None
)
SEED_PROJECT = parse_project_sheet(PROJECT_TEXT)


@settings(deadline=None, max_examples=30)
@given(st.lists(st.integers(0, len(DUMP_SHEET_BLOCKS) - 1), min_size=1, max_size=30))
def test_any_selection_of_sheets_reads_back_the_same_sheets(picked):
    text = "\n".join(line for index in picked for line in DUMP_SHEET_BLOCKS[index])
    dump = parse_action_dump(text)
    assert dump.sheets == tuple(SEED_DUMP.sheets[index] for index in picked)
    assert dump.from_observatory is False


@settings(deadline=None, max_examples=30)
@given(st.permutations(PROJECT_SECTIONS))
def test_project_headings_may_come_in_any_order(sections):
    text = "\n".join(PROJECT_CENTRE + [line for section in sections for line in section])
    assert parse_project_sheet(text) == SEED_PROJECT


def add_noise(lines, rng):
    noisy = []
    for line in lines:
        if rng.random() < 0.2:
            line = "[bookmark: _GoBack]" + line
        noisy.append(line + "".join(rng.choices(" \t\u00a0", k=rng.randint(0, 3))))
    return "\ufeff" * rng.randint(0, 1) + rng.choice(["\n", "\r\n", "\r"]).join(noisy)


@settings(deadline=None, max_examples=15)
@given(st.integers(min_value=0, max_value=2**32))
def test_export_noise_changes_nothing(seed):
    # A seeded generator rather than st.randoms(): the noise covers every line of the files.
    rng = random.Random(seed)
    assert parse_action_dump(add_noise(DUMP_LINES, rng)) == SEED_DUMP
    assert parse_project_sheet(add_noise(PROJECT_LINES, rng)) == SEED_PROJECT


# Headings as they may be written: any of them, cased, accented, spaced or punctuated anew.
HEADING_LIKE = st.builds(
    lambda heading, case, prefix, suffix: prefix + getattr(heading.label, case)() + suffix,
    st.sampled_from(SHEET_HEADINGS),
    st.sampled_from(["upper", "lower", "title", "strip"]),
    st.sampled_from(["", "- ", "  ", "\u00a0"]),
    st.sampled_from(["", " :", " ?", "...", "\t", " : "]),
)


@settings(max_examples=300, deadline=None)
@given(HEADING_LIKE | LINE_TEXT | st.text(max_size=400))
def test_ruling_out_long_lines_never_misses_a_heading(line):
    """The shortcut that rules out a line by its letters agrees with keying it whole."""
    full_key = _label_key(line)
    if any(heading.key == full_key for heading in SHEET_HEADINGS):
        assert _line_key(line) == full_key
    else:
        assert _line_key(line) in ("", full_key)
