"""The data-sharing gateway's actions (共享交换): register providers, record consent, query a
dataset for a case, and reuse what the government already holds as application materials
(免提交). Every query is written to the exchange log, whatever its outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.accounts import selectors as accounts
from tongban.accounts.models import Official, User
from tongban.cases import selectors as cases
from tongban.cases import services as case_services
from tongban.cases.models import Case, CaseMaterial
from tongban.catalog.models import Material, MaterialSource
from tongban.core import audit, documents
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.core.models import Department
from tongban.exchange import providers, registry, selectors
from tongban.exchange.models import (
    Consent,
    Dataset,
    ExchangeLog,
    Outcome,
    Provider,
    ProviderKind,
    SubjectKind,
)
from tongban.workflow.selectors import official_sees

REUSABLE_SOURCES = (MaterialSource.DATASET, MaterialSource.LICENCE)


def register_providers(region_code: str, base_url: str, shared_key: str) -> int:
    """Declare every dataset of the registry with its provider in one city: department systems
    at ``base_url`` signing with ``shared_key``, licences from the licence library. Idempotent."""
    count = 0
    for spec in registry.DATASETS:
        department = Department.objects.get(region__code=region_code, kind=spec.department_kind)
        http = spec.kind == registry.HTTP
        provider, _created = Provider.objects.update_or_create(
            code=registry.provider_code(spec),
            defaults={
                "name": department.name if http else _("电子证照库"),
                "department": department,
                "kind": ProviderKind.HTTP if http else ProviderKind.LICENCE_LIBRARY,
                "base_url": base_url if http else "",
                "shared_key": shared_key if http else "",
            },
        )
        Dataset.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "provider": provider, "subject": spec.subject},
        )
        count += 1
    return count


def give_consent(
    case: Case, applicant: case_services.Applicant, datasets: Iterable[Dataset], ip: str | None
) -> Consent:
    """授权: only the applicant of the case gives it, for this case only."""
    if case.applicant_id != applicant.person.pk:
        raise NotFound("case_not_found", _("未找到该办件。"))
    chosen = list(datasets)
    with transaction.atomic():
        consent = Consent.objects.create(person=applicant.person, case=case)
        consent.datasets.set(chosen)
        audit.record(
            "exchange.consent_given",
            case,
            actor=applicant.actor(ip),
            changes={"consent": consent.pk, "datasets": sorted(d.code for d in chosen)},
        )
    return consent


@dataclass(frozen=True)
class QueryResult:
    outcome: str
    log: ExchangeLog
    answer: providers.ProviderAnswer


@dataclass(frozen=True)
class _Requester:
    user: User | None
    label: str
    department: Department | None
    allowed: bool


def _requester(user: User | None, case: Case) -> _Requester:
    """The applicant for their own case while they can still change it, or an official whose
    department handles (or handled) the case in their region. Nobody else."""
    if user is None or not user.is_authenticated:
        return _Requester(None, "anonymous", None, False)
    person = accounts.person_of(user)
    if person is not None:
        own = cases.cases_of(person).filter(pk=case.pk).exists()
        editable = case.status in case_services.EDITABLE_STATES
        return _Requester(user, user.get_username(), None, own and editable)
    official: Official | None = accounts.official_of(user)
    if official is not None:
        sees = case.process is not None and official_sees(official, case.process)
        return _Requester(user, user.get_username(), official.department, sees)
    return _Requester(user, user.get_username(), None, False)


def _subject(dataset: Dataset, case: Case) -> str | None:
    if dataset.subject == SubjectKind.ORGANISATION:
        return case.organisation.uscc if case.organisation else None
    return case.applicant.id_number


def _log(
    requester: _Requester,
    case: Case,
    dataset: Dataset,
    purpose: str,
    subject: str | None,
    answer: providers.ProviderAnswer,
    consent: Consent | None,
) -> ExchangeLog:
    return ExchangeLog.objects.create(
        requester_id=requester.user.pk if requester.user else None,
        requester_label=requester.label[:150],
        requester_department=requester.department,
        case=case,
        consent=consent,
        purpose=purpose[:200],
        dataset=dataset,
        subject_hash=selectors.subject_hash(subject or ""),
        outcome=answer.outcome,
        reason=answer.reason[:100],
        answer_sha256=answer.sha256,
    )


def query(dataset_code: str, case: Case, requester: User | None, purpose: str) -> QueryResult:
    """Ask the dataset's provider about the case's subject. Refusals (no consent, no right to
    ask) are answers too: logged, then returned, never raised, so the log entry stays even when
    the caller turns the refusal into an error. Unknown datasets and empty purposes are errors."""
    dataset = selectors.datasets_by_code([dataset_code]).get(dataset_code)
    if dataset is None:
        raise NotFound("unknown_dataset", _("没有这个共享数据项。"))
    if not purpose.strip():
        raise DomainError("purpose_required", _("查询共享数据必须说明用途。"))
    who = _requester(requester, case)
    subject = _subject(dataset, case)
    consent = selectors.consent_for(case, dataset)
    if not who.allowed:
        answer = providers.ProviderAnswer(Outcome.REFUSED, reason="requester_not_allowed")
    elif consent is None:
        answer = providers.ProviderAnswer(Outcome.REFUSED, reason="no_consent")
    elif subject is None:
        answer = providers.ProviderAnswer(Outcome.REFUSED, reason="no_subject")
    else:
        answer = providers.ask(dataset, subject, purpose, case.number)
    log = _log(who, case, dataset, purpose, subject, answer, consent)
    return QueryResult(answer.outcome, log, answer)


@dataclass(frozen=True)
class Reused:
    """What became of one material the applicant asked to reuse."""

    code: str
    name: str
    source: str
    dataset: str
    outcome: str
    message: str
    sha256: str = ""


def _message(outcome: str, dataset: Dataset) -> str:
    # A licence comes from the licence library (电子证照库), a dataset from its department.
    provider = dataset.provider
    licence = provider.kind == ProviderKind.LICENCE_LIBRARY
    department = provider.name if licence else provider.department.name
    if outcome == Outcome.OK:
        return _("已从%(department)s获取，无需上传。") % {"department": department}
    if outcome == Outcome.NO_RECORD:
        return _("%(department)s没有查到您的“%(dataset)s”记录，请上传该材料。") % {
            "department": department,
            "dataset": dataset.name,
        }
    if outcome == Outcome.PROVIDER_DOWN:
        return _("%(department)s的系统暂时无法访问，请上传该材料，或稍后再试。") % {
            "department": department
        }
    return _("未能获取共享数据，请上传该材料。")


def _answer_pdf(case: Case, dataset: Dataset, result: QueryResult) -> bytes:
    """A licence comes as its own PDF; a dataset answer is set as a one-page 共享数据 sheet
    naming the provider and carrying the answer's hash, so the reviewer can trace it."""
    if result.answer.pdf is not None:
        return result.answer.pdf
    today = timezone.localdate()
    return documents.render_pdf(
        documents.OfficialDocument(
            title=_("%(dataset)s（共享数据）") % {"dataset": dataset.name},
            number=_("交换记录第%(id)s号") % {"id": result.log.pk},
            addressee=_("办件%(number)s") % {"number": case.number},
            paragraphs=[
                _(
                    "经申请人授权，通办数据共享交换平台于%(date)s向%(department)s查询"
                    "“%(dataset)s”，应答如下。"
                )
                % {
                    "date": documents.format_date(today),
                    "department": dataset.provider.department.name,
                    "dataset": dataset.name,
                }
            ],
            rows=[(str(k), str(v)) for k, v in result.answer.record.items()],
            issuer=_("通办数据共享交换平台"),
            issued_on=today,
            seal=False,
            footnote=_("应答摘要（SHA-256）：%(sha)s") % {"sha": result.answer.sha256},
        )
    )


