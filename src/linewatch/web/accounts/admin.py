"""Django admin for agency administrators: agencies and accounts, nothing operational.

An agency administrator sees and manages only their own agency's accounts, cannot make a
superuser, and every change is written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from linewatch.web.accounts.models import Agency, User
from linewatch.web.audit.trail import record as audit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "code", "kind", "contact")
    search_fields = ("name", "code")

    def save_model(
        self, request: HttpRequest, obj: Agency, form: ModelForm[Agency], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit(
            "alteration" if change else "collection",
            "agency",
            [obj.pk],
            f"{'Changed' if change else 'Created'} agency {obj.code}",
            request=request,
        )


@admin.register(User)
class LinewatchUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("agency", "role", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Linewatch", {"fields": ("agency", "role", "areas", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("Linewatch", {"fields": ("first_name", "last_name", "agency", "role")}),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["sign_out_everywhere", "reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (lost phone): set it up again next time")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        users = list(queryset)  # already limited to the administrator's agency
        TOTPDevice.objects.filter(user__in=users).delete()
        for user in users:
            user.sign_out_everywhere()
        audit(
            "alteration",
            "user",
            [u.pk for u in users],
            f"Reset two-factor sign-in of {len(users)} account(s) and signed them out",
            request=request,
        )
        self.message_user(request, f"Two-factor sign-in reset for {len(users)} account(s).")

    @admin.action(description="Sign the selected accounts out of every session")
    def sign_out_everywhere(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset)  # already limited to the administrator's agency
        for user in users:
            user.sign_out_everywhere()
        audit(
            "alteration",
            "user",
            [u.pk for u in users],
            f"Signed {len(users)} account(s) out of every session",
            request=request,
        )
        self.message_user(request, f"{len(users)} account(s) signed out everywhere.")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return queryset
        # An agency administrator manages their own agency's accounts only.
        return queryset.filter(agency_id=user.agency_id)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "agency" and not user.is_superuser:
            kwargs["queryset"] = Agency.objects.filter(pk=user.agency_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        actor: Any = request.user
        if not actor.is_superuser:
            obj.agency_id = actor.agency_id
            obj.is_superuser = False
        super().save_model(request, obj, form, change)
        audit(
            "alteration" if change else "collection",
            "user",
            [obj.pk],
            f"{'Changed' if change else 'Created'} account {obj.username} "
            f"({obj.role}, {obj.agency.code if obj.agency else 'no agency'})",
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        pk, username = obj.pk, obj.username
        super().delete_model(request, obj)
        audit("erasure", "user", [pk], f"Deleted account {username}", request=request)
