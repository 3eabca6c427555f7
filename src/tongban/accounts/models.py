"""People, organisations and their agents, officials with their scope, and API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.crypto import EncryptedTextField
from tongban.core.masking import mask_id_number, mask_mobile
from tongban.core.models import Department, Region


class User(AbstractUser):
    """A login. Chinese names are not split into given and family names, so one ``full_name``."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=100)

    REQUIRED_FIELDS = ["full_name"]

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name


class RealNameLevel(models.IntegerChoices):
    """实名认证等级, ordered. STANDARDS.md §5.2: no national scheme exists; each identity
    provider's levels are mapped onto these."""

    REGISTERED = 1, _("注册用户（未核验）")
    VERIFIED = 2, _("实名核验（姓名与身份证号一致）")
    STRONG = 3, _("强实名（现场或人脸核验）")


class Person(models.Model):
    """自然人: a citizen's real-name profile. ID and mobile numbers are encrypted at rest; the
    keyed hashes beside them find a person by number without decrypting anything."""

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="person")
    real_name = models.CharField(_("真实姓名"), max_length=100)
    id_number = EncryptedTextField(_("身份证号码"))
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    mobile = EncryptedTextField(_("手机号码"))
    mobile_hash = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("出生日期"))
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_region_code = models.CharField(_("户籍地区划代码"), max_length=6)
    real_name_level = models.PositiveSmallIntegerField(
        _("实名等级"), choices=RealNameLevel.choices, default=RealNameLevel.REGISTERED
    )
    real_name_checked_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    # The verification service's own reference for the check, so a dispute can be traced there.
    real_name_reference = models.CharField(_("核验流水号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("自然人")
        verbose_name_plural = _("自然人")

    def __str__(self) -> str:
        return self.real_name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


class Organisation(models.Model):
    """法人: an organisation identified by its unified social credit code (GB 32100)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    legal_representative = models.ForeignKey(
        Person,
        verbose_name=_("法定代表人"),
        on_delete=models.PROTECT,
        related_name="represented_organisations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("登记地"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法人")
        verbose_name_plural = _("法人")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgentAuthorisationQuerySet(models.QuerySet):
    def in_force(self, at: dt.datetime | None = None) -> AgentAuthorisationQuerySet:
        # The end date is a date in China: compare it with the local date, not the UTC one.
        today = timezone.localdate(at or timezone.now())
        return self.filter(revoked_at__isnull=True, valid_until__gte=today)


class AgentAuthorisation(models.Model):
    """经办人授权: the legal representative lets a verified person act for the organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="authorisations"
    )
    agent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agencies")
    granted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    valid_until = models.DateField(_("授权截止日期"))
    # Basic codes (基本编码) of the items the agent may handle; empty means every item.
    item_codes = models.JSONField(_("授权事项"), default=list, blank=True)
    created_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = AgentAuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("经办人授权")
        verbose_name_plural = _("经办人授权")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "agent"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_authorisation_per_agent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent} → {self.organisation}"

    @property
    def is_in_force(self) -> bool:
        return self.revoked_at is None and self.valid_until >= timezone.localdate()

    def covers(self, basic_code: str) -> bool:
        """Whether the authorisation extends to the item with this basic code."""
        return not self.item_codes or basic_code in self.item_codes


class Role(models.TextChoices):
    """工作人员角色 (DESIGN.md "The people")."""

    WINDOW_CLERK = "window_clerk", _("综合窗口受理人员")
    REVIEWER = "reviewer", _("部门审查人员")
    APPROVER = "approver", _("部门审批人员")
    SUPERVISOR = "supervisor", _("电子监察人员")
    CATALOGUE_ADMIN = "catalogue_admin", _("事项目录管理员")


class Official(models.Model):
    """工作人员: an official of one department, seeing one region and everything under it."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="official")
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="officials"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("管辖区划"), on_delete=models.PROTECT, related_name="officials"
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return f"{self.user.full_name}（{self.department}）"

    @property
    def role_codes(self) -> set[str]:
        return {grant.role for grant in self.roles.all()}

    def has_role(self, role: str) -> bool:
        return role in self.role_codes


class OfficialRole(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["official", "role"], name="official_role_once"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="token_user_expiry")]

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """动态口令: a user's TOTP secret (RFC 6238). Encrypted at rest: whoever reads the database
    must not be able to produce codes. A device counts only once a first code confirmed it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField(_("密钥"))
    confirmed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    # The last time step a code was accepted for: a code seen once is refused afterwards.
    last_counter = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("动态口令")
        verbose_name_plural = _("动态口令")

    def __str__(self) -> str:
        return f"TOTP of {self.user_id}"


class RecoveryCode(models.Model):
    """备用恢复码: single-use codes for a lost phone. Only a keyed hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class UserSession(models.Model):
    """登录会话: one signed-in browser, listed so its owner can end it. The session is found by
    the keyed hash of its key; the key itself is kept only encrypted, to delete that session
    from the session store when its owner ends it from elsewhere."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    session_key = EncryptedTextField()
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近活动"))
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        indexes = [models.Index(fields=["user", "ended_at"], name="session_user_live")]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
