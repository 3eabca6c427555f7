"""Catalogue maintenance for the catalogue administrator, with the importer's validation:
codes, conditions (CEL naming real questions and options), promised ≤ statutory limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tongban.catalog import conditions, rules, search
from tongban.catalog.models import (
    CatalogueItem,
    Fee,
    Implementation,
    LifeEvent,
    Material,
    Option,
    Question,
)
from tongban.core import audit
from tongban.core.http import client_ip


def _actor(request: HttpRequest) -> audit.Actor:
    return audit.Actor.of(request.user, ip_address=client_ip(request))


def question_options(implementation: Implementation, before_order: int | None = None) -> dict:
    """Saved questions of an entry with their option codes, optionally only those asked
    before a given position (a question may only depend on earlier ones)."""
    questions = implementation.questions.prefetch_related("options")
    if before_order is not None:
        questions = questions.filter(order__lt=before_order)
    return {q.code: {o.code for o in q.options.all()} for q in questions}


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "audience", "order")
    list_editable = ("order",)
    search_fields = ("name", "code")


class CatalogueItemForm(forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = (
            "basic_code",
            "name",
            "item_type",
            "audience",
            "basis",
            "description",
            "keywords",
            "life_events",
        )

    def clean_basic_code(self) -> str:
        code = self.cleaned_data["basic_code"].strip()
        problem = rules.basic_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    form = CatalogueItemForm
    list_display = ("name", "basic_code", "item_type", "audience")
    list_filter = ("item_type", "audience", "life_events")
    search_fields = ("name", "basic_code", "keywords")
    filter_horizontal = ("life_events",)


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class QuestionInline(admin.TabularInline):
    """Questions are listed here; their options and conditions are edited on their own page."""

    model = Question
    fields = ("order", "code", "text", "kind", "condition")
    readonly_fields = ("condition",)
    extra = 0
    show_change_link = True


class MaterialFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if self.instance.pk is None:
            return
        known = question_options(self.instance)
        for form in self.forms:
            text = (form.cleaned_data or {}).get("condition", "")
            if text and not form.cleaned_data.get("DELETE"):
                for problem in conditions.validate(text, known):
                    form.add_error("condition", problem)


class MaterialInline(admin.StackedInline):
    model = Material
    formset = MaterialFormSet
    extra = 0
    fields = (
        ("order", "code", "name"),
        "why",
        ("issuer", "form", "copies", "medium"),
        ("source", "source_ref"),
        "condition",
        ("blank_form", "sample"),
    )


class ImplementationForm(forms.ModelForm):
    class Meta:
        model = Implementation
        fields = (
            "item",
            "code",
            "local_code",
            "department",
            "region",
            "exercise_level",
            "case_type",
            "statutory_limit",
            "promised_limit",
            "limit_unit",
            "limit_note",
            "online_depth",
            "visits",
            "conditions",
            "place",
            "hours",
            "phone",
            "supervision_phone",
            "result_name",
            "result_is_licence",
            "process_key",
            "popularity",
            "is_active",
        )
        help_texts = {
            "code": _("实施主体统一社会信用代码 + 行使层级 + 基本编码。"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        department, region, item = data.get("department"), data.get("region"), data.get("item")
        if department and region:
            self._problem("region", rules.region_problem(region, department))
        if department and item and data.get("code") and data.get("exercise_level"):
            self._problem(
                "code",
                rules.implementation_code_problem(
                    data["code"], department, data["exercise_level"], item.basic_code
                ),
            )
        if data.get("promised_limit") is not None and data.get("statutory_limit") is not None:
            self._problem(
                "promised_limit",
                rules.limits_problem(data["promised_limit"], data["statutory_limit"]),
            )
        return data

    def _problem(self, field: str, problem: str | None) -> None:
        if problem:
            self.add_error(field, problem)


@admin.register(Implementation)
class ImplementationAdmin(admin.ModelAdmin):
    form = ImplementationForm
    list_display = ("code", "item", "department", "region", "promised_limit", "is_active")
    list_filter = ("is_active", "department__region", "item__item_type")
    list_select_related = ("item", "department", "region")
    search_fields = ("code", "item__name", "item__basic_code")
    autocomplete_fields = ("item", "department", "region")
    inlines = (FeeInline, QuestionInline, MaterialInline)
    show_full_result_count = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        search.index(form.instance)
        audit.record(
            "catalog.implementation_updated" if change else "catalog.implementation_created",
            form.instance,
            actor=_actor(request),
            changes={"via": "admin"},
        )


class OptionInline(admin.TabularInline):
    model = Option
    extra = 2
    min_num = 2


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ("implementation", "code", "text", "help_text", "kind", "condition", "order")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        implementation, text = data.get("implementation"), data.get("condition", "")
        if implementation and text:
            earlier = question_options(implementation, before_order=data.get("order", 0))
            for problem in conditions.validate(text, earlier):
                self.add_error("condition", problem)
        return data


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ("text", "code", "implementation", "kind", "order")
    list_select_related = ("implementation__item",)
    search_fields = ("text", "code", "implementation__code")
    autocomplete_fields = ("implementation",)
    inlines = (OptionInline,)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        audit.record(
            "catalog.question_saved",
            form.instance,
            actor=_actor(request),
            changes={"implementation": form.instance.implementation.code},
        )
