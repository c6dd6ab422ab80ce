"""What the bench prints: each measure beside the issue's target ("ok" or "MANQUÉ")."""

from __future__ import annotations

import statistics

from tests.bench.load import SLOW_MS, LoadResult
from tests.bench.mixed import NO_WRITES, MixedReport
from tests.bench.timing import Timing

# The targets under writes, against the same page with no writes.
TARGET_THROUGHPUT_SHARE = 0.8
TARGET_P99_FACTOR = 2


def verdict(met: bool) -> str:
    return "ok" if met else "MANQUÉ"


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def print_timings(
    timings: list[Timing], *, sizes: tuple[int | str, int] | None, http: bool, title: str = "page"
) -> None:
    """The pages' timings, with their SQL queries at both sizes when ``sizes`` are given."""
    header = f"{title:<22}{'URL':<52}"
    if sizes:
        small, full = (f"SQL {size} fiches" if isinstance(size, int) else "SQL —" for size in sizes)
        header += f"{small:>17}{full:>19}"
    if http:
        header += f"{'n':>4}{'p50 ms':>9}{'p95 ms':>9}  cible p95"
    print("\n" + header)
    print("-" * len(header))
    for timing in timings:
        line = f"{timing.page.name:<22}{timing.page.path[:51]:<52}"
        if sizes:
            line += f"{timing.queries_small!s:>17}{timing.queries_full!s:>19}"
        if http and timing.durations_ms and timing.status == "200":
            met = timing.p95_ms < timing.page.target_ms
            line += (
                f"{len(timing.durations_ms):>4}{timing.p50_ms:>9.1f}{timing.p95_ms:>9.1f}"
                f"  < {timing.page.target_ms} ms {verdict(met)}"
            )
        elif http:
            line += f"  {timing.status or 'non mesurée'}"
        print(line)


def print_query_steadiness(timings: list[Timing], sizes: tuple[int | str, int]) -> None:
    if not isinstance(sizes[0], int):  # a reused database: counted at one size only
        return
    steady = all(timing.queries_small == timing.queries_full for timing in timings)
    print(
        f"\nrequêtes SQL par page : {'les mêmes' if steady else 'DIFFÉRENTES'} à {sizes[0]} "
        f"et à {sizes[1]} fiches"
    )


def print_cold_requests(new_searches: list[float], after_change: list[float]) -> None:
    for label, durations in (
        ("recherche jamais faite (la base classe toutes les fiches trouvées)", new_searches),
        ("liste, première requête après l'édition d'une fiche (index des facettes mis à "
         "jour)", after_change),
    ):  # fmt: skip
        if durations:
            print(
                f"{label}, {len(durations)} fois : médiane "
                f"{statistics.median(durations):.0f} ms, max {max(durations):.0f} ms"
            )


def _load_line(label: str, result: LoadResult) -> str:
    return (
        f"{label:<40}{result.rate:>8.1f}{result.p50_ms:>8.0f}{result.p95_ms:>8.0f}"
        f"{result.p99_ms:>8.0f}{result.max_ms:>8.0f}{result.errors:>8}"
    )


def print_mixed(report: MixedReport, *, concurrency: int) -> None:
    tool = report.runs[0].result.tool if report.runs else "—"
    print(f"\nmode mixte : {concurrency} lecteurs à la fois ({tool}), durée par mesure ci-dessous")
    print(
        f"objectifs : débit ≥ {percent(TARGET_THROUGHPUT_SHARE)} du débit {NO_WRITES}, p99 ≤ "
        f"{TARGET_P99_FACTOR} × le p99 {NO_WRITES}, aucune requête > {SLOW_MS / 1000:.0f} s, "
        "aucune erreur (non-2xx, délai dépassé, connexion)"
    )
    header = (
        f"{'page, condition':<40}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
        f"{'erreurs':>8}{'durée':>7}{'débit':>7}{'p99 ×':>7}  verdict"
    )
    print("durées en ms ; débit et p99 rapportés à la même page sans écriture")
    print(header + "\n" + "-" * len(header))
    baselines = {run.page.name: run.result for run in report.runs if run.condition == NO_WRITES}
    for run in report.runs:
        result, base = run.result, baselines.get(run.page.name)
        line = _load_line(f"{run.page.name}, {run.condition}", result)
        line += f"{result.seconds:>5.0f} s"
        met = result.max_ms <= SLOW_MS and result.errors == 0
        if run.condition != NO_WRITES and base is not None and base.rate and base.p99_ms:
            share, factor = result.rate / base.rate, result.p99_ms / base.p99_ms
            met = met and share >= TARGET_THROUGHPUT_SHARE and factor <= TARGET_P99_FACTOR
            line += f"{percent(share):>7}{factor:>6.1f}×"
        else:
            line += f"{'':>14}"
        print(f"{line}  {verdict(met)}")
        if run.note:
            print(f"{'':<4}{run.note}")
    if report.writer:
        writer = report.writer
        line = f"éditeur : {writer.get('edits')} fiches enregistrées"
        if writer.get("p50_ms") is not None:
            line += f", médiane {writer['p50_ms']:.0f} ms, max {writer['max_ms']:.0f} ms"
        line += f", {writer.get('failures')} échec(s)"
        if writer.get("first_failure"):
            line += f" (premier : {writer['first_failure']})"
        print(line)
