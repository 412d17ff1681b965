from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password/change/", views.ChangeView.as_view(), name="password_change"),
    path("password/reset/", views.ResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
]
