from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "tongban.workflow"
    label = "workflow"
    verbose_name = _("审批流程")

    def ready(self) -> None:
        from tongban.core.signals import holiday_year_loaded
        from tongban.workflow.services import recompute_after_calendar_load

        holiday_year_loaded.connect(
            recompute_after_calendar_load, dispatch_uid="workflow.recompute_provisional"
        )
