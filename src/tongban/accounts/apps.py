from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongban.accounts"
    label = "accounts"
    verbose_name = _("账户")

    def ready(self) -> None:
        from tongban.accounts import signals  # noqa: F401 - connects the audit receivers
