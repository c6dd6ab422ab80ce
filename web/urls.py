"""The public catalogue's addresses, under the namespaces its templates name them by."""

from django.urls import include, path

from . import views

sheet_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<slug:slug>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("projets/<slug:slug>/", views.ProjectSheetDetailView.as_view(), name="project_detail"),
]

directory_patterns = [
    path("centres/", views.CentreListView.as_view(), name="centre_list"),
    path("centres/<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("partenaires/", views.PartnerListView.as_view(), name="partner_list"),
    path("partenaires/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]

urlpatterns = [
    path("", include((directory_patterns, "centres"))),
    path("", include((sheet_patterns, "fiches"))),
]
