"""Lantern's addresses, plus the floor view at /bench/floor/."""

from django.urls import path

from lantern.urls import handler403, handler404, handler500  # noqa: F401
from lantern.urls import urlpatterns as lantern_urlpatterns

from .floor import floor

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *lantern_urlpatterns]
