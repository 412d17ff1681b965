from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "lantern.chronology"
    verbose_name = "Multi-agency chronology"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from lantern.audit.registry import track

        from . import facts_index, models

        # SQLite only: an index the model cannot declare (facts_index.py), made again
        # whenever a migration has rebuilt the table.
        post_migrate.connect(facts_index.ensure_after_migrate, sender=self)

        # Entries added, changed or removed one at a time are on the trail; an import
        # replaces them in bulk and records one event of its own (services.py). `facts` is
        # worked out from the event (issue 13): nothing a person changed, and confidential.
        track(models.ChronologyEntry, redact={"event", "action_taken"}, ignore={"facts"})
