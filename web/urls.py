"""The public catalogue's addresses, under the namespaces its templates name them by."""

from django.urls import include, path
from django.views.generic import TemplateView

from . import contact, directory_exports, open_data, partner_updates, views
from .feeds import LatestActionsFeed

sheet_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    # The list as data, before a sheet's JSON (``export`` would read as a slug).
    path("actions/export.csv", open_data.ActionCsvExportView.as_view(), name="action_export_csv"),
    path(
        "actions/export.json",
        open_data.ActionJsonExportView.as_view(),
        name="action_export_json",
    ),
    path("actions/flux.atom", LatestActionsFeed(), name="action_feed"),
    path("actions/<slug:slug>.json", open_data.ActionJsonView.as_view(), name="action_json"),
    path("actions/<slug:slug>/", views.ActionDetailView.as_view(), name="action_detail"),
    path(
        "actions/<slug:slug>/fichiers/<int:pk>/<str:filename>",
        views.AttachmentView.as_view(),
        name="action_attachment",
    ),
    path("projets/<slug:slug>/", views.ProjectSheetDetailView.as_view(), name="project_detail"),
]


def _structures(view, file_name: str, *, as_csv: bool):
    return view.as_view(file_name=file_name, as_csv=as_csv)


directory_patterns = [
    path("centres/", views.CentreListView.as_view(), name="centre_list"),
    # The directory as data, before the pages (``export.json`` would read as a slug).
    path(
        "centres/export.json",
        _structures(directory_exports.CentreExportView, "centres.json", as_csv=False),
        name="centre_export_json",
    ),
    path(
        "centres/export.csv",
        _structures(directory_exports.CentreExportView, "centres.csv", as_csv=True),
        name="centre_export_csv",
    ),
    path(
        "partenaires/export.json",
        _structures(directory_exports.PartnerExportView, "partenaires.json", as_csv=False),
        name="partner_export_json",
    ),
    path(
        "partenaires/export.csv",
        _structures(directory_exports.PartnerExportView, "partenaires.csv", as_csv=True),
        name="partner_export_csv",
    ),
    path("centres/<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path(
        "centres/<slug:slug>/contact/",
        contact.CentreContactView.as_view(),
        name="centre_contact",
    ),
    path(
        "centres/<slug:slug>/contact/envoye/",
        contact.CentreContactSentView.as_view(),
        name="centre_contact_sent",
    ),
    path("partenaires/", views.PartnerListView.as_view(), name="partner_list"),
    path("partenaires/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]

# What the publisher owes its readers: who publishes, how accessible, how to reuse the data.
site_patterns = [
    path(
        "mentions-legales/",
        TemplateView.as_view(template_name="pages/legal_notice.html"),
        name="legal_notice",
    ),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("donnees/", TemplateView.as_view(template_name="pages/data.html"), name="data"),
]

# The partners' yearly update (``directory``): their personal links, and « Proposer un
# partenaire ». Included before the directory: ``proposer`` would read as a partner's slug.
update_patterns = [
    path("partenaires/proposer/", partner_updates.NewPartnerView.as_view(), name="new_partner"),
    path(
        "partenaires/<slug:slug>/mise-a-jour/<str:token>/",
        partner_updates.PartnerUpdateView.as_view(),
        name="partner_update",
    ),
]

urlpatterns = [
    path("", include((site_patterns, "pages"))),
    # The booklet's addresses (/partenaires/livret/…) before a partner's /partenaires/<slug>/.
    path("", include("editions.urls")),
    path("", include((update_patterns, "directory"))),
    path("", include((directory_patterns, "centres"))),
    path("", include((sheet_patterns, "fiches"))),
    path("", include("observatory.urls")),
]
