"""The URLs with the SAR referral router at /api/v1/adults/referrals, mounted here only
until lantern.api.v1 mounts it itself."""

from django.urls import path

from lantern.adults.api import router
from lantern.api import errors
from lantern.api.auth import BearerToken, as_caller
from lantern.api.base import LanternAPI
from lantern.urls import urlpatterns as lantern_urls

if getattr(router, "api", None) is None:
    api = LanternAPI(title="test", version="test", urls_namespace="adults-test", auth=BearerToken())
    errors.install(api)
    api.add_decorator(as_caller)
    api.add_router("v1/adults/referrals", router)
    urlpatterns = [path("api/", api.urls), *lantern_urls]
else:
    urlpatterns = lantern_urls
