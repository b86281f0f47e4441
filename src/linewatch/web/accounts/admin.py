"""Django admin for agency administrators: agencies and accounts, nothing operational."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from linewatch.web.accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "code", "kind", "contact")
    search_fields = ("name", "code")


@admin.register(User)
class LinewatchUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("agency", "role", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Linewatch", {"fields": ("agency", "role", "areas")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Linewatch", {"fields": ("agency", "role")}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return queryset
        # An agency administrator manages their own agency's accounts only.
        return queryset.filter(agency_id=user.agency_id)
