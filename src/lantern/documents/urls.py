from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.document_upload, name="upload"),
    path("<int:document_id>/", views.document_download, name="download"),
    path("<int:document_id>/name-check/", views.name_check_page, name="name_check"),
]
