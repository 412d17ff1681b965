from django.urls import path

from . import views, views_review

app_name = "children"
urlpatterns = [
    path("refer/", views.referral_new, name="refer"),
    path("<str:reference>/", views.review_detail, name="review"),
    path("<str:reference>/return/", views.referral_return, name="return"),
    path("<str:reference>/accept/", views.referral_accept, name="accept"),
    path("<str:reference>/correct/", views.referral_correct, name="correct"),
    path("<str:reference>/notification/", views.notification, name="notification"),
    path("<str:reference>/scoping/send/", views_review.scoping_send, name="scoping_send"),
    path(
        "<str:reference>/scoping/complete/", views_review.scoping_complete, name="scoping_complete"
    ),
    path("<str:reference>/template/", views_review.template_generate, name="template"),
    path("<str:reference>/record/<slug:action>/", views_review.date_action, name="record"),
    path("<str:reference>/panel-response/", views_review.panel_response, name="panel_response"),
    path("<str:reference>/cspr/", views_review.cspr_detail, name="cspr"),
    path("<str:reference>/cspr/<slug:action>/", views_review.cspr_action, name="cspr_action"),
]
