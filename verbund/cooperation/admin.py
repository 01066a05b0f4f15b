"""Django's admin is for platform operators (superusers). Content is changed in the app, where
services validate and audit; here agreements are browsable and versions/files read-only."""

from django.contrib import admin

from .models import Agreement, AgreementVersion, Attachment, Reminder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "municipality", "centre", "status", "review_date", "end_date"]
    list_filter = ["municipality", "status"]
    search_fields = ["title", "subject"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "signed_on", "content_sha256"]
    list_filter = ["municipality"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "agreement", "kind", "content_type", "size", "created_at"]
    list_filter = ["municipality", "kind"]
    exclude = ["file"]  # files are served only by the permission-checked view


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "kind", "due_date", "lead_days", "sent_at"]
    list_filter = ["municipality", "kind"]
