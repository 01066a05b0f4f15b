from django.contrib import admin
from django_scopes import scopes_disabled

from . import facility_hooks
from .models import Facility, FamilyCentre, Municipality, Provider


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "official_key", "state"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(FamilyCentre)
class FamilyCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "provider"]
    list_filter = ["municipality"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "centre", "archived_at"]
    list_filter = ["municipality", "kind"]
    raw_id_fields = ["centre", "provider"]

    def save_model(self, request, obj, form, change):
        """The facility's organisation in the network follows here, too (facility_hooks)."""
        super().save_model(request, obj, form, change)
        with scopes_disabled():
            facility_hooks.facility_written(
                actor=request.user,
                facility=obj,
                event=facility_hooks.CHANGED if change else facility_hooks.CREATED,
                changed=form.changed_data if change else form.base_fields,
            )
