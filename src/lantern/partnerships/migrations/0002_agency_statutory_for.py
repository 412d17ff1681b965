"""Which decisions each statutory partner agency counts towards for quorum.

Existing partners become "both", except a local authority agency whose name says which
side it serves (children's services, adult social care). A council's adult social care
agency that was left out because the one local authority slot was taken by children's
services becomes the local authority partner for adults' decisions, so a SAR meeting
it attends is quorate as the Care Act intends.
"""

from django.db import migrations, models


def _side(name: str) -> str:
    lowered = name.lower()
    if "adult" in lowered:
        return "adults"
    if "child" in lowered:
        return "children"
    return "both"


def forwards(apps, schema_editor):
    Agency = apps.get_model("partnerships", "Agency")
    for agency in Agency.objects.filter(statutory_partner="local_authority"):
        side = _side(agency.name)
        if side != "both":
            agency.statutory_for = side
            agency.save(update_fields=["statutory_for"])
    children_only = set(
        Agency.objects.filter(
            statutory_partner="local_authority", statutory_for="children"
        ).values_list("partnership_id", flat=True)
    )
    adults_partner = set(
        Agency.objects.filter(
            statutory_partner="local_authority", statutory_for__in=["adults", "both"]
        ).values_list("partnership_id", flat=True)
    )
    for agency in Agency.objects.filter(
        kind="local_authority", statutory_partner="", partnership_id__in=children_only
    ).exclude(partnership_id__in=adults_partner):
        if _side(agency.name) == "adults":
            agency.statutory_partner = "local_authority"
            agency.statutory_for = "adults"
            agency.save(update_fields=["statutory_partner", "statutory_for"])


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="statutory_for",
            field=models.CharField(
                choices=[
                    ("children", "Children's decisions (rapid reviews and CSPRs)"),
                    (
                        "adults",
                        "Adults' decisions (the Safeguarding Adults Board: SARs and DHRs)",
                    ),
                    ("both", "Both children's and adults' decisions"),
                ],
                default="both",
                help_text="Only for a statutory partner: whose decisions it counts towards "
                "for quorum. For example, children's services for children, adult social "
                "care for adults.",
                max_length=10,
                verbose_name="Statutory partner for",
            ),
        ),
        migrations.AlterField(
            model_name="agency",
            name="statutory_partner",
            field=models.CharField(
                blank=True,
                choices=[
                    ("local_authority", "Local authority"),
                    ("icb", "Integrated Care Board"),
                    ("police", "Police"),
                ],
                help_text="Leave blank unless this agency is the local authority, ICB or "
                "police safeguarding partner. A decision meeting needs someone from each.",
                max_length=20,
                verbose_name="Statutory safeguarding partner",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
