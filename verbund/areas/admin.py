from django.contrib import admin

from .models import Area, AreaImport, Walk


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "kind", "municipality", "parent"]
    list_filter = ["municipality", "level", "kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["centres"]
    readonly_fields = ["geometry", "geometry_simplified", "bbox", "centroid_lat", "centroid_lon"]


@admin.register(AreaImport)
class AreaImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "municipality", "status", "created_by", "created_at"]
    list_filter = ["municipality", "status"]
    exclude = ["features", "problems"]
    readonly_fields = ["report", "options"]


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "centre", "area", "municipality"]
    list_filter = ["municipality"]
    raw_id_fields = ["centre", "area"]
