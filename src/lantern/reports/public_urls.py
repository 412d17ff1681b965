"""The annual reports on the public site, included by lantern.urls under /p/<slug>/."""

app_name = "reports_public"

urlpatterns: list = []
