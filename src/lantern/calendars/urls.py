from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("reset/", views.feed_reset_view, name="reset"),
    path("<str:token>.ics", views.feed, name="feed"),
]
