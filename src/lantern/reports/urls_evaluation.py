"""The 360 evaluation of the evaluation table (issue 16)."""

from django.urls import path

from . import views_evaluation

urlpatterns: list = [
    path("", views_evaluation.evaluation360, name="evaluation360"),
]
