from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicencesConfig(AppConfig):
    name = "tongban.licences"
    label = "licences"
    verbose_name = _("电子证照")

    def ready(self) -> None:
        from tongban.cases.signals import case_approved
        from tongban.licences.receivers import issue_on_approval

        case_approved.connect(issue_on_approval, dispatch_uid="licences.issue_on_approval")
