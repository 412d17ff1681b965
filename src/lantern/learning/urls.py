"""The signed-in learning library, mounted at /library/ (issue 14)."""

from django.urls import URLPattern, path

from . import views

app_name = "learning"

urlpatterns: list[URLPattern] = [
    path("", views.library, name="library"),
    path("add/", views.item_add, name="add"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/themes/", views.item_themes, name="themes"),
]
