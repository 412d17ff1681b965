"""Signed-in pages for publications (drafting, approval, embargo, amend, withdraw)."""

from django.urls import URLPattern

app_name = "publications"

urlpatterns: list[URLPattern] = []
