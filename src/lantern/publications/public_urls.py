"""The public site, no sign-in: /p/<partnership slug>/learning/..."""

from django.urls import URLPattern

app_name = "public"

urlpatterns: list[URLPattern] = []
