"""Access to the administration area, through the one policy.

Records of another partnership are 404 (their existence is not disclosed). People
of this partnership without the right permission get 403: the area itself is no
secret, and a read-only auditor may look but not change.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse

from lantern.access.policy import Perm, has_perm

M = TypeVar("M", bound=Model)


def check_perm(user: Any, perm: Perm) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied("Your role does not give you this part of the administration area.")


def require_perm(perm: Perm) -> Callable[..., Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check_perm(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_for_user(user: Any, model: type[M], pk: int, *, write: Perm | None = None) -> M:
    """One record of the person's own partnership; 404 otherwise, 403 without `write`."""
    obj = model._default_manager.filter(pk=pk, partnership_id=user.partnership_id).first()
    if obj is None or not user.partnership_id:
        raise Http404("No such record.")
    if not has_perm(user, Perm.VIEW_ADMINISTRATION) or (write and not has_perm(user, write)):
        raise PermissionDenied("You can see this record but not change it.")
    return obj
