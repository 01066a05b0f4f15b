from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "action", "actor_label", "municipality", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_repr"]

    def get_queryset(self, request):
        return AuditEntry.unscoped.select_related("municipality")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
