"""The platform operator's view: set up partnerships. Case records are not offered here:
operators run the service, they do not read safeguarding cases. What they open here is
logged as a read, like anyone's (lantern.audit.admin.ReadsLoggedAdmin)."""

from django.contrib import admin

from lantern.audit.admin import ReadsLoggedAdmin

from .models import Agency, Group, Partnership


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(ReadsLoggedAdmin, admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "require_two_factor"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [GroupInline, AgencyInline]
