"""Licence types are maintained by the catalogue administrator; licences and keys are only
looked at here: they change through licences.services, which signs and audits."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tongban.licences.models import Licence, LicenceType, SigningKey


@admin.register(LicenceType)
class LicenceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type_code", "holder_kind", "validity_days", "is_active"]
    search_fields = ["code", "name", "type_code"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "licence_type", "holder_name", "issuer", "issued_at", "status"]
    list_filter = ["status", "licence_type"]
    search_fields = ["identifier", "holder_name"]
    exclude = ["document"]


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    exclude = ["private_key"]
