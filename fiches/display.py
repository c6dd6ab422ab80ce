"""What the public pages need to show a sheet's text: the catalogue's accented spellings."""

from django.db import DEFAULT_DB_ALIAS

from core.changes import request_state
from core.recent import RecentValues
from parsing.typography import accented_spellings

from .models import Action, Initiator, Keyword, PartnerType, Public

# Per database, for the catalogue's current version only.
_SPELLINGS: RecentValues[dict[str, str]] = RecentValues(size=4)


def catalogue_spellings(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Accent-free word → its most frequent accented spelling in the catalogue's own words:
    its vocabularies' names and its sheets' titles and summaries (bounded by the catalogue)."""
    return _SPELLINGS.get(using, lambda: _read_spellings(using), version=request_state(using).token)


def _read_spellings(using: str) -> dict[str, str]:
    def texts():
        for vocabulary in (Keyword, Public, PartnerType, Initiator):
            yield from vocabulary._base_manager.db_manager(using).values_list("name", flat=True)
        rows = Action._base_manager.db_manager(using).order_by().values_list("title", "summary")
        for title, summary in rows.iterator():
            yield title
            yield summary

    return accented_spellings(texts())
