"""The survey pages practitioners open from a signed link, without signing in."""

from django.urls import path  # noqa: F401

app_name = "survey"

urlpatterns: list = []
