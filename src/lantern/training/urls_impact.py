from django.urls import path

from . import views_impact

urlpatterns = [
    path("impact/", views_impact.impact, name="impact"),
    path("impact/courses/<int:pk>/", views_impact.impact_course, name="impact_course"),
    path("impact/themes/<int:pk>/", views_impact.impact_theme, name="impact_theme"),
    path("report/", views_impact.report, name="report"),
    path("report/report.docx", views_impact.report_docx, name="report_docx"),
    path("report/report.pdf", views_impact.report_pdf, name="report_pdf"),
    path("report/report.xlsx", views_impact.report_xlsx, name="report_xlsx"),
    path("report/record/", views_impact.report_record, name="report_record"),
]
