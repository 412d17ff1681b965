from django.urls import path

from . import views_programme

urlpatterns = [
    path("", views_programme.programme, name="programme"),
    path("courses/new/", views_programme.course_new, name="course_new"),
    path("courses/<int:pk>/", views_programme.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views_programme.course_edit, name="course_edit"),
    path("courses/<int:pk>/sessions/new/", views_programme.session_new, name="session_new"),
    path(
        "courses/<int:pk>/observations/new/",
        views_programme.observation_new,
        name="observation_new",
    ),
    path("sessions/<int:pk>/", views_programme.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views_programme.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views_programme.session_cancel, name="session_cancel"),
]
