"""The booklet's addresses, under /partenaires/ (before a partner's own page)."""

from django.urls import path

from . import views

app_name = "editions"

urlpatterns = [
    path("partenaires/livret/", views.BookletView.as_view(), name="booklet"),
    path("partenaires/livret.pdf", views.BookletPdfView.as_view(), name="booklet_pdf"),
    path(
        "partenaires/livret/changements/",
        views.BookletChangesView.as_view(),
        name="booklet_changes",
    ),
]
