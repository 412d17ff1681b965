"""Signed-in pages for publications (drafting, approval, embargo, amend, withdraw)."""

from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("new/", views.publication_new, name="new"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/edit/", views.publication_edit, name="edit"),
    path("<int:pk>/submit/", views.publication_submit, name="submit"),
    path("<int:pk>/approve/", views.publication_approve, name="approve"),
    path("<int:pk>/publish/", views.publication_publish, name="publish"),
    path("<int:pk>/amend/", views.publication_amend, name="amend"),
    path("<int:pk>/withdraw/", views.publication_withdraw, name="withdraw"),
    path("<int:pk>/versions/<int:number>/", views.publication_version, name="version"),
    path("<int:pk>/download.docx", views.publication_docx, name="docx"),
    path("<int:pk>/download.pdf", views.publication_pdf, name="pdf"),
    path("briefing/new/", views.briefing_new, name="briefing_new"),
    path("dissemination/", views.dissemination_list, name="disseminations"),
    path("dissemination/new/", views.dissemination_new, name="dissemination_new"),
]
