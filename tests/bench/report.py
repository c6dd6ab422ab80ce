"""What the bench prints: each measure beside the issue's target ("ok" or "MANQUÉ")."""

from __future__ import annotations

import statistics

from tests.bench.timing import Timing


def verdict(met: bool) -> str:
    return "ok" if met else "MANQUÉ"


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
        ("liste, première requête après une modification du catalogue (index des "
         "facettes reconstruit)", after_change),
    ):  # fmt: skip
        if durations:
            print(
                f"{label}, {len(durations)} fois : médiane "
                f"{statistics.median(durations):.0f} ms, max {max(durations):.0f} ms"
            )
