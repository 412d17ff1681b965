from django.urls import path

from . import views, views_actions

app_name = "adults"
urlpatterns = [
    path("refer/", views.referral_new, name="refer"),
    path("<str:reference>/", views.sar_detail, name="case"),
    path("<str:reference>/return/", views.referral_return, name="return"),
    path("<str:reference>/correct/", views.referral_correct, name="correct"),
    path("<str:reference>/do/<slug:name>/", views_actions.button, name="button"),
    path("<str:reference>/record/<slug:name>/", views_actions.action, name="action"),
    path("<str:reference>/imr/<int:request_id>/", views_actions.imr_author, name="imr_author"),
]
