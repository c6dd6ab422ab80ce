"""The pages the bench times, and the SQL queries each one makes (counted in-process)."""

from __future__ import annotations

from dataclasses import dataclass

SEARCH_WORD = "parents"
FILTER_KEYWORDS = ("intergénérationnel", "Santé")
DETAIL_ACTION = "Création d'un poulailler"  # a seed sheet: the same page at every size
TARGET_P95_MS = 300
TARGET_DETAIL_P95_MS = 50


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str
    target_ms: int


def detail_path() -> str:
    """The seed's own sheet, imported first (synthetic centres reuse real titles too)."""
    from fiches.models import Action

    sheet = Action.objects.filter(title=DETAIL_ACTION).order_by("pk").first()
    if sheet is None:
        raise SystemExit(f"pas de fiche « {DETAIL_ACTION} » : la base n'a pas les graines")
    return sheet.get_absolute_url()


def bench_pages() -> list[BenchPage]:
    """The timed pages; their URLs exist at every size (the detail page is a seed sheet)."""
    from fiches.models import Keyword
    from parsing.naming import match_key

    slugs = [Keyword.objects.get(match_key=match_key(name)).slug for name in FILTER_KEYWORDS]
    filters = "&".join(f"keyword={slug}" for slug in slugs)
    return [
        BenchPage("accueil", "/", TARGET_P95_MS),
        BenchPage("liste", "/actions/", TARGET_P95_MS),
        BenchPage("recherche", f"/actions/?q={SEARCH_WORD}", TARGET_P95_MS),
        BenchPage("recherche + 2 filtres", f"/actions/?q={SEARCH_WORD}&{filters}", TARGET_P95_MS),
        BenchPage("fiche", detail_path(), TARGET_DETAIL_P95_MS),
        BenchPage("partenaires", "/partenaires/", TARGET_P95_MS),
    ]


def query_counts(pages: list[BenchPage], *, slowest: int = 0) -> dict[str, int | str]:
    """The SQL queries each page makes to be rendered (the anonymous page cache off: it
    would serve the counted request), or its HTTP status when it does not answer 200;
    prints the ``slowest`` queries of each page too."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    counts: dict[str, int | str] = {}
    for page in pages:
        with override_settings(PAGE_CACHE_ALIAS=None):
            client.get(page.path)  # warm caches (content types, templates) first
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
        if response.status_code != 200:
            counts[page.name] = f"HTTP {response.status_code}"
            continue
        counts[page.name] = len(queries.captured_queries)
        if slowest:
            by_time = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
            total_ms = sum(float(query["time"]) for query in by_time) * 1000
            print(f"  {page.name} : {len(by_time)} requêtes SQL, {total_ms:.0f} ms en tout")
            for query in by_time[:slowest]:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {shorten_sql(query['sql'])}")
    return counts


def shorten_sql(sql: str, width: int = 400) -> str:
    """The query without its column list, which says little and takes the whole line."""
    sql = " ".join(sql.split())
    head, separator, rest = sql.partition(" FROM ")
    if separator and head.startswith("SELECT") and len(head) > 60:
        sql = f"SELECT … FROM {rest}"
    return sql if len(sql) <= width else sql[: width - 1] + "…"
