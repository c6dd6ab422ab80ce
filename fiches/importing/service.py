"""Importing files: each one read, parsed and written in one transaction, its report said.

Parsing is pure (``parsing``); writing is each kind of record's writer's (``centres``,
``actions``, ``projects``). A file with any error writes nothing, and never stops the files
after it: every file gets its report, the refused ones with their error (the file, the line,
what was expected). Every record written is compared with what is stored (created / updated /
unchanged), and a record edited by hand since its last import keeps the edit: the import
reports the conflict instead of overwriting it.

The management command ``import_sheets`` and the admin's import page call these functions
and nothing else of the package.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db import transaction

from core.history import change_reason
from parsing import SheetParseError, parse_sheets
from parsing.records import ActionDump, ProjectSheet

from ..derived import refresh_derived
from .actions import ActionDumpWriter
from .centres import CentreWriter
from .errors import SheetImportError
from .files import decode_text, expand_paths, read_bytes
from .projects import ProjectSheetWriter
from .reading_ahead import read_ahead
from .report import FileReport
from .writing import ImportRun

logger = logging.getLogger(__name__)


def import_paths(
    *, paths: Iterable[str | Path], dry_run: bool = False, publication_state: str | None = None
) -> list[FileReport]:
    """Imports every file given, folders included (their files in name order): a report for
    each, whatever happens to the others."""
    return list(imported_files(paths=paths, dry_run=dry_run, publication_state=publication_state))


def imported_files(
    *, paths: Iterable[str | Path], dry_run: bool = False, publication_state: str | None = None
) -> Iterator[FileReport]:
    """Imports the files as :func:`import_paths` does, giving each report as its file is
    written. From two files on, the next file is parsed while one is written
    (``reading_ahead``)."""
    for path, read in read_ahead(expand_paths(paths)):
        if read is not None:
            yield _import(
                lambda read=read: read.parsed,
                source=str(path),
                encoding=read.encoding,
                dry_run=dry_run,
                publication_state=publication_state,
            )
            continue
        try:
            data = read_bytes(path)
        except SheetImportError as error:
            yield FileReport(path=str(path), dry_run=dry_run, error=str(error))
            continue
        yield import_bytes(
            data=data, source=str(path), dry_run=dry_run, publication_state=publication_state
        )


def import_bytes(
    *, data: bytes, source: str, dry_run: bool = False, publication_state: str | None = None
) -> FileReport:
    """Imports a file's bytes (read from disk or uploaded), in whichever text encoding they
    are (``files.decode_text``)."""
    try:
        decoded = decode_text(data, source=source)
    except SheetImportError as error:
        return FileReport(path=source, dry_run=dry_run, error=str(error))
    return import_text(
        text=decoded.text,
        source=source,
        encoding=decoded.encoding,
        dry_run=dry_run,
        publication_state=publication_state,
    )


def import_text(
    *,
    text: str,
    source: str,
    encoding: str = "",
    dry_run: bool = False,
    publication_state: str | None = None,
) -> FileReport:
    """Parses and writes one file's text in one transaction (rolled back for a dry run);
    never raises: what goes wrong is the report's ``error``."""
    return _import(
        lambda: parse_sheets(text, source=source),
        source=source,
        encoding=encoding,
        dry_run=dry_run,
        publication_state=publication_state,
    )


def _import(
    parse: Callable[[], ActionDump | ProjectSheet],
    *,
    source: str,
    encoding: str,
    dry_run: bool,
    publication_state: str | None,
) -> FileReport:
    """Writes the sheets ``parse()`` gives, in one transaction; their report."""
    report = FileReport(path=source, dry_run=dry_run, encoding=encoding)
    try:
        parsed = parse()
        report.format = "action_dump" if isinstance(parsed, ActionDump) else "project_sheet"
        run = ImportRun(source=source, report=report, publication_state=publication_state)
        # The history of every record this file writes says where the change came from.
        with transaction.atomic(), change_reason(f"Import {run.file_name}"):
            centres = CentreWriter(run)
            if isinstance(parsed, ActionDump):
                ActionDumpWriter(run, centres=centres).write(parsed)
            else:
                ProjectSheetWriter(run, centres=centres).write(parsed)
            # The search document of each sheet updated, once, with its vocabularies; the
            # writers stored its completeness with it, and created the new sheets' documents
            # with them (``ActionDumpWriter``).
            refresh_derived(actions=run.written_actions, completeness=False)
            if dry_run:
                transaction.set_rollback(True)
    except (SheetParseError, SheetImportError) as error:
        report.refuse(str(error))
    except Exception as error:
        # A case no check foresaw (a value the database refuses, a bug): this file is rolled
        # back and refused, the traceback goes to the log, the other files go on.
        logger.exception("Import of %s failed", source)
        report.refuse(
            f"{source} : erreur inattendue à l'enregistrement ({type(error).__name__} : "
            f"{error}) ; rien n'a été écrit pour ce fichier"
        )
    return report
