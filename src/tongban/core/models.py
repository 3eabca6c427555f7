"""Regions, departments, the working-day calendar's loaded years, and the audit log."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """行政区划: an administrative region with its GB/T 2260 code (STANDARDS.md §5.5)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        CITY = 2, _("市级")
        COUNTY = 3, _("县级")

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="region_code_six_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def scope_prefix(self) -> str:
        """The code prefix shared by this region and everything under it (37, 3701, 370102)."""
        from tongban.core.codes import region_scope_prefix

        return region_scope_prefix(self.code, self.level)


class Department(models.Model):
    """政务服务部门: a government department of one region, identified by its USCC (GB 32100)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="departments"
    )
    # A short, stable key for URLs, imports and process definitions ("scjg" for 市场监管局).
    kind = models.SlugField(_("部门类别"), max_length=30)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"], name="one_department_kind_per_region"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HolidayYear(models.Model):
    """A year's official holiday schedule loaded by an administrator (国务院办公厅 notice).

    Years the chinesecalendar package covers need no row; a row here overrides the package
    for its year, so a newly announced year can be used before the package is upgraded."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(_("依据（通知文号）"), max_length=200)
    loaded_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日年度安排")
        verbose_name_plural = _("节假日年度安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class HolidayDay(models.Model):
    """One exceptional day of a loaded year: a holiday on a weekday, or a make-up workday."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=30)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"


class AuditEntry(models.Model):
    """审计日志: append-only, hash-chained. Never updated or deleted (database triggers refuse
    it); `tongban audit verify` recomputes the chain and names the first broken entry."""

    created_at = models.DateTimeField(_("时间"), db_index=True)
    # Plain values, not foreign keys: the log must outlive and not cascade with what it names.
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    acting_for = models.CharField(_("代表"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=80)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The single row writers lock to append to the chain one at a time (SELECT ... FOR UPDATE)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_entry_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_chain_single_head")]

    def __str__(self) -> str:
        return f"audit chain at #{self.last_entry_id}"


class Sequence(models.Model):
    """A named counter (e.g. one per implementation and day for case numbers). Incremented
    under a row lock, so two processes never hand out the same number."""

    name = models.CharField(max_length=100, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
