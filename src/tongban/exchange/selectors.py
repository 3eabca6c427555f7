"""Scoped reads of the exchange: a person sees the log entries about themselves, nothing else."""

from __future__ import annotations

from django.db.models import QuerySet

from tongban.accounts.models import Person
from tongban.cases.models import Case
from tongban.core.crypto import lookup_hash
from tongban.exchange.models import Consent, Dataset, ExchangeLog

SUBJECT_HASH_PURPOSE = "exchange-subject"


def subject_hash(subject: str) -> str:
    return lookup_hash(subject.upper(), SUBJECT_HASH_PURPOSE)


def access_log_about(person: Person) -> QuerySet[ExchangeLog]:
    """谁查看了我的数据: queries whose subject is this person, newest first."""
    return (
        ExchangeLog.objects.filter(subject_hash=subject_hash(person.id_number))
        .select_related("dataset", "requester_department", "case__implementation__item")
        .order_by("-id")
    )


def consent_for(case: Case, dataset: Dataset) -> Consent | None:
    """The applicant's latest consent in force covering this dataset for this case."""
    return (
        Consent.objects.filter(
            case=case, person=case.applicant_id, withdrawn_at__isnull=True, datasets=dataset
        )
        .order_by("-id")
        .first()
    )


def datasets_by_code(codes: list[str]) -> dict[str, Dataset]:
    found = Dataset.objects.filter(code__in=codes, active=True).select_related(
        "provider__department"
    )
    return {d.code: d for d in found}
