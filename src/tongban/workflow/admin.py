"""Process definitions for the catalogue administrator. Saving never edits a published
version: it publishes a new one, which new applications use; running ones keep theirs."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tongban.core import audit
from tongban.core.http import client_ip
from tongban.workflow import definitions
from tongban.workflow.models import Process, ProcessDefinition
from tongban.workflow.services import known_department_kinds, publish_definition


class DefinitionForm(forms.ModelForm):
    steps = forms.JSONField(
        label=_("步骤（JSON）"),
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100}),
        help_text=_(
            "每步：code、name、kind（intake/review/decision/issuance）、departments"
            "（lead、centre 或部门类别）、mode（parallel/sequential）、limit_days。"
        ),
    )

    class Meta:
        model = ProcessDefinition
        fields = ("key", "name", "steps")

    def clean_steps(self) -> object:
        steps = self.cleaned_data["steps"]
        try:
            definitions.parse(steps, known_department_kinds())
        except definitions.DefinitionInvalid as invalid:
            raise forms.ValidationError(
                [f"{where}：{problem}" for where, problem in invalid.problems.items()]
            ) from None
        return steps


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    form = DefinitionForm
    list_display = ("key", "version", "name", "created_at", "created_by")
    list_filter = ("key",)
    search_fields = ("key", "name")
    readonly_fields = ("version", "created_at", "created_by")

    def save_model(
        self, request: HttpRequest, obj: ProcessDefinition, form: Any, change: bool
    ) -> None:
        published = publish_definition(
            form.cleaned_data["key"],
            form.cleaned_data["name"],
            form.cleaned_data["steps"],
            actor=audit.Actor.of(request.user, ip_address=client_ip(request)),
        )
        obj.pk, obj.version = published.pk, published.version
        messages.info(
            request,
            _("已发布新版本 v%(v)s；进行中的办件仍按原版本办理。") % {"v": published.version},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"steps": json.dumps([], ensure_ascii=False)}


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    """Read-only: processes change only through their actions."""

    list_display = ("number", "state", "lead_department", "deadline", "submitted_at")
    list_filter = ("state",)
    search_fields = ("number",)
    list_select_related = ("lead_department",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
