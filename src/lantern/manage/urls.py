from django.urls import path, re_path

from . import audit_views, directory, people, views

app_name = "manage"
urlpatterns = [
    path("", views.index, name="index"),
    path("audit/", audit_views.audit_trail, name="audit"),
    path("settings/", directory.partnership_settings, name="settings"),
    path("people/", people.people_list, name="people"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/status/", people.person_status, name="person_status"),
    path("people/<int:pk>/roles/add/", people.role_add, name="role_add"),
    path(
        "people/<int:pk>/roles/<int:assignment_id>/remove/", people.role_remove, name="role_remove"
    ),
    re_path(r"^(?P<kind>agencies|groups)/$", directory.record_list, name="records"),
    re_path(r"^(?P<kind>agencies|groups)/add/$", directory.record_edit, name="record_add"),
    re_path(
        r"^(?P<kind>agencies|groups)/(?P<pk>[0-9]+)/$", directory.record_edit, name="record_edit"
    ),
]
