from django.urls import path, re_path

from . import views

app_name = "chronology"
urlpatterns = [
    path("", views.chronology, name="chronology"),
    re_path(r"^export\.(?P<fmt>docx|xlsx)$", views.export, name="export"),
    re_path(r"^template\.(?P<fmt>csv|xlsx)$", views.template_download, name="template"),
    path("agencies/<int:agency_id>/upload/", views.upload, name="upload"),
    path("agencies/<int:agency_id>/add/", views.entry_add, name="entry_add"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/key/", views.entry_key, name="entry_key"),
]
