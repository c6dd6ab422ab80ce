"""Several files: the next one is parsed by a process of its own while one is written."""

import os

import pytest

from fiches.importing import import_paths, reading_ahead, service
from fiches.models import Action, ProjectSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_files(tmp_path, action_dump_path, project_sheet_path):
    (tmp_path / "a.txt").write_bytes(action_dump_path.read_bytes())
    (tmp_path / "b.txt").write_bytes(project_sheet_path.read_bytes())
    (tmp_path / "c.txt").write_bytes(action_dump_path.read_bytes())
    return tmp_path


@pytest.fixture
def parsed_here(monkeypatch):
    """The files the importing process parses itself."""
    sources = []

    def counting_parse(text, *, source=""):
        sources.append(source)
        return parse_sheets(text, source=source)

    parse_sheets = service.parse_sheets
    monkeypatch.setattr(service, "parse_sheets", counting_parse)
    return sources


def test_files_read_ahead_are_not_parsed_again(three_files, parsed_here):
    reports = import_paths(paths=[three_files])

    assert parsed_here == []
    assert [(r.ok, r.created, r.unchanged, r.encoding) for r in reports] == [
        (True, 22, 0, "UTF-8"),
        (True, 1, 0, "UTF-8"),
        (True, 0, 22, "UTF-8"),
    ]
    assert reports[1].format == "project_sheet"
    assert Action.objects.count() == 22 and ProjectSheet.objects.count() == 1


def test_one_file_alone_is_parsed_by_the_importing_process(three_files, parsed_here):
    (report,) = import_paths(paths=[three_files / "a.txt"])

    assert report.created == 22
    assert parsed_here == [str(three_files / "a.txt")]


def dies(path):
    os._exit(3)


def test_files_are_imported_all_the_same_when_the_reader_dies(
    three_files, parsed_here, monkeypatch, caplog
):
    monkeypatch.setattr(reading_ahead, "read_and_parse", dies)

    reports = import_paths(paths=[three_files])

    assert [(r.ok, r.created, r.unchanged) for r in reports] == [
        (True, 22, 0),
        (True, 1, 0),
        (True, 0, 22),
    ]
    assert len(parsed_here) == 3
    assert "Reading ahead failed" in caplog.text
