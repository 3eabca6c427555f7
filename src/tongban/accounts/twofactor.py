"""Two-factor sign-in for officials (动态口令): TOTP enrolment, code checks and recovery codes.

Every official must pass a second factor after the password. A wrong code counts as a failed
sign-in for django-axes, exactly like a wrong password, so guessing six digits is locked out
after the same number of tries."""

from __future__ import annotations

import secrets

import pyotp
import segno
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Official, RecoveryCode, TotpDevice, User
from tongban.core import audit
from tongban.core.crypto import lookup_hash
from tongban.core.errors import DomainError
from tongban.core.http import client_ip

ISSUER = "通办"
RECOVERY_CODE_COUNT = 10
RECOVERY_HASH_PURPOSE = "recovery-code"
# One step either side: a phone clock half a minute off still works.
VALID_WINDOW = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def requires_second_factor(user: User) -> bool:
    """Officials always need the second factor; citizens sign in with the password alone."""
    return Official.objects.filter(user=user).exists()


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def start_enrolment(user: User) -> TotpDevice:
    """A device waiting for its first code. Re-opening the page keeps the same secret, so a
    phone that already scanned the QR code still matches."""
    if confirmed_device(user) is not None:
        raise DomainError("already_enrolled", _("已启用动态口令。"), status=409)
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def qr_code_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG, so the secret never leaves the page as an image URL."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#1f2933", light="#ffffff")


def _matching_counter(device: TotpDevice, code: str) -> int | None:
    """The time step ``code`` belongs to, within the window, if not used before."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    current = totp.timecode(now)
    for counter in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if counter > device.last_counter and secrets.compare_digest(
            totp.generate_otp(counter), code
        ):
            return counter
    return None


def _new_recovery_codes(user: User) -> list[str]:
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    user.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes]
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _recovery_hash(code: str) -> str:
    return lookup_hash("".join(code.lower().replace("-", "").split()), RECOVERY_HASH_PURPOSE)


def confirm_enrolment(user: User, code: str, *, ip_address: str | None = None) -> list[str]:
    """The first good code switches the device on; the recovery codes are returned once and
    from then on only their hashes exist."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None or device.confirmed_at is not None:
            raise DomainError("not_enrolling", _("请重新开始启用动态口令。"), status=409)
        counter = _matching_counter(device, code)
        if counter is None:
            raise DomainError(
                "invalid_otp",
                _("动态口令不正确，请核对手机上显示的6位数字。"),
                fields={"code": _("动态口令不正确。")},
            )
        device.confirmed_at, device.last_counter = timezone.now(), counter
        device.save(update_fields=["confirmed_at", "last_counter"])
        codes = _new_recovery_codes(user)
        audit.record("auth.totp_enrolled", user, actor=audit.Actor.of(user, ip_address=ip_address))
    return codes


def _use_totp(user: User, code: str) -> bool:
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        counter = _matching_counter(device, code) if device else None
        if counter is None:
            return False
        device.last_counter = counter
        device.save(update_fields=["last_counter"])
    return True


def _use_recovery_code(user: User, code: str, ip_address: str | None) -> bool:
    with transaction.atomic():
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            left = user.recovery_codes.filter(used_at__isnull=True).count()
            audit.record(
                "auth.recovery_code_used",
                user,
                actor=audit.Actor.of(user, ip_address=ip_address),
                changes={"codes_left": left},
            )
    return bool(used)


def check_second_factor(request: HttpRequest, user: User, code: str, username: str) -> bool:
    """A TOTP code or an unused recovery code. A wrong one is a failed sign-in for django-axes
    under the same username and address as the password step, so both count towards one
    lockout; the caller checks ``request.axes_locked_out`` afterwards."""
    code = (code or "").strip()
    if code and (_use_totp(user, code) or _use_recovery_code(user, code, client_ip(request))):
        return True
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return False


def regenerate_recovery_codes(user: User, *, ip_address: str | None = None) -> list[str]:
    """New codes replace all the old ones, used or not."""
    if confirmed_device(user) is None:
        raise DomainError("not_enrolled", _("尚未启用动态口令。"), status=409)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(
            "auth.recovery_codes_renewed", user, actor=audit.Actor.of(user, ip_address=ip_address)
        )
    return codes


def unused_recovery_codes(user: User) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()
