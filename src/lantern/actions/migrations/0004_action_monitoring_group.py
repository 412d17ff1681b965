"""Issue 13: each action keeps its recommendation's monitoring group (filled in here for the
actions there are), so a group's list and the tracker's group filter read an index of
their own instead of every action of the partnership."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_group(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Recommendation = apps.get_model("actions", "Recommendation")
    Action.objects.filter(monitoring_group__isnull=True).update(
        monitoring_group_id=Subquery(
            Recommendation.objects.filter(pk=OuterRef("recommendation_id")).values(
                "monitoring_group_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_action_scale"),
        ("partnerships", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="monitoring_group",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partnerships.group",
            ),
        ),
        migrations.RunPython(fill_group, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="monitoring_group",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partnerships.group",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["monitoring_group", "closed", "due", "id"], name="action_group_open_first"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["monitoring_group", "status", "due", "id"], name="action_group_status_due"
            ),
        ),
    ]
