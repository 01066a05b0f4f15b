from django.contrib import admin

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
