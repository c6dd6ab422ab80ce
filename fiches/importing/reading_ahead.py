"""The next file read and parsed by a process of its own while this one is written.

Parsing is pure Python (``parsing``): a seventh of a file's import on one core, while the
other core waits for the database for as long. When several files are imported (a folder, the
bench's build), a second process reads, decodes and parses the next file while the importing
process writes the current one, and hands over the parsed sheets (pickled: a twentieth of the
parsing's time).

The reading process is forked from the importing one, so that it needs no setting up (and
never touches the database connection it inherits: it only parses). Whatever goes wrong there
(a file that cannot be read or parsed, a bug, the process killed) leaves that file to the
importing process, which reads and parses it again itself and reports what is wrong with it
as it does for any file: the report is the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from parsing import parse_sheets
from parsing.records import ActionDump, ProjectSheet

from .files import decode_text, read_bytes

logger = logging.getLogger(__name__)

# Files read ahead of the one being written: one is enough to keep the reader busy while a
# file is written, and bounds what waits in memory.
FILES_AHEAD = 1


@dataclass(frozen=True)
class ReadFile:
    """A file read, decoded and parsed."""

    encoding: str
    parsed: ActionDump | ProjectSheet


def read_and_parse(path: Path) -> ReadFile | None:
    """In the reading process: the file's parsed sheets, and its encoding; None when it
    cannot be read or parsed (the importing process reports why)."""
    try:
        decoded = decode_text(read_bytes(path), source=str(path))
        return ReadFile(decoded.encoding, parse_sheets(decoded.text, source=str(path)))
    except Exception:  # the importing process reads it again and says why
        return None


def read_ahead(paths: list[Path]) -> Iterator[tuple[Path, ReadFile | None]]:
    """Each path in order with the file it holds, read ahead while the caller writes the one
    before; None for a file left to the caller (one file alone: nothing to overlap)."""
    if len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            yield path, None
        return
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=fork) as reader:
        pending: deque[tuple[Path, Future | None]] = deque()
        for number, path in enumerate(paths):
            pending.append((path, _submitted(reader, path)))
            if number >= FILES_AHEAD:
                yield _next_read(pending)
        while pending:
            yield _next_read(pending)


def _submitted(reader: ProcessPoolExecutor, path: Path) -> Future | None:
    try:
        return reader.submit(read_and_parse, path)
    except BrokenProcessPool:  # the reader died reading a file before
        return None


def _next_read(pending: deque[tuple[Path, Future | None]]) -> tuple[Path, ReadFile | None]:
    path, reading = pending.popleft()
    return path, _result(reading, path) if reading is not None else None


def _result(reading: Future, path: Path) -> ReadFile | None:
    try:
        return reading.result()
    except Exception:  # the reader died: the importing process reads the file itself
        logger.warning("Reading ahead failed for %s", path, exc_info=True)
        return None
