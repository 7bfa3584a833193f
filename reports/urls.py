"""Supervision (督查) URLs, mounted at /supervision/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("requests/", views.drilldown_view, name="requests"),
    path("annual/", views.annual_view, name="annual"),
    path("export/<str:table>.<str:fmt>", views.export_view, name="export"),
]
