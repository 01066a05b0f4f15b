from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["municipality", "centre", "provider", "facility"]

    def get_queryset(self, request):
        return Membership.unscoped.all()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
