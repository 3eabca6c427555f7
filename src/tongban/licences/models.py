"""Electronic licences (电子证照): their types, the licences issued, and the signing keys."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Organisation, Person
from tongban.cases.models import Case
from tongban.core.crypto import EncryptedTextField
from tongban.core.models import Department


class HolderKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")
    EITHER = "either", _("自然人或法人")


class HolderCodeType(models.TextChoices):
    """持证主体代码类型代码 (GB/T 36903-2018)."""

    RESIDENT_ID = "111", _("公民身份号码")
    USCC = "001", _("统一社会信用代码")


class LicenceType(models.Model):
    """证照类型: what a licence says (its 照面 fields), who defines it and which results make it."""

    code = models.SlugField(_("类型简码"), max_length=20, unique=True)
    name = models.CharField(_("证照名称"), max_length=100)
    type_code = models.CharField(
        _("证照类型代码"),
        max_length=21,
        unique=True,
        validators=[
            RegexValidator(r"^[0-9A-Z]{18}[0-9]{3}$", _("定义机构统一社会信用代码加3位数字"))
        ],
    )
    definer_name = models.CharField(_("证照定义机构"), max_length=100)
    holder_kind = models.CharField(_("持证主体类别"), max_length=12, choices=HolderKind.choices)
    # [{"key": "scope", "label": "经营项目", "from": "answers.scope"}]: see services._field_value.
    fields = models.JSONField(_("照面信息项"), default=list, blank=True)
    validity_days = models.PositiveIntegerField(_("有效期（天）"), null=True, blank=True)
    # 办理结果名称 of the implementations whose approval issues this licence.
    result_names = models.JSONField(_("对应办理结果名称"), default=list, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照类型")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SigningKey(models.Model):
    """An Ed25519 signing key. Retired keys stay: the licences they signed remain verifiable."""

    kid = models.CharField(_("密钥标识"), max_length=40, unique=True)
    private_key = EncryptedTextField(_("私钥"))
    public_key = models.CharField(_("公钥"), max_length=64)
    created_at = models.DateTimeField(_("启用时间"))
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签名密钥")
        verbose_name_plural = _("签名密钥")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.kid


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")
    ANNULLED = "annulled", _("已注销")
    SUPERSEDED = "superseded", _("已换发")


class Licence(models.Model):
    """电子证照: one signed licence. The signed canonical JSON and the PDF are the evidence;
    the other columns repeat what it says so that pages and scoping can query them."""

    identifier = models.CharField(_("证照标识"), max_length=120, unique=True)
    serial = models.CharField(_("流水号"), max_length=40)
    version = models.PositiveSmallIntegerField(_("版本号"), default=1)
    licence_type = models.ForeignKey(
        LicenceType, verbose_name=_("证照类型"), on_delete=models.PROTECT, related_name="licences"
    )
    holder_person = models.ForeignKey(
        Person,
        verbose_name=_("持证人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    holder_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("持证法人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    holder_name = models.CharField(_("持证主体"), max_length=200)
    holder_code_type = models.CharField(
        _("持证主体代码类型代码"), max_length=3, choices=HolderCodeType.choices
    )
    issuer = models.ForeignKey(
        Department, verbose_name=_("颁发机构"), on_delete=models.PROTECT, related_name="licences"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    data = models.JSONField(_("照面信息"), default=dict)
    # The signed canonical JSON; it holds the holder's ID number, hence encrypted at rest.
    document = EncryptedTextField(_("签名数据"))
    pdf = models.FileField(_("证照文件"), upload_to="licences/%Y/%m/")
    # SHA-256 of the PDF as rendered, before the signature was appended to it (see pdfseal).
    pdf_sha256 = models.CharField(max_length=64)
    signature = models.CharField(_("签名"), max_length=100)
    qr_signature = models.CharField(_("二维码签名"), max_length=100)
    signing_key = models.ForeignKey(
        SigningKey, verbose_name=_("签名密钥"), on_delete=models.PROTECT, related_name="licences"
    )
    issued_at = models.DateTimeField(_("颁发时间"))
    valid_from = models.DateField(_("有效期起始日期"))
    valid_until = models.DateField(_("有效期截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    status_reason = models.CharField(_("原因"), max_length=500, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("换发自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["holder_person", "-issued_at"], name="licence_person"),
            models.Index(fields=["holder_organisation", "-issued_at"], name="licence_organisation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(holder_person__isnull=False, holder_organisation__isnull=True)
                | Q(holder_person__isnull=True, holder_organisation__isnull=False),
                name="licence_one_holder",
            ),
            # An approval issues its licence once, whatever retries or signals repeat.
            models.UniqueConstraint(
                fields=["case", "licence_type"],
                condition=Q(supersedes__isnull=True, case__isnull=False),
                name="licence_once_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type.name} {self.identifier}"
