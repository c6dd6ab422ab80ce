"""The seeded catalogue's public pages, as the browser tests name and reach them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

# What every browser test is: marked e2e, on a live server whose data the test loads (so in
# a transaction of its own, with the migrations' data restored).
E2E_MARKS = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The sheet every journey opens, and the two keywords the filtered list ticks: both file it.
JOURNEY_ACTION = "Création d'un poulailler"
JOURNEY_SEARCH = "poulailler"
JOURNEY_KEYWORDS = ("environnement", "intergénérationnel")
# The address the journey's centre receives messages at (never shown on a page).
JOURNEY_CENTRE_EMAIL = "accueil@centre.example"
# The public pages of the spec, each checked by axe, vnu, at 320 px and for stray requests.
PAGE_NAMES = (
    "accueil",
    "actions",
    "actions-filtrees",
    "action",
    "centres",
    "centre",
    "partenaires",
    "partenaire",
    "projet",
    "proposer-partenaire",
    "mise-a-jour-partenaire",
    "livret",
    "livret-changements",
    "contact",
    "mentions-legales",
    "accessibilite",
    "donnees",
    "observatoire",
    "observatoire-filtre",
    "api",
)


@dataclass(frozen=True)
class Site:
    """The live server and the URL of each public page of the seeded catalogue."""

    url: str
    paths: dict[str, str]

    def page_url(self, name: str) -> str:
        return self.url + self.paths[name]

    def visit(self, page, name: str) -> None:
        """Open the page in the browser; fail the test at once when it is not there."""
        response = page.goto(self.page_url(name))
        status = response.status if response is not None else None
        if status != 200:
            pytest.fail(f"{self.paths[name]} : HTTP {status}", pytrace=False)

    def is_own(self, url: str) -> bool:
        """Whether a request stays on the live server (inline data and blobs do too)."""
        scheme = urlsplit(url).scheme
        return (
            scheme in {"data", "blob", "about"} or urlsplit(url).netloc == urlsplit(self.url).netloc
        )
