from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("refer/", views.referral_new, name="refer"),
    path("<str:reference>/", views.review_detail, name="review"),
    path("<str:reference>/return/", views.referral_return, name="return"),
    path("<str:reference>/accept/", views.referral_accept, name="accept"),
    path("<str:reference>/correct/", views.referral_correct, name="correct"),
    path("<str:reference>/notification/", views.notification, name="notification"),
]
