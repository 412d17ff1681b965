from django.urls import path

from . import views_actions, views_cases, views_findings, views_recommendations, views_tracker
from .urls_reporting import urlpatterns as reporting_urlpatterns

app_name = "actions"
urlpatterns: list = [
    path("", views_tracker.tracker, name="tracker"),
    path("groups/<int:group_id>/", views_tracker.group_actions, name="group"),
    path("national/new/", views_cases.national_new, name="national_new"),
    path("cases/<str:reference>/", views_cases.case_learning, name="case"),
    path("cases/<str:reference>/findings/add/", views_cases.finding_add, name="finding_add"),
    path(
        "cases/<str:reference>/findings/<int:number>/decision/",
        views_findings.finding_respond_page,
        name="finding_respond",
    ),
    path(
        "cases/<str:reference>/recommendations/add/",
        views_cases.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "recommendations/<int:pk>/",
        views_recommendations.recommendation_detail,
        name="recommendation",
    ),
    path(
        "recommendations/<int:pk>/repeat/",
        views_recommendations.recommendation_repeat,
        name="recommendation_repeat",
    ),
    path(
        "recommendations/<int:pk>/actions/add/",
        views_recommendations.action_add,
        name="action_add",
    ),
    path("<int:pk>/", views_actions.action_detail, name="action"),
    path("<int:pk>/edit/", views_actions.action_edit, name="action_edit"),
    path("<int:pk>/ask/", views_actions.action_ask, name="action_ask"),
    path("<int:pk>/progress/", views_actions.action_progress, name="action_progress"),
    path("<int:pk>/sign-off/", views_actions.action_sign_off, name="action_sign_off"),
    path("evidence/<int:pk>/", views_actions.evidence_file, name="evidence"),
    *reporting_urlpatterns,
]
