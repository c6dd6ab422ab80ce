"""The booklet as an A4 PDF, by WeasyPrint, from local files only.

WeasyPrint would fetch any URL a page names; here it reads the booklet's stylesheet and
fonts from the project's own ``static/booklet/`` and nothing else: no network, no other
file. A PDF costs a second or more to make, so each is kept in the cache for as long as
the catalogue's version is the same (``core.versioning``): asking again for the same booklet,
whatever else the address carries, does not make it again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from core.versioning import current_version

STYLESHEET = "booklet/booklet.css"


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


def cached_pdf(scope: str, render_html) -> bytes:
    """The PDF of the booklet ``scope`` names (its centre and edition), made from
    ``render_html()`` once per version of the catalogue."""
    key = f"booklet-pdf:{current_version()}:{scope}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(render_html())
        cache.set(key, pdf, settings.PAGE_CACHE_SECONDS)
    return pdf
