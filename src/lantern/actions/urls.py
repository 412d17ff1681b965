from django.urls import path  # noqa: F401 (the tracker's pages are added here)

from .urls_reporting import urlpatterns as reporting_urlpatterns

app_name = "actions"
urlpatterns: list = [
    *reporting_urlpatterns,
]
