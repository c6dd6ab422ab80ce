from django.urls import path

from . import views

app_name = "fiches"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<slug:slug>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("projets/<slug:slug>/", views.ProjectSheetDetailView.as_view(), name="project_detail"),
]
