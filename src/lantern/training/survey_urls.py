"""The survey pages practitioners open from a signed link, without signing in."""

from django.urls import path

from . import views_survey_public as views

app_name = "survey"

urlpatterns = [
    # Before the token: "thanks" is never a signed token (those hold a colon).
    path("thanks/", views.thanks, name="thanks"),
    path("<str:token>/", views.answer, name="answer"),
]
