"""The reporting landing page and the dashboards (issue 16)."""

from django.urls import path

from . import views_index

urlpatterns: list = [
    path("", views_index.index, name="index"),
]
