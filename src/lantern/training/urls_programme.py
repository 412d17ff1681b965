from django.urls import path

from . import views_programme

urlpatterns = [
    path("", views_programme.programme, name="programme"),
]
