from django.urls import path

from . import views, views_actions

app_name = "dhr"
urlpatterns = [
    path("notify/", views.notification_new, name="notify"),
    path("<str:reference>/", views.dhr_detail, name="detail"),
    path("<str:reference>/<slug:action>/", views_actions.dhr_action, name="action"),
]
