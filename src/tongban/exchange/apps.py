from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "tongban.exchange"
    label = "exchange"
    verbose_name = _("数据共享交换")

    def ready(self) -> None:
        from tongban.exchange.licence_library import TongbanLicenceLibrary
        from tongban.exchange.providers import use_licence_library

        use_licence_library(TongbanLicenceLibrary())
