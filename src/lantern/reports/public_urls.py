"""The annual reports on the public site, included by lantern.urls under /p/<slug>/."""

from django.urls import path

from . import views_public

app_name = "reports_public"

urlpatterns = [
    path("", views_public.report_list, name="list"),
    path("<int:year>/<str:kind>/", views_public.report, name="report"),
    path("<int:year>/<str:kind>/report.pdf", views_public.report_pdf, name="report_pdf"),
    path("<int:year>/<str:kind>/report.docx", views_public.report_docx, name="report_docx"),
]
