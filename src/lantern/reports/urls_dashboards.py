"""The reporting landing page and the dashboards (issue 16)."""

from django.urls import path

from . import views_dashboards, views_index

urlpatterns: list = [
    path("", views_index.index, name="index"),
    path("dashboard/", views_dashboards.dashboard_page, name="dashboard"),
    path("dashboard.xlsx", views_dashboards.dashboard_xlsx, name="dashboard_xlsx"),
]
