"""A coordinator editing sheets while visitors read: one published sheet's summary saved
every ``--interval`` seconds, until SIGTERM.

    DATABASE_URL=… DJANGO_SETTINGS_MODULE=config.settings.production \\
        python -m tests.bench.writer [--interval 1]

The bench runs it as a separate process with the servers' settings. Each edit takes the
admin's write path: in one transaction, the sheet's row is read again with
``select_for_update`` (as the change form's version check does), changed and saved through
the model (``Action.save``: its history), then its completeness and search document are
refreshed (``fiches.derived.refresh_derived``, as ``ActionAdmin.save_related`` does); the
database's triggers log the change for the readers' facet indexes (``core.versioning``).
Prints ``prêt`` once it is about to edit, and on SIGTERM one JSON line: the edits made,
their durations and failures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import statistics
import time

READY = "prêt"
_BENCH_NOTE = re.compile(r"\n?\(Relu par le banc, passage \d+\.\)$")


def published_sheets() -> list[int]:
    from fiches.models import Action

    return list(Action.objects.published().order_by("pk").values_list("pk", flat=True))


def edit_summary(pk: int, *, user=None) -> None:
    """Saves the sheet with its summary edited (a note at its end, replaced by the next
    edit), as the admin's change form saves it: the row read again and locked, saved, its
    derived data refreshed, in one transaction."""
    from django.db import transaction

    from fiches.derived import refresh_derived
    from fiches.models import Action

    with transaction.atomic():
        sheet = Action.objects.select_for_update().get(pk=pk)
        summary = _BENCH_NOTE.sub("", sheet.summary)
        sheet.summary = f"{summary}\n(Relu par le banc, passage {time.time_ns()}.)"
        if user is not None:
            sheet._history_user = user  # the admin's middleware says who made the change
        sheet.save()
        refresh_derived(actions=[sheet])


def coordinator():
    """The first superuser, as whom the edits are recorded; None when there is none."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.writer")
    parser.add_argument("--interval", type=float, default=1.0, help="secondes entre deux éditions")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    stopping = False

    def on_term(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    import django

    django.setup()
    rng = random.Random(args.seed)
    sheets, user = published_sheets(), coordinator()
    durations, failures = [], []
    print(READY, flush=True)
    next_edit = time.monotonic()
    while not stopping:
        started = time.perf_counter()
        try:
            edit_summary(rng.choice(sheets), user=user)
            durations.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # reported, and the next edit is tried all the same
            failures.append(f"{type(error).__name__}: {error}"[:200])
        next_edit += args.interval
        time.sleep(max(0.0, next_edit - time.monotonic()))
    print(json.dumps({
        "edits": len(durations),
        "p50_ms": statistics.median(durations) if durations else None,
        "max_ms": max(durations, default=None),
        "failures": len(failures),
        "first_failure": failures[0] if failures else None,
    }), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
