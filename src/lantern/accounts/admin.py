from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm

from lantern.audit.admin import ReadsLoggedAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


class PersonCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "partnership"]


@admin.register(User)
class UserAdmin(ReadsLoggedAdmin, DjangoUserAdmin):
    """For operators to create a partnership's first Business Manager; after that the
    Business Unit manages its own people in Lantern. A person's account only: nothing of
    the cases they work on. Every account or list an operator opens is logged."""

    add_form = PersonCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "partnership", "is_active", "is_superuser"]
    list_filter = ["partnership", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "partnership", "agency"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "partnership", "password1", "password2"]}),
    ]
