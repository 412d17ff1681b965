"""Version 1 of the API, at /api/v1/."""

from ninja import Router

from lantern.actions import api as actions_api
from lantern.adults import api as adults_api

from . import cases, library, me, referrals

router = Router()
router.add_router("", me.router)
router.add_router("cases", cases.router)
router.add_router("children/referrals", referrals.router)
router.add_router("adults/referrals", adults_api.router)
router.add_router("actions", actions_api.router)
router.add_router("library", library.router)
