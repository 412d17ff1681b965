from django.urls import path

from . import views

app_name = "clock"
urlpatterns = [
    path("", views.timescales, name="timescales"),
    path("preview/", views.preview, name="preview"),
    path("settings/", views.settings_edit, name="settings"),
    path("closures/add/", views.closure_new, name="closure_add"),
    path("closures/<int:pk>/remove/", views.closure_delete, name="closure_remove"),
    path("<slug:pathway>/<slug:step_id>/", views.timescale_edit, name="timescale_edit"),
]
