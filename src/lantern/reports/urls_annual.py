"""The annual reports (issue 16): /reports/annual/."""

from django.urls import path

from . import views_annual as views

urlpatterns: list = [
    path("", views.annual_list, name="annual_list"),
    path("new/", views.annual_new, name="annual_new"),
    path("<int:pk>/", views.annual_detail, name="annual_detail"),
    path("<int:pk>/sections/<str:key>/", views.section_edit, name="section_edit"),
    path("<int:pk>/refresh/", views.annual_refresh, name="annual_refresh"),
    path("<int:pk>/submit/", views.annual_submit, name="annual_submit"),
    path("<int:pk>/return/", views.annual_return, name="annual_return"),
    path("<int:pk>/approve/", views.annual_approve, name="annual_approve"),
    path("<int:pk>/send/", views.annual_send, name="annual_send"),
    path("<int:pk>/publish/", views.annual_publish, name="annual_publish"),
]
