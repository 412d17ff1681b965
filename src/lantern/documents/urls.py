from django.urls import path

from . import views, views_jobs

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.document_upload, name="upload"),
    path("<int:document_id>/", views.document_download, name="download"),
    path("<int:document_id>/name-check/", views.name_check_page, name="name_check"),
]

#: Documents prepared in the background, at an address of their own
#: (/documents/jobs/<id>/, namespace "document_jobs").
job_urlpatterns = [
    path("<int:job_id>/", views_jobs.job_page, name="job"),
    path("<int:job_id>/again/", views_jobs.job_again, name="again"),
]
