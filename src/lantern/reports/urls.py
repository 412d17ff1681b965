"""Reporting's pages, included by lantern.urls at /reports/."""

from django.urls import include, path

app_name = "reports"

urlpatterns: list = [
    path("", include("lantern.reports.urls_dashboards")),
    path("annual/", include("lantern.reports.urls_annual")),
    path("annual/", include("lantern.reports.urls_documents")),
    path("evaluation/", include("lantern.reports.urls_evaluation")),
]
