from django.urls import path

from . import views, views_actions, views_event, views_findings, views_grades, views_report

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
    path("<str:reference>/returns/add/", views_actions.return_add, name="return_add"),
    path("<str:reference>/returns/<int:return_id>/", views_actions.return_edit, name="return"),
    # Grades and moderation
    path("<str:reference>/grades/", views_grades.grades, name="grades"),
    path("<str:reference>/grades/audit/", views_grades.judge, name="judge"),
    path("<str:reference>/grades/<str:case_reference>/", views_grades.moderate, name="moderate"),
    # The audit session and learning event
    path("<str:reference>/event/", views_event.event, name="event"),
    path("<str:reference>/event/arrange/", views_event.event_schedule, name="event_schedule"),
    path("<str:reference>/event/invite/", views_event.invite, name="invite"),
    path("<str:reference>/event/programme/", views_event.programme_send, name="programme_send"),
    path("<str:reference>/event/attendance/", views_event.attendance, name="attendance"),
    path("<str:reference>/event/engagement/", views_event.engagement, name="engagement"),
    # Findings, ratification and the learning shared
    path("<str:reference>/findings/", views_findings.findings_page, name="findings"),
    path("<str:reference>/findings/add/", views_findings.finding_add, name="finding_add"),
    path(
        "<str:reference>/findings/<int:finding_id>/recommend/",
        views_findings.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "<str:reference>/good-practice/add/",
        views_findings.good_practice_add,
        name="good_practice_add",
    ),
    path(
        "<str:reference>/good-practice/<int:practice_id>/acknowledge/",
        views_findings.acknowledge,
        name="acknowledge",
    ),
    path("<str:reference>/ratify/", views_findings.ratify, name="ratify"),
    path("<str:reference>/learning/", views_findings.learning_summary, name="learning"),
    path("<str:reference>/seminars/add/", views_findings.seminar_add, name="seminar_add"),
    # The report
    path("<str:reference>/report/", views_report.report_page, name="report"),
    path("<str:reference>/report/generate/", views_report.report_generate, name="generate"),
    path("<str:reference>/report/presented/", views_report.report_presented, name="presented"),
    path("<str:reference>/close/", views_report.audit_close, name="close"),
]
