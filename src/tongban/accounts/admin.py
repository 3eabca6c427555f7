"""Maintenance screens: administrators create and scope officials; personal data stays masked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from tongban.accounts import services
from tongban.accounts.models import (
    AgentAuthorisation,
    Official,
    Organisation,
    Person,
    Role,
    TotpDevice,
    User,
)
from tongban.core import audit
from tongban.core.codes import normalise_uscc
from tongban.core.errors import DomainError
from tongban.core.http import client_ip


def portal_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's own login form would skip the officials' second factor: everyone signs in
    through the portal's login, which asks for it, and comes back here."""
    return redirect_to_login(request.GET.get("next") or "/admin/")


admin.site.login = portal_login


def admin_actor(request: HttpRequest) -> audit.Actor:
    return audit.Actor.of(request.user, ip_address=client_ip(request))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "is_staff", "is_active", "last_login")
    search_fields = ("username", "full_name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email")}),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")},
        ),
    )


class OfficialForm(forms.ModelForm):
    """One form for creating and editing officials; saving goes through accounts.services."""

    username = forms.CharField(label=_("用户名"), max_length=150, required=False)
    full_name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("仅新建时填写；至少8位，不能全是数字。"),
    )
    role_list = forms.MultipleChoiceField(
        label=_("角色"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Official
        fields = ("department", "region")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["role_list"].initial = sorted(self.instance.role_codes)
            for name in ("username", "full_name", "password"):
                del self.fields[name]
        else:
            for name in ("username", "full_name", "password"):
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        """Run the service's own checks, so the form shows exactly what saving would refuse."""
        data = super().clean()
        department, region = data.get("department"), data.get("region")
        try:
            if department and region:
                services.check_official_scope(department, region, data.get("role_list", []))
            if not self.instance.pk and not self.errors:
                services.check_new_official_login(
                    data["username"], data["full_name"], data["password"]
                )
        except DomainError as error:
            self._add_domain_error(error)
        return data

    def _add_domain_error(self, error: DomainError) -> None:
        field_names = {"roles": "role_list"}
        for field, message in error.fields.items() or [(None, error.message)]:
            name = field_names.get(field, field)
            self.add_error(name if name in self.fields else None, str(message))


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    form = OfficialForm
    list_display = ("user", "department", "region", "roles_display")
    list_filter = ("department__region", "roles__role")
    search_fields = ("user__username", "user__full_name", "department__name")
    list_select_related = ("user", "department", "region")
    autocomplete_fields = ("department", "region")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("角色"))
    def roles_display(self, official: Official) -> str:
        return "、".join(str(grant) for grant in official.roles.all())

    def save_model(
        self, request: HttpRequest, obj: Official, form: OfficialForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            services.update_official(
                obj,
                department=data["department"],
                region=data["region"],
                roles=data["role_list"],
                actor=admin_actor(request),
            )
            return
        created = services.create_official(
            username=data["username"],
            full_name=data["full_name"],
            password=data["password"],
            department=data["department"],
            region=data["region"],
            roles=data["role_list"],
            actor=admin_actor(request),
        )
        obj.pk, obj.user = created.pk, created.user

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Roles were saved by the service together with the official."""


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Read-only: people register themselves; administrators see masked numbers only."""

    list_display = (
        "real_name",
        "masked_id_number",
        "masked_mobile",
        "real_name_level",
        "created_at",
    )
    list_filter = ("real_name_level",)
    search_fields = ("real_name",)
    fields = (
        "real_name",
        "masked_id_number",
        "masked_mobile",
        "birth_date",
        "sex",
        "birth_region_code",
        "real_name_level",
        "created_at",
    )
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ("uscc", "name", "legal_representative", "region")

    def clean_uscc(self) -> str:
        try:
            return normalise_uscc(self.cleaned_data["uscc"])
        except DomainError as error:
            raise forms.ValidationError(str(error.message)) from None


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ("name", "uscc", "legal_representative", "region")
    search_fields = ("name", "uscc")
    list_select_related = ("legal_representative", "region")
    raw_id_fields = ("legal_representative",)
    autocomplete_fields = ("region",)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            "organisation.updated" if change else "organisation.created",
            obj,
            actor=admin_actor(request),
            changes={"uscc": obj.uscc, "name": obj.name},
        )


@admin.register(AgentAuthorisation)
class AgentAuthorisationAdmin(admin.ModelAdmin):
    """Authorisations are given and revoked by legal representatives, not here."""

    list_display = ("organisation", "agent", "valid_until", "revoked_at", "created_at")
    list_select_related = ("organisation", "agent")
    search_fields = ("organisation__name", "organisation__uscc")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """An administrator resets an official's second factor (lost phone, no recovery codes) by
    deleting the device: the official enrols again at the next sign-in. Nothing else here."""

    list_display = ("user", "confirmed_at")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user",)
    fields = ("user", "confirmed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TotpDevice) -> None:
        audit.record("official.totp_reset", obj.user, actor=admin_actor(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for device in queryset.select_related("user"):
            self.delete_model(request, device)
