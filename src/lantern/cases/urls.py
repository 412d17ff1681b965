from django.urls import path

from lantern.clock.step_views import step_change

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/steps/<int:step_id>/", step_change, name="step_change"),
    path("<str:reference>/members/add/", views.member_add, name="member_add"),
    path(
        "<str:reference>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
]
