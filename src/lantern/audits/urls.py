from django.urls import path

from . import views, views_actions

app_name = "audits"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("new/", views.audit_new, name="new"),
    path("<str:reference>/", views.audit_detail, name="audit"),
    path("<str:reference>/tool/", views_actions.tool, name="tool"),
    path(
        "<str:reference>/tool/<int:question_id>/remove/",
        views_actions.question_remove,
        name="question_remove",
    ),
    path("<str:reference>/tool/finalise/", views_actions.tool_finalise, name="finalise"),
    path("<str:reference>/draw/", views_actions.cases_draw, name="draw"),
    path("<str:reference>/send/", views_actions.template_send, name="send"),
    path("<str:reference>/returns/<int:return_id>/", views_actions.return_edit, name="return"),
]
