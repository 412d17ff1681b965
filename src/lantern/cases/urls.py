from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/members/add/", views.member_add, name="member_add"),
    path(
        "<str:reference>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
]
