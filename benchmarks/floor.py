"""The floor: the least a signed-in page can do. Every page is measured against it.

One indexed query (the person's partnership, by primary key) and a tiny template, behind
the same middleware and sign-in as real pages.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines

from lantern.partnerships.models import Partnership

_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="en"><head><title>Floor</title></head>'
    "<body><h1>{{ partnership.name }}</h1></body></html>"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    partnership = Partnership.objects.filter(pk=request.user.partnership_id).first()  # type: ignore[union-attr]
    return HttpResponse(_TEMPLATE.render({"partnership": partnership}, request))
