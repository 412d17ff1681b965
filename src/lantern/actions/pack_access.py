"""Who may see a group's reporting pack: its page, its prepared documents and their
downloads all ask here."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantern.access.policy import Perm, has_perm, monitoring_groups
from lantern.partnerships.models import Group


def get_group_for_pack(user: Any, group_id: int) -> Group:
    """A group's pack is for its members and chair, and for those who read every case.
    A group of another partnership does not exist (404); anyone else of this partnership
    is refused (403): that the group exists is no secret."""
    group = Group.objects.filter(partnership_id=user.partnership_id, pk=group_id).first()
    if group is None or not user.partnership_id:
        raise Http404("No such group.")
    if not has_perm(user, Perm.VIEW_ALL_CASES) and group.pk not in monitoring_groups(user):
        raise PermissionDenied("Only the group's members can see its reporting pack.")
    return group


def pack_groups(user: Any) -> list[Group]:
    """The groups whose packs this person may choose."""
    groups = Group.objects.filter(partnership_id=user.partnership_id, is_active=True)
    if not has_perm(user, Perm.VIEW_ALL_CASES):
        groups = groups.filter(pk__in=monitoring_groups(user))
    return list(groups.order_by("name"))
