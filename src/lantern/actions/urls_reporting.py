"""The reporting pages (sub-group pack, evaluation table), included by urls.py."""

from django.urls import path, re_path

from . import views_reporting

urlpatterns: list = [
    path("reporting/pack/", views_reporting.pack, name="pack"),
    re_path(
        r"^reporting/pack\.(?P<fmt>docx|pdf|xlsx)$",
        views_reporting.pack_download,
        name="pack_download",
    ),
    path("reporting/evaluation/", views_reporting.evaluation, name="evaluation"),
    path(
        "reporting/evaluation/change/",
        views_reporting.evaluation_change,
        name="evaluation_change",
    ),
]
