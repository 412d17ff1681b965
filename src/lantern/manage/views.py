from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")


def audit_trail(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")
