"""Process definitions (data, versioned) and running processes: their tasks, pauses and the
public history of what happened. The process is the state of one application's handling;
the applications room (cases) holds what the applicant submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Role
from tongban.catalog.models import Implementation
from tongban.core.models import Department


class ProcessDefinition(models.Model):
    """流程定义: the steps an application goes through. Published versions never change: a
    change is a new version, and a running process keeps the version it started with."""

    key = models.SlugField(_("流程键"), max_length=60)
    version = models.PositiveIntegerField(_("版本"))
    name = models.CharField(_("名称"), max_length=100)
    steps = models.JSONField(_("步骤"))
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    created_by = models.CharField(_("发布人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("流程定义")
        verbose_name_plural = _("流程定义")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="definition_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.key} v{self.version}）"


class ProcessState(models.TextChoices):
    INTAKE = "intake", _("待受理")
    CORRECTION = "correction", _("补正中")
    REVIEW = "review", _("审查中")
    SUSPENDED = "suspended", _("特别程序中")
    DECISION = "decision", _("待决定")
    ISSUANCE = "issuance", _("待出证")
    COMPLETED = "completed", _("已办结（准予）")
    DENIED = "denied", _("已办结（不予许可）")
    REFUSED = "refused", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


FINAL_STATES = frozenset(
    {ProcessState.COMPLETED, ProcessState.DENIED, ProcessState.REFUSED, ProcessState.WITHDRAWN}
)


class Process(models.Model):
    """One application's run through its definition, with the statutory clock."""

    number = models.CharField(_("办件编号"), max_length=50, unique=True)
    definition = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT)
    implementation = models.ForeignKey(Implementation, on_delete=models.PROTECT)
    lead_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="led_processes"
    )
    # The implementation's region, copied for scoping queries by prefix.
    region_code = models.CharField(max_length=6)
    state = models.CharField(_("状态"), max_length=12, choices=ProcessState.choices)
    step_index = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(_("提交时间"))
    # When the window's 5-working-day intake period started: submission, or resubmission.
    intake_started_at = models.DateTimeField(_("受理期起算"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("逾期视为受理"), default=False)
    correction_notice_given = models.BooleanField(_("已一次性告知补正"), default=False)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"))
    paused_days = models.PositiveSmallIntegerField(_("已暂停工作日"), default=0)
    paused_since = models.DateTimeField(_("暂停开始"), null=True, blank=True)
    deadline = models.DateField(_("办结期限"), null=True, blank=True)
    # Counted through a year whose official holiday schedule is not loaded yet: shown as 预计,
    # never used for deemed acceptance, recomputed when the schedule arrives (core.workdays).
    deadline_provisional = models.BooleanField(_("期限为预计"), default=False)
    # The pauses after acceptance, [[first day, last day], …] as ISO dates: paused_days is
    # recounted from them when a holiday schedule is loaded.
    pauses = models.JSONField(_("暂停期间"), default=list, blank=True)
    decision = models.CharField(_("决定"), max_length=10, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理过程")
        verbose_name_plural = _("办理过程")
        indexes = [
            models.Index(fields=["state", "deadline"], name="process_state_deadline"),
            models.Index(fields=["region_code", "state"], name="process_region_state"),
            models.Index(fields=["state", "submitted_at"], name="process_state_submitted"),
            models.Index(
                fields=["id"], name="process_provisional", condition=Q(deadline_provisional=True)
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("已取消")


class Task(models.Model):
    """A department's piece of work on a process: intake, a review, a decision, issuance."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("受理")
        REVIEW = "review", _("审查")
        DECISION = "decision", _("决定")
        ISSUANCE = "issuance", _("出证")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="tasks")
    step = models.SlugField(_("步骤"), max_length=40)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="tasks")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    outcome = models.CharField(_("结果"), max_length=20, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    missing = models.JSONField(_("补正材料"), default=list, blank=True)
    # What the review step proposed to the decision step (approve | deny).
    proposal = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("到达时间"), auto_now_add=True)
    due_on = models.DateField(_("环节期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("环节期限为预计"), default=False)
    completed_at = models.DateTimeField(_("办理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理任务")
        verbose_name_plural = _("办理任务")
        indexes = [
            models.Index(
                fields=["department", "role", "due_on", "id"],
                name="task_queue",
                condition=Q(status="open"),
            ),
            models.Index(fields=["process", "status"], name="task_process"),
            models.Index(
                fields=["id"],
                name="task_provisional",
                condition=Q(status="open", due_provisional=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process.number} {self.get_kind_display()} {self.department}"


class ProcessEvent(models.Model):
    """The public history of a process (办理进度): what happened, which department, when.
    Officials' names are not shown to applicants; each event has its audit-log twin."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=40)
    department_name = models.CharField(_("部门"), max_length=100, blank=True)
    text = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"))
    audit_entry_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.process.number} {self.kind}"
