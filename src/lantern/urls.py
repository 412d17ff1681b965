from django.contrib import admin
from django.urls import include, path

from lantern.api.api import api
from lantern.documents.urls import job_urlpatterns as document_job_urls
from lantern.web import views as web_views

admin.site.site_header = "Lantern platform administration"

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("health/", include("lantern.ops.urls")),
    path("", include("lantern.web.urls")),
    path("account/sso/", include("lantern.sso.urls")),
    path("account/", include("lantern.accounts.urls")),
    path("calendar/", include("lantern.calendars.urls")),
    path("cases/", include("lantern.cases.urls")),
    path("cases/<str:reference>/requests/", include("lantern.agencyrequests.urls")),
    path("cases/<str:reference>/meetings/", include("lantern.meetings.urls")),
    path("cases/<str:reference>/documents/", include("lantern.documents.urls")),
    path("documents/jobs/", include((document_job_urls, "document_jobs"))),
    path("cases/<str:reference>/history/", include("lantern.notifications.urls")),
    path("timescales/", include("lantern.clock.urls")),
    path("children/", include("lantern.children.urls")),
    path("adults/", include("lantern.adults.urls")),
    path("dhr/", include("lantern.dhr.urls")),
    path("audits/", include("lantern.audits.urls")),
    path("actions/", include("lantern.actions.urls")),
    path("cases/<str:reference>/chronology/", include("lantern.chronology.urls")),
    path("manage/", include("lantern.manage.urls")),
    path("library/", include("lantern.learning.urls")),
    path("publications/", include("lantern.publications.urls")),
    path("training/", include("lantern.training.urls")),
    path("reports/", include("lantern.reports.urls")),
    path("survey/", include("lantern.training.survey_urls")),
    path("p/<slug:partnership>/", include("lantern.publications.public_urls")),
    path("p/<slug:partnership>/annual-reports/", include("lantern.reports.public_urls")),
    path("api/", api.urls),
    path("platform-admin/", admin.site.urls),
]

handler403 = "lantern.web.errors.forbidden"
handler404 = "lantern.web.errors.not_found"
handler500 = "lantern.web.errors.server_error"
