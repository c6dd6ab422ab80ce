"""The booklet as an A4 PDF, by WeasyPrint, from local files only.

WeasyPrint would fetch any URL a page names; here it reads the booklet's stylesheet and
fonts from the project's own ``static/booklet/`` and nothing else: no network, no other
file. A PDF costs a second or more to make, so each is kept in the cache: the live directory's
for as long as the catalogue's version is the same (``core.versioning``), an edition's for a
day (it does not change). Asking again for the same booklet, whatever else the address
carries, does not make it again; and only a few are made at once (:func:`render_slot`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.cache import cache
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from core.anti_spam import increment_counter
from core.changes import request_state

STYLESHEET = "booklet/booklet.css"
# How many PDFs the server makes at once, all processes together; and how long the count
# lives, should a process die while making one.
MAX_CONCURRENT_RENDERS = 2
RENDERS_KEY = "booklet-pdf:renders"
RENDER_SLOT_SECONDS = 120


def assets_root() -> Path:
    """The folder of the booklet's stylesheet and fonts."""
    return Path(finders.find(STYLESHEET)).resolve().parent


class LocalAssetsFetcher(URLFetcher):
    """Fetches files under ``root`` and refuses everything else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = root

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or parts.netloc or not path.is_relative_to(self.root):
            raise URLFetchingError(f"Le livret ne lit que ses propres fichiers : {url}")
        return super().fetch(url, headers)


def render_pdf(html: str) -> bytes:
    root = assets_root()
    document = HTML(string=html, base_url=f"{root.as_uri()}/", url_fetcher=LocalAssetsFetcher(root))
    # Tagged PDF (PDF/UA): a screen reader reads it in order, headings as headings.
    return document.write_pdf(pdf_variant="pdf/ua-1")


class BookletBusy(Exception):
    """As many PDFs as the server makes at once are being made: ask again shortly."""


@contextmanager
def render_slot():
    """One of the :data:`MAX_CONCURRENT_RENDERS` renderings the processes share (counted in
    the shared cache), or :class:`BookletBusy`: many addresses asked at once cannot take
    every worker and the memory of the server."""
    under_way = increment_counter(RENDERS_KEY, RENDER_SLOT_SECONDS)
    try:
        if under_way > MAX_CONCURRENT_RENDERS:
            raise BookletBusy
        yield
    finally:
        try:
            cache.decr(RENDERS_KEY)
        except ValueError:
            pass


def booklet_pdf(key: str, render_html: Callable[[], str], *, seconds: int) -> bytes:
    """The PDF kept under ``key``, or made from ``render_html()`` and kept ``seconds``."""
    pdf = cache.get(key)
    if pdf is None:
        with render_slot():
            pdf = render_pdf(render_html())
        cache.set(key, pdf, seconds)
    return pdf


def live_key(centre_pk: int | None) -> str:
    """The live directory changes with the catalogue: its PDF is that of a version."""
    return f"booklet-pdf:live:{request_state().token}:{centre_pk or '-'}"


def edition_key(edition_pk: int, title: str) -> str:
    """An edition does not change (its centre's name may: it is in the title)."""
    digest = hashlib.sha256(title.encode()).hexdigest()[:16]
    return f"booklet-pdf:edition:{edition_pk}:{digest}"
