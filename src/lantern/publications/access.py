"""Fetching a publication for the person asking: the only way the signed-in pages get one.

Another partnership's publication, or one a person may not read (lantern.access.policy:
can_read_publications), is 404: they cannot learn it exists. A reader who may not do
what they asked gets 403."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantern.access.policy import can_draft_publications, can_read_publications

from .models import Publication


def get_publication_for_user(user: Any, pk: int) -> Publication:
    if not can_read_publications(user):
        raise Http404("No such publication.")
    publication = (
        Publication.objects.in_partnership(user.partnership_id)
        .select_related("partnership", "case", "created_by", "submitted_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if publication is None:
        raise Http404("No such publication.")
    return publication


def get_rw_publication_for_user(user: Any, pk: int) -> Publication:
    publication = get_publication_for_user(user, pk)
    if not can_draft_publications(user):
        raise PermissionDenied("You can read this publication but not change it.")
    return publication
