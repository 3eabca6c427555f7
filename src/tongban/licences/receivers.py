"""The licences room listens to cases: an approval issues its licence in the same transaction."""

from __future__ import annotations

from typing import Any

from tongban.accounts.models import Official
from tongban.cases.models import Case
from tongban.licences import services


def issue_on_approval(sender: type, *, case: Case, actor: Official, **kwargs: Any) -> None:
    services.issue_licence(case, actor)
