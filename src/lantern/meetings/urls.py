from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_schedule, name="schedule"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/held/", views.meeting_held, name="held"),
    path("<int:meeting_id>/move/", views.meeting_move, name="move"),
    path("<int:meeting_id>/not-held/", views.meeting_not_held, name="not_held"),
    path("<int:meeting_id>/decision/", views.decision_record, name="decision"),
    path("decisions/<int:decision_id>/endorse/", views.decision_endorse, name="endorse"),
]
