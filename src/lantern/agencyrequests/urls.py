from django.urls import path

from . import views

app_name = "agencyrequests"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("add/", views.requests_add, name="add"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/accept/", views.request_accept, name="accept"),
    path("<int:pk>/chase/", views.request_chase, name="chase"),
    path("<int:pk>/send-back/", views.request_send_back, name="send_back"),
    path("<int:pk>/file/", views.request_file, name="file"),
]
