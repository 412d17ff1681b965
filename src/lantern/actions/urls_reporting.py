"""The reporting pages (sub-group pack, evaluation table), included by urls.py."""

urlpatterns: list = []
