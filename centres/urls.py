from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("centres/", views.CentreListView.as_view(), name="centre_list"),
    path("centres/<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("partenaires/", views.PartnerListView.as_view(), name="partner_list"),
    path("partenaires/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]
