from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "tongban.identity"
    label = "identity"
    verbose_name = _("统一身份认证")

    def ready(self) -> None:
        from oauth2_provider.signals import app_authorized

        from tongban.identity.services import record_token_issued

        app_authorized.connect(record_token_issued, dispatch_uid="identity.token_issued")
