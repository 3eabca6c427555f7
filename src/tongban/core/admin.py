"""Maintenance screens for the core catalogue: regions, departments, holiday years, audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tongban.core import audit, services
from tongban.core.codes import normalise_uscc
from tongban.core.errors import DomainError
from tongban.core.http import client_ip
from tongban.core.models import AuditEntry, Department, HolidayDay, HolidayYear, Region
from tongban.core.signals import holiday_year_loaded


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ("uscc", "name", "short_name", "region", "kind", "is_active")

    def clean_uscc(self) -> str:
        """Stored uppercased and checked (GB 32100), with the rule's own Chinese message."""
        try:
            return normalise_uscc(self.cleaned_data["uscc"])
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    form = DepartmentForm
    list_display = ("name", "short_name", "uscc", "region", "kind", "is_active")
    list_filter = ("region", "is_active")
    search_fields = ("name", "short_name", "uscc")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


def _schedule_rows(formset: forms.BaseInlineFormSet) -> list[tuple[int, services.DayRow]]:
    """(form index, row) for each kept form whose own fields are valid."""
    return [
        (index, (form.cleaned_data["date"], form.cleaned_data["kind"], form.cleaned_data["name"]))
        for index, form in enumerate(formset.forms)
        if form.cleaned_data and not form.errors and not form.cleaned_data.get(DELETION_FIELD_NAME)
    ]


class HolidayDayFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse exactly what load_holiday_year refuses, on the offending rows."""
        super().clean()
        year = self.instance.year
        if year is None:
            return
        indexed = _schedule_rows(self)
        problems = services.holiday_day_problems(year, [row for _index, row in indexed])
        for position, message in problems.items():
            self.forms[indexed[position][0]].add_error(None, message)


class HolidayDayInline(admin.TabularInline):
    model = HolidayDay
    formset = HolidayDayFormSet
    fields = ("date", "kind", "name")
    extra = 3
    min_num = 1

    def get_formset(
        self, request: HttpRequest, obj: HolidayYear | None = None, **kwargs: Any
    ) -> type[forms.BaseInlineFormSet]:
        # The admin passes min_num on but not validate_min: a year with no days is refused here.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """Saving goes through services.load_holiday_year, as the file import does: the same
    checks, the rows replaced in one transaction, and an audit entry."""

    list_display = ("year", "notice", "loaded_at")
    fields = ("year", "notice", "loaded_at")
    readonly_fields = ("loaded_at",)
    inlines = (HolidayDayInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: HolidayYear | None = None) -> Any:
        # A year is corrected by editing its rows; renumbering it would leave the old year.
        return ("year", "loaded_at") if obj else ("loaded_at",)

    def has_delete_permission(self, request: HttpRequest, obj: HolidayYear | None = None) -> bool:
        """Removing a loaded year would silently move deadlines already promised, unaudited;
        a wrong schedule is corrected by loading it again."""
        return False

    def save_model(
        self, request: HttpRequest, obj: HolidayYear, form: forms.ModelForm, change: bool
    ) -> None:
        """Nothing yet: save_related writes the year and its days together."""

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm,
        formsets: list[forms.BaseInlineFormSet],
        change: bool,
    ) -> None:
        (days,) = formsets
        saved = services.load_holiday_year(
            form.instance.year,
            form.instance.notice,
            [row for _index, row in _schedule_rows(days)],
            audit.Actor.of(request.user, ip_address=client_ip(request)),
        )
        form.instance.pk, form.instance.loaded_at = saved.pk, saved.loaded_at
        # Fills the formset's change lists for the admin history; the service wrote the rows.
        days.save(commit=False)
        self._recompute(request, saved.year)

    def _recompute(self, request: HttpRequest, year: int) -> None:
        """Dates counted provisionally through ``year`` are recounted once it is saved (after
        commit, so each chunk has its own transaction), and the admin is told how many moved."""
        actor = audit.Actor.of(request.user, ip_address=client_ip(request))

        def recompute() -> None:
            for _receiver, results in holiday_year_loaded.send(
                sender=HolidayYear, year=year, actor=actor
            ):
                for result in results:
                    self.message_user(
                        request,
                        _("%(what)s：检查 %(examined)s 个，调整 %(changed)s 个。")
                        % {
                            "what": result.what,
                            "examined": result.examined,
                            "changed": result.changed,
                        },
                    )

        transaction.on_commit(recompute)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (database triggers refuse changes anyway)."""

    list_display = (
        "id",
        "created_at",
        "action",
        "object_type",
        "object_id",
        "actor_label",
        "acting_for",
        "ip_address",
    )
    # Exact values and action prefixes ("calendar."), not Django's default substring match: an
    # auditor looks up one object or one kind of action, and LIKE '%x%' cannot use an index.
    search_fields = ("object_type__exact", "object_id__exact", "action__startswith")
    date_hierarchy = "created_at"
    # Counting every row of a huge table on each page load is what makes audit screens slow.
    show_full_result_count = False
    readonly_fields = (
        "created_at",
        "actor_id",
        "actor_label",
        "acting_for",
        "action",
        "object_type",
        "object_id",
        "ip_address",
        "changes",
        "prev_hash",
        "entry_hash",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
