"""The observatory's addresses (included by ``web.urls`` under the ``observatory`` namespace)."""

from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("observatoire/", views.ObservatoryView.as_view(), name="observatory"),
    path("observatoire/<slug:chart>.csv", views.ChartCsvView.as_view(), name="chart_csv"),
]
