"""Attendance: a session's bookings, waiting list and cancellations, and its register
(entered or imported)."""

from django.urls import path

from . import views_attendance

urlpatterns = [
    path("sessions/<int:pk>/people/", views_attendance.bookings, name="bookings"),
    path("sessions/<int:pk>/people/new/", views_attendance.booking_new, name="booking_new"),
    path("bookings/<int:pk>/cancel/", views_attendance.booking_cancel, name="booking_cancel"),
    path("sessions/<int:pk>/register/", views_attendance.register, name="register"),
    path(
        "sessions/<int:pk>/register/import/",
        views_attendance.register_import,
        name="register_import",
    ),
    path(
        "sessions/<int:pk>/register/template/",
        views_attendance.register_template,
        name="register_template",
    ),
]
