"""The data-sharing gateway's tables (共享交换): who offers which dataset, the applicants'
consents, and the exchange log — one row per query, whoever asked and whatever came of it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Person
from tongban.cases.models import Case
from tongban.core.crypto import EncryptedTextField
from tongban.core.models import Department


class ProviderKind(models.TextChoices):
    LICENCE_LIBRARY = "licence_library", _("电子证照库")
    HTTP = "http", _("部门业务系统接口")


class Provider(models.Model):
    """数据提供方: Tongban's own licence library, or a department system reached over HTTP."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="providers"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ProviderKind.choices)
    base_url = models.URLField(_("接口地址"), blank=True)
    # The HMAC key both sides sign requests with; encrypted at rest like personal data.
    shared_key = EncryptedTextField(_("签名密钥"), blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("数据提供方")
        verbose_name_plural = _("数据提供方")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="http") | ~Q(base_url=""), name="http_provider_has_url"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SubjectKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")


class Dataset(models.Model):
    """共享数据项: what can be asked for, by the code catalogue materials name in source_ref."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    provider = models.ForeignKey(
        Provider, verbose_name=_("提供方"), on_delete=models.PROTECT, related_name="datasets"
    )
    subject = models.CharField(_("数据主体"), max_length=12, choices=SubjectKind.choices)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("共享数据项")
        verbose_name_plural = _("共享数据项")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    """授权: the applicant allows these datasets to be fetched for this one case."""

    person = models.ForeignKey(
        Person, verbose_name=_("授权人"), on_delete=models.PROTECT, related_name="consents"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="consents"
    )
    datasets = models.ManyToManyField(Dataset, verbose_name=_("授权数据项"))
    given_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("数据使用授权")
        verbose_name_plural = _("数据使用授权")
        indexes = [models.Index(fields=["case", "-id"], name="consent_case")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.given_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    OK = "ok", _("已获取")
    NO_RECORD = "no_record", _("无记录")
    PROVIDER_DOWN = "provider_down", _("提供方不可用")
    REFUSED = "refused", _("已拒绝")


class ExchangeLogQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise TypeError("the exchange log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("the exchange log is append-only")


class ExchangeLog(models.Model):
    """交换日志: one row per query. The subject is kept only as a keyed hash, so the data
    subject can list who looked at their data without their ID number being stored here; the
    answer is kept only as its SHA-256, so the log proves what was answered without holding it."""

    requester_id = models.BigIntegerField(_("查询人用户ID"), null=True)
    requester_label = models.CharField(_("查询人"), max_length=150)
    requester_department = models.ForeignKey(
        Department,
        verbose_name=_("查询部门"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="exchange_log"
    )
    consent = models.ForeignKey(
        Consent, verbose_name=_("授权"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用途"), max_length=200)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("数据项"), on_delete=models.PROTECT, related_name="+"
    )
    subject_hash = models.CharField(max_length=64)
    at = models.DateTimeField(_("查询时间"), auto_now_add=True)
    outcome = models.CharField(_("结果"), max_length=14, choices=Outcome.choices)
    reason = models.CharField(_("说明"), max_length=100, blank=True)
    answer_sha256 = models.CharField(max_length=64, blank=True)

    objects = ExchangeLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("交换日志")
        verbose_name_plural = _("交换日志")
        indexes = [
            models.Index(fields=["subject_hash", "-id"], name="exchangelog_subject"),
            models.Index(fields=["case", "id"], name="exchangelog_case"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.dataset_id} {self.outcome}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("the exchange log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("the exchange log is append-only")
