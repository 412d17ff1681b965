"""The public site, no sign-in: /p/<partnership slug>/learning/..."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("learning/", public_views.learning, name="learning"),
    path("learning/feed.atom", public_views.feed, name="feed"),
    path("learning/sitemap.xml", public_views.sitemap, name="sitemap"),
    path("learning/<int:pk>/", public_views.item, name="item"),
    path("learning/<int:pk>/report/", public_views.report, name="report"),
    path("learning/<int:pk>/report.pdf", public_views.report_pdf, name="report_pdf"),
    path("learning/<slug:section>/", public_views.section, name="section"),
]
