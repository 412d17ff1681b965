from django.urls import path

from . import views_surveys as views

urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("questions/new/", views.question_new, name="question_new"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
    path("settings/", views.settings, name="settings"),
    path("sessions/<int:pk>/surveys/", views.surveys, name="surveys"),
]
