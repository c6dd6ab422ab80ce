"""``/sitemap.xml``: every public page of the catalogue that a search engine should know, and
``/robots.txt``, which names it. Sheets, partners and project sheets are listed once
published; a centre has no publication state, its page is always public."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse

from centres.models import Centre, Partner
from fiches.models import Action, ProjectSheet


class PublicPagesSitemap(Sitemap):
    """The pages of ``queryset``'s rows, with the date each last changed."""

    queryset = None
    # 50,000 addresses at most per file, as the protocol says: beyond, an index of pages.
    limit = 50_000

    def items(self):
        return self.queryset.order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ActionSitemap(PublicPagesSitemap):
    queryset = Action.objects.published()


class CentreSitemap(PublicPagesSitemap):
    queryset = Centre.objects.all()


class PartnerSitemap(PublicPagesSitemap):
    queryset = Partner.objects.published()


class ProjectSheetSitemap(PublicPagesSitemap):
    queryset = ProjectSheet.objects.published()


class SitePagesSitemap(Sitemap):
    """The pages that are not a record's: the lists, the observatory, the booklet, the open
    data and the site's own pages."""

    limit = 50_000

    def items(self):
        return [
            "fiches:home",
            "fiches:action_list",
            "observatory:observatory",
            "centres:centre_list",
            "centres:partner_list",
            "editions:booklet",
            "pages:data",
            "api_documentation",
            "pages:legal_notice",
            "pages:accessibility",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": SitePagesSitemap,
    "actions": ActionSitemap,
    "centres": CentreSitemap,
    "partenaires": PartnerSitemap,
    "projets": ProjectSheetSitemap,
}


def robots_txt(request):
    """Everything public may be crawled but the workspace; the sitemap says where it is."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
