from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("<int:pk>/", views.begin, name="begin"),
    path("<int:pk>/callback/", views.callback, name="callback"),
    path("<int:pk>/sign-out/", views.provider_sign_out, name="provider_sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
]
