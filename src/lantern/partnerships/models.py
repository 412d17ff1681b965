"""A safeguarding partnership, its groups and its agencies.

One deployment serves many partnerships; every other record hangs off one, and no
user ever sees another partnership's records (see lantern.access.policy).
"""

from django.db import models

from lantern.web.versioning import version_field


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, help_text="For example, DSPP.")
    slug = models.SlugField(unique=True)
    has_independent_chair = models.BooleanField(
        default=True, help_text="An Independent Chair endorses rapid review outcomes and SARs."
    )
    require_two_factor = models.BooleanField(
        "Two-factor authentication is mandatory",
        default=False,
        help_text="Everyone must set up an authenticator app before they can use Lantern.",
    )
    version = version_field()  # no edit lost in administration (issue 12, item 12)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupKind(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    QAP = "qap", "Quality Assurance & Performance sub-group"
    LI = "li", "Learning & Improvement sub-group"
    SAR_PANEL = "sar_panel", "SAR Panel"
    SAR_COMMITTEE = "sar_committee", "SAR Committee"
    CHILDRENS_GROUP = "childrens_group", "Children's partnership group"
    SAB = "sab", "Safeguarding Adults Board"
    OTHER = "other", "Other group"


class Group(models.Model):
    """A board, sub-group or panel. Each partnership names and configures its own."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="groups")
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    version = version_field()  # no edit lost in administration (issue 12, item 12)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated Care Board"
    POLICE = "police", "Police"
    HOSPITAL_TRUST = "hospital_trust", "Hospital trust"
    COMMUNITY_HEALTH = "community_health", "Community or mental health trust"
    GP = "gp", "GP practice"
    SCHOOL = "school", "School or education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    CARE_PROVIDER = "care_provider", "Independent care provider"
    AMBULANCE = "ambulance", "Ambulance service"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"


class StatutoryPartner(models.TextChoices):
    """The three safeguarding partners for children (Working Together 2023)."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated Care Board"
    POLICE = "police", "Police"


class StatutoryFor(models.TextChoices):
    """Whose decisions a statutory partner agency counts towards for quorum.

    Children's decisions (rapid review, CSPR) need the local authority's children's
    services, the ICB and the police (Working Together 2023); adults' decisions (the SAB:
    SARs) need the local authority's adult social care, the ICB and the police (Care Act
    2014, Schedule 2). A council often sends a different department to each, so each
    partnership says which agency stands for which.
    """

    CHILDREN = "children", "Children's decisions (rapid reviews and CSPRs)"
    ADULTS = "adults", "Adults' decisions (the Safeguarding Adults Board: SARs and DHRs)"
    BOTH = "both", "Both children's and adults' decisions"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> "AgencyQuerySet":
        return self.filter(is_active=True)

    def statutory_partners(self) -> "AgencyQuerySet":
        return self.exclude(statutory_partner="")


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField("Type", max_length=20, choices=AgencyKind.choices)
    statutory_partner = models.CharField(
        "Statutory safeguarding partner",
        max_length=20,
        choices=StatutoryPartner.choices,
        blank=True,
        help_text="Leave blank unless this agency is the local authority, ICB or police "
        "safeguarding partner. A decision meeting needs someone from each.",
    )
    statutory_for = models.CharField(
        "Statutory partner for",
        max_length=10,
        choices=StatutoryFor.choices,
        default=StatutoryFor.BOTH,
        help_text="Only for a statutory partner: whose decisions it counts towards for "
        "quorum. For example, children's services for children, adult social care for adults.",
    )
    is_active = models.BooleanField(default=True)
    version = version_field()  # no edit lost in administration (issue 12, item 12)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
