"""What the bench prints: each measure beside the issue's target ("ok" or "MANQUÉ")."""

from __future__ import annotations

import statistics

from tests.bench.checks import (
    STATIC_PATH,
    TARGET_FIRST_REQUEST_MS,
    TARGET_PAGE_TO_STATIC,
    TARGET_WORKER_RSS_MB,
    Conditional,
    Seen,
    StartUp,
)
from tests.bench.load import SLOW_MS, LoadResult
from tests.bench.mixed import NO_WRITES, MixedReport
from tests.bench.server import Memory
from tests.bench.timing import Timing, percentile

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
    """The pages' timings, rendered then kept by the page cache when they were, with their
    SQL queries at both sizes when ``sizes`` are given."""
    kept = any(timing.kept_ms for timing in timings)
    header = f"{title:<22}{'URL':<52}"
    if sizes:
        small, full = (f"SQL {size} fiches" if isinstance(size, int) else "SQL —" for size in sizes)
        header += f"{small:>17}{full:>19}"
    if http:
        header += f"{'n':>4}{'p50 ms':>9}{'p95 ms':>9}  cible p95       "
        if kept:
            header += f"{'en cache : p50':>15}{'p95':>7}"
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
                f"  < {timing.page.target_ms} ms {verdict(met):<7}"
            )
            if timing.kept_ms:
                line += (
                    f"{percentile(timing.kept_ms, 50):>15.1f}{percentile(timing.kept_ms, 95):>7.1f}"
                )
        elif http:
            line += f"  {timing.status or 'non mesurée'}"
        print(line)
    if kept:
        print(
            "(rendues : avec un cookie de session périmé, que le cache des pages laisse passer ; "
            "en cache : en visiteur anonyme)"
        )


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


def print_start_up(start_up: StartUp) -> None:
    met = start_up.first_ms < TARGET_FIRST_REQUEST_MS
    pair = ", ".join(f"{ms:.0f}" for ms in start_up.pair_ms)
    print(
        f"\ngunicorn redémarré : prêt (index des listes publiques construits, premier fichier "
        f"statique servi) en "
        f"{start_up.ready_ms:.0f} ms ; première requête à /actions/ : {start_up.first_ms:.0f} ms "
        f"(cible < {TARGET_FIRST_REQUEST_MS} ms : {verdict(met)}) ; les deux suivantes, "
        f"envoyées ensemble (l'une au second worker) : {pair} ms ; statuts "
        f"{', '.join(map(str, start_up.statuses))}"
    )


def print_memory(memory: list[Memory], *, sheets: int) -> None:
    print(f"\nmémoire des workers à {sheets} fiches, après le mode mixte :")
    for worker in memory:
        pss = "illisible" if worker.pss_mb is None else f"{worker.pss_mb:.0f} Mo"
        met = worker.rss_mb <= TARGET_WORKER_RSS_MB
        print(
            f"  worker {worker.pid} : RSS {worker.rss_mb:.0f} Mo, PSS {pss} "
            f"(cible RSS ≤ {TARGET_WORKER_RSS_MB} Mo : {verdict(met)})"
        )


def print_static(results: dict[str, LoadResult], conditionals: list[Conditional]) -> None:
    static = results[STATIC_PATH]
    header = f"{'adresse, lecteurs concurrents':<40}{'req/s':>8}{'p50':>8}{'p95':>8}"
    header += f"{'p99':>8}{'max':>8}{'erreurs':>8}  / statique"
    print("\nfichier statique et pages anonymes :\n" + header + "\n" + "-" * len(header))
    for path, result in results.items():
        line = _load_line(path, result)
        if path != STATIC_PATH and static.rate:
            share = result.rate / static.rate
            line += (
                f"{percent(share):>11}  (cible ≥ {percent(TARGET_PAGE_TO_STATIC)} : "
                f"{verdict(share >= TARGET_PAGE_TO_STATIC)})"
            )
        print(line)
    for answer in conditionals:
        sent = answer.etag or "*, la réponse n'ayant pas d'ETag"
        print(
            f"requête conditionnelle sur {answer.path} (If-None-Match: {sent}) : "
            f"HTTP {answer.status} ({'ok' if answer.status == 304 else '304 attendu'})"
        )


def print_seen(seen: list[Seen]) -> None:
    print("\ntitre d'une fiche modifié par l'ORM, vu par deux instances de gunicorn :")
    for answer in seen:
        print(
            f"  {answer.server} {answer.path} : {'OK' if answer.ok else 'FAIL'} ({answer.detail})"
        )
