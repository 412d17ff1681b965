"""People and their roles in a partnership."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from lantern.partnerships.models import Agency, Group, Partnership


class Role(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent Chair"
    BUSINESS_MANAGER = "business_manager", "Business Manager"
    BUSINESS_UNIT_OFFICER = "business_unit_officer", "Business Unit officer"
    GROUP_CHAIR = "group_chair", "Group chair"
    GROUP_MEMBER = "group_member", "Group member"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Agency safeguarding lead"
    NOMINATED_REPRESENTATIVE = "nominated_representative", "Nominated representative"
    REVIEWER = "reviewer", "Independent reviewer"
    THEME_LEAD = "theme_lead", "Audit theme lead"
    LD_COORDINATOR = "ld_coordinator", "L&D co-ordinator"
    AUDITOR = "auditor", "Read-only auditor"


#: Roles held for a group, and roles held for an agency: the assignment must name one.
GROUP_ROLES = {Role.GROUP_CHAIR, Role.GROUP_MEMBER}
AGENCY_ROLES = {Role.SAFEGUARDING_LEAD, Role.NOMINATED_REPRESENTATIVE}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("A person needs an e-mail address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Platform operators (superusers) belong to no partnership."""

    email = models.EmailField("E-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The organisation this person works for, if any.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()
        if self.agency_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "Choose an agency of this person's partnership."})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def role_set(self) -> frozenset[str]:
        """The roles this person holds, cached for the request."""
        cached: frozenset[str] | None = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_set = cached
        return cached


class RoleAssignment(models.Model):
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )

    class Meta:
        ordering = ["role"]

    def __str__(self) -> str:
        where = self.group or self.agency
        label = self.get_role_display()
        return f"{label} ({where})" if where else label

    def clean(self) -> None:
        errors = {}
        if self.role in GROUP_ROLES and not self.group_id:
            errors["group"] = "Choose the group this person chairs or sits on."
        if self.role not in GROUP_ROLES and self.group_id:
            errors["group"] = "Only a group chair or member is assigned to a group."
        if self.role in AGENCY_ROLES and not self.agency_id:
            errors["agency"] = "Choose the agency this person acts for."
        if self.role not in AGENCY_ROLES and self.agency_id:
            errors["agency"] = (
                "Only a safeguarding lead or nominated representative acts for an agency."
            )
        partnership_id = self.person.partnership_id if self.person_id else None
        if self.group_id and self.group.partnership_id != partnership_id:
            errors["group"] = "Choose a group of this person's partnership."
        if self.agency_id and self.agency.partnership_id != partnership_id:
            errors["agency"] = "Choose an agency of this person's partnership."
        if errors:
            raise ValidationError(errors)
