"""The mixed mode: readers at a steady concurrency on the list, a search and a sheet, while
nothing writes, while a coordinator saves a sheet every second (``writer.py``, a process of
its own), and while a 1,000-sheet file is imported (the real importer, a process of its own).

The writes go to the scratch copy the server reads (``database.scratch_copy``). During an
import the readers run for ``--mixed-seconds`` and at least until :data:`IMPORT_TAIL` after
the import ends, so that the window holds the import's transaction and the first requests
after its commit, when each worker brings its facet index up to date.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.load import LoadResult, run_load, start_load, warm_up
from tests.bench.pages import SEARCH_WORD, BenchPage
from tests.bench.server import Server, start_helper, stop
from tests.bench.synthetic import write_catalogue
from tests.bench.writer import READY

NO_WRITES = "sans écriture"
EDITING = "éditeur, 1 fiche/s"
IMPORTING = "import de 1 000 fiches"
IMPORT_SHEETS = 1_000
IMPORT_TAIL = 3  # seconds of reading after the import ends
IMPORT_WINDOW_CAP = 300  # seconds: the readers stop then, the import done or not
WRITER_START_TIMEOUT = 120  # seconds
_CREATED = re.compile(r"créées : (\d+)")


@dataclass(frozen=True)
class MixedRun:
    page: BenchPage
    condition: str
    result: LoadResult
    note: str = ""


@dataclass
class MixedReport:
    runs: list[MixedRun] = field(default_factory=list)
    writer: dict = field(default_factory=dict)


def mixed_pages(detail_path: str) -> list[BenchPage]:
    return [
        BenchPage("liste", "/actions/", 0),
        BenchPage("recherche", f"/actions/?q={SEARCH_WORD}", 0),
        BenchPage("fiche", detail_path, 0),
    ]


def write_import_files(workdir: Path, *, count: int, centres: int, seed: int) -> list[Path]:
    """``count`` files of :data:`IMPORT_SHEETS` sheets the catalogue does not have yet, for
    the catalogue's own centres (its seed, its titles with a suffix)."""
    return [
        write_catalogue(
            workdir / f"import-{number}",
            actions=IMPORT_SHEETS,
            centres=centres,
            seed=seed,
            first_file=IMPORT_SHEETS,
            per_file=IMPORT_SHEETS,
            title_suffix=f" (import mixte {number})",
        )[0]
        for number in range(1, count + 1)
    ]


def run_mixed(
    server: Server,
    pages: list[BenchPage],
    *,
    import_files: list[Path],
    environment: dict[str, str],
    cwd: Path,
    workdir: Path,
    concurrency: int,
    seconds: float,
    seed: int,
) -> MixedReport:
    report = MixedReport()

    def read(page: BenchPage) -> LoadResult:
        url = server.base_url + page.path
        return run_load(url, concurrency=concurrency, seconds=seconds, workdir=workdir)

    warm_up(server.base_url, [page.path for page in pages])
    print(f"  mode mixte : {NO_WRITES}", flush=True)
    report.runs += [MixedRun(page, NO_WRITES, read(page)) for page in pages]
    print(f"  mode mixte : {EDITING}", flush=True)
    with editing(environment, cwd, seed=seed) as summary:
        report.runs += [MixedRun(page, EDITING, read(page)) for page in pages]
    report.writer = summary
    for page, path in zip(pages, import_files, strict=True):
        print(f"  mode mixte : {IMPORTING}, {page.name}", flush=True)
        report.runs.append(
            read_during_import(
                server.base_url + page.path,
                page,
                path,
                environment=environment,
                cwd=cwd,
                workdir=workdir,
                concurrency=concurrency,
                seconds=seconds,
            )
        )
    return report


@contextlib.contextmanager
def editing(environment: dict[str, str], cwd: Path, *, seed: int) -> Iterator[dict]:
    """The writer process, editing while the block runs; then the summary it printed."""
    process = start_helper(
        [sys.executable, "-m", "tests.bench.writer", "--seed", str(seed)],
        environment=environment,
        cwd=cwd,
        stdout=subprocess.PIPE,
        text=True,
    )
    summary: dict = {}
    try:
        ready, _, _ = select.select([process.stdout], [], [], WRITER_START_TIMEOUT)
        if not ready or process.stdout.readline().strip() != READY:
            raise SystemExit("l'éditeur ne démarre pas")
        yield summary
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        summary.update(json.loads(output.strip().splitlines()[-1]))
    finally:
        stop(process)


def read_during_import(
    url: str,
    page: BenchPage,
    path: Path,
    *,
    environment: dict[str, str],
    cwd: Path,
    workdir: Path,
    concurrency: int,
    seconds: float,
) -> MixedRun:
    log_path = workdir / f"{path.parent.name}.log"
    with log_path.open("w") as log:
        started = time.monotonic()
        importer = start_helper(
            [sys.executable, "manage.py", "import_sheets", "--publication-state", "publiee",
             str(path)],
            environment=environment, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            load = start_load(url, concurrency=concurrency, seconds=IMPORT_WINDOW_CAP + 5,
                              workdir=workdir)  # fmt: skip
            try:
                import_ended = None
                while time.monotonic() - started < IMPORT_WINDOW_CAP:
                    now = time.monotonic()
                    if import_ended is None and importer.poll() is not None:
                        import_ended = now
                    if (
                        import_ended is not None
                        and now - started >= seconds
                        and now - import_ended >= IMPORT_TAIL
                    ):
                        break
                    time.sleep(0.1)
            finally:
                load.stop()
            result = load.result()
            with contextlib.suppress(subprocess.TimeoutExpired):
                importer.wait(timeout=IMPORT_WINDOW_CAP)
        finally:
            stop(importer)
    output = log_path.read_text()
    created = _CREATED.search(output)
    if importer.returncode:
        note = f"import en échec (code {importer.returncode}), voir {log_path}"
    elif import_ended is None:
        note = f"import plus long que {IMPORT_WINDOW_CAP} s"
    else:
        note = (
            f"import de {created.group(1) if created else '?'} fiches en "
            f"{import_ended - started:.0f} s (processus compris)"
        )
    return MixedRun(page, IMPORTING, result, note)
