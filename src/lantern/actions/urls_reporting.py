"""The reporting pages (sub-group pack, evaluation table), included by urls.py."""

from django.urls import path, re_path

from . import views_reporting

urlpatterns: list = [
    path("reporting/pack/", views_reporting.pack, name="pack"),
    re_path(
        r"^reporting/pack\.(?P<fmt>docx|pdf|xlsx)$",
        views_reporting.pack_prepare,
        name="pack_prepare",
    ),
    path("reporting/pack/documents/<int:job_id>/", views_reporting.pack_job, name="pack_job"),
    path(
        "reporting/pack/documents/<int:job_id>/download/",
        views_reporting.pack_job_download,
        name="pack_job_download",
    ),
    path("reporting/evaluation/", views_reporting.evaluation, name="evaluation"),
    path(
        "reporting/evaluation/change/",
        views_reporting.evaluation_change,
        name="evaluation_change",
    ),
]
