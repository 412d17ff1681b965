"""Issue 13: the tracker's reads come from indexes. Each action keeps its recommendation's
partnership (filled in here for the actions there are) and whether it is closed (a column
the database computes from the status), so the default order, open first then soonest
due, is an index's order rather than a sort of every action."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_partnership(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Recommendation = apps.get_model("actions", "Recommendation")
    Action.objects.filter(partnership__isnull=True).update(
        partnership_id=Subquery(
            Recommendation.objects.filter(pk=OuterRef("recommendation_id")).values(
                "partnership_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_action_version"),
        ("partnerships", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partnerships.partnership",
            ),
        ),
        migrations.RunPython(fill_partnership, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partnerships.partnership",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="closed",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(status__in=["complete", "verified"], then=models.Value(True)),
                    default=models.Value(False),
                ),
                output_field=models.BooleanField(),
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["partnership", "closed", "due", "id"], name="action_open_first"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["partnership", "due", "id"], name="action_due"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["partnership", "status", "due", "id"], name="action_status_due"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["lead_agency", "closed", "due", "id"], name="action_agency_due"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["owner", "status", "due", "id"], name="action_owner_due"),
        ),
    ]
