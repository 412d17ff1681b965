"""Issue 13: repeat learning's stored term weights and each partnership's learning
version. Every partnership gets its version row here, so the index its app processes
build is kept from the first visit; the weights themselves are stored when the index is
first built (lantern.actions.learning_index.build)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def add_versions(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    LearningVersion = apps.get_model("actions", "LearningVersion")
    LearningVersion.objects.bulk_create(
        [
            LearningVersion(partnership_id=pk, version=1, stamp=uuid.uuid4())
            for pk in Partnership.objects.values_list("pk", flat=True)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_action_monitoring_group"),
        ("partnerships", "0003_directory_versions"),
    ]

    operations = [
        migrations.CreateModel(
            name="LearningVersion",
            fields=[
                (
                    "partnership",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="partnerships.partnership",
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("stamp", models.UUIDField(default=uuid.uuid4)),
            ],
        ),
        migrations.CreateModel(
            name="LearningTerms",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=30, unique=True)),
                ("terms", models.JSONField()),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["partnership", "key"], name="learning_terms_partnership")
                ],
            },
        ),
        migrations.RunPython(add_versions, migrations.RunPython.noop),
    ]
