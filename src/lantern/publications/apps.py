"""Publications, one kernel service for every pathway, and the public "Learning from
reviews" site (issue 14)."""

from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "lantern.publications"
    verbose_name = "Publications and the public site"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from .models import Dissemination, Publication, PublicationVersion

        track(Publication)
        track(PublicationVersion)
        track(Dissemination)