def _attach(
    case: Case,
    applicant: case_services.Applicant,
    material: Material,
    pdf: bytes,
    ip: str | None,
    log: ExchangeLog,
) -> CaseMaterial:
    """Stored through the cases room's own upload (state check, lock, hash, audit), marked
    with where it came from."""
    upload = SimpleUploadedFile(
        f"{material.code}-{material.source_ref}.pdf", pdf, "application/pdf"
    )
    with transaction.atomic():
        stored = case_services.upload_material(
            case, applicant, material.code, upload, ip, source=material.source
        )
        audit.record(
            "exchange.material_reused",
            case,
            actor=applicant.actor(ip),
            changes={
                "material": material.code,
                "dataset": material.source_ref,
                "exchange_log": log.pk,
                "sha256": stored.sha256,
            },
        )
    return stored


def reusable_materials(case: Case) -> list[Material]:
    """Needed materials not yet provided that a licence or a dataset could stand in for."""
    return [
        m
        for m in case_services.missing_materials(case)
        if m.source in REUSABLE_SOURCES and m.source_ref
    ]


def reuse_materials(
    case: Case,
    applicant: case_services.Applicant,
    dataset_codes: Iterable[str],
    ip: str | None = None,
    *,
    consent: bool,
) -> list[Reused]:
    """免提交: with the applicant's consent to these datasets, fetch each needed material they
    cover and attach it. A provider down or without a record leaves that material to upload,
    with a message saying so; nothing else about the case changes. Without ``consent`` (the
    applicant's explicit agreement, asked by every caller) nothing is fetched or recorded."""
    if not consent:
        raise DomainError(
            "consent_required",
            _("获取共享数据需要您的授权，请勾选同意。"),
            fields={"consent": _("请勾选同意。")},
        )
    if case.status not in case_services.EDITABLE_STATES:
        raise Conflict("not_editable", _("办件已提交，只有在补正时才能更换材料。"))
    wanted = set(dataset_codes)
    materials = [m for m in reusable_materials(case) if m.source_ref in wanted]
    known = selectors.datasets_by_code(sorted({m.source_ref for m in materials}))
    if known:
        give_consent(case, applicant, known.values(), ip)
    purpose = _("办理“%(item)s”（办件%(number)s）免提交材料") % {
        "item": case.implementation.item.name,
        "number": case.number,
    }
    answers: dict[str, QueryResult] = {}
    results: list[Reused] = []
    for material in materials:
        dataset = known.get(material.source_ref)
        if dataset is None:
            results.append(_unknown(material))
            continue
        if dataset.code not in answers:
            answers[dataset.code] = query(dataset.code, case, applicant.person.user, purpose)
        results.append(_settle(case, applicant, material, dataset, answers[dataset.code], ip))
    return results


def _unknown(material: Material) -> Reused:
    return Reused(
        material.code,
        material.name,
        material.source,
        material.source_ref,
        Outcome.PROVIDER_DOWN,
        _("暂未接入该共享数据，请上传该材料。"),
    )


def _settle(
    case: Case,
    applicant: case_services.Applicant,
    material: Material,
    dataset: Dataset,
    result: QueryResult,
    ip: str | None,
) -> Reused:
    outcome, sha256 = result.outcome, ""
    if outcome == Outcome.OK:
        stored = _attach(
            case, applicant, material, _answer_pdf(case, dataset, result), ip, result.log
        )
        sha256 = stored.sha256
    return Reused(
        material.code,
        material.name,
        material.source,
        dataset.code,
        outcome,
        _message(outcome, dataset),
        sha256,
    )
