"""The annual reports as documents: DOCX, tagged PDF and an accessible page (issue 16)."""

from django.urls import path

from . import views_documents

urlpatterns = [
    path("<int:pk>/report.docx", views_documents.annual_docx, name="annual_docx"),
    path("<int:pk>/report.pdf", views_documents.annual_pdf, name="annual_pdf"),
    path("<int:pk>/page/", views_documents.annual_page, name="annual_page"),
]
