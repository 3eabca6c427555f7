"""Applications (办件): what an applicant submitted — answers, form, materials — and the
documents issued to them. The handling itself is the workflow room's Process."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Organisation, Person
from tongban.catalog.models import Implementation
from tongban.workflow.models import Process


class Case(models.Model):
    number = models.CharField(_("办件编号"), max_length=50, unique=True)
    implementation = models.ForeignKey(
        Implementation, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases"
    )
    # The person who applies: the applicant, or the agent acting for the organisation.
    applicant = models.ForeignKey(
        Person, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="cases"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("代办法人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    answers = models.JSONField(_("情形回答"), default=dict)
    form = models.JSONField(_("申请表"), default=dict)
    idempotency_key = models.CharField(max_length=64, blank=True)
    process = models.OneToOneField(
        Process, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        indexes = [
            models.Index(fields=["applicant", "-id"], name="case_applicant"),
            models.Index(fields=["organisation", "-id"], name="case_organisation"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="case_idempotency_key_once",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status(self) -> str:
        return self.process.state if self.process_id else "draft"


class CaseMaterial(models.Model):
    """An uploaded material. A replaced upload is kept, marked superseded: nothing is lost."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    code = models.SlugField(_("材料代码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("来源"), max_length=10, default="upload")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("被替换时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["code", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_material_per_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.name}"


class CaseDocument(models.Model):
    """A notice or decision issued to the applicant (受理通知书, 一次性补正告知书 …), as PDF."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("受理通知书")
        REFUSAL = "refusal", _("不予受理决定书")
        CORRECTION = "correction", _("一次性补正告知书")
        APPROVAL = "approval", _("准予许可决定书")
        DENIAL = "denial", _("不予许可决定书")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书类型"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("文书编号"), max_length=30, unique=True)
    file = models.FileField(_("文件"), upload_to="notices/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
