from django.urls import path

from lantern.work import views as work_views

from . import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("work/<slug:slug>/", work_views.section, name="work_section"),
]
