"""What an applicant and the officials can do to an application: draft, upload, submit,
correct, withdraw, and act on its tasks. Each call is one transaction, audited; the notices
the law requires (受理、不予受理、一次性补正告知、准予/不予许可) are issued as PDFs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.accounts.models import AgentAuthorisation, Official, Organisation, Person
from tongban.accounts.selectors import organisations_of
from tongban.cases import notices, signals
from tongban.cases.models import Case, CaseMaterial
from tongban.catalog import guide as catalog_guide
from tongban.catalog import selectors as catalog
from tongban.catalog.models import Audience, Implementation, Material, MaterialSource, OnlineDepth
from tongban.core import audit, sequences
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.workflow import services as workflow
from tongban.workflow.models import ProcessState, TaskStatus

# Magic bytes of the file types accepted as materials.
FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


@dataclass(frozen=True)
class Applicant:
    """Who applies: a person, possibly acting for an organisation."""

    person: Person
    organisation: Organisation | None = None

    def actor(self, ip_address: str | None = None) -> audit.Actor:
        acting_for = self.organisation.uscc if self.organisation else ""
        return audit.Actor.of(self.person.user, acting_for=acting_for, ip_address=ip_address)


def applicant_for(person: Person, on_behalf_of: str | None) -> Applicant:
    if not on_behalf_of:
        return Applicant(person)
    for organisation, _relation in organisations_of(person):
        if organisation.uscc == on_behalf_of.upper():
            return Applicant(person, organisation)
    raise DomainError(
        "not_authorised_for_organisation",
        _("您不是该法人的法定代表人或经办人，不能代其办理。"),
        fields={"on_behalf_of": _("无权代办。")},
        status=403,
    )


def case_number(implementation: Implementation) -> str:
    """办件编号: the implementation code, the date and a per-day sequence (STANDARDS.md §2.2,
    common practice, [U]: the pattern is the TONGBAN_CASE_NUMBER_FORMAT setting)."""
    today = timezone.localdate()
    seq = sequences.next_value(f"case:{implementation.code}:{today:%Y%m%d}")
    number = settings.TONGBAN_CASE_NUMBER_FORMAT.format(
        implementation_code=implementation.code, date=today, seq=seq
    )
    if len(number) > 50:
        raise DomainError("case_number_too_long", _("办件编号超过50位，请检查编号规则配置。"))
    return number


def _check_can_apply(implementation: Implementation, applicant: Applicant) -> None:
    if implementation.online_depth < OnlineDepth.PRE_REVIEW:
        raise DomainError("not_online", _("该事项暂不支持网上申请，请到办事窗口办理。"))
    if implementation.item.audience == Audience.ORGANISATION and applicant.organisation is None:
        raise DomainError(
            "organisation_only",
            _("该事项只能由法人申请，请选择代办的企业或组织。"),
            fields={"on_behalf_of": _("请选择法人。")},
        )
    if implementation.item.audience == Audience.PERSON and applicant.organisation is not None:
        raise DomainError("person_only", _("该事项只能由个人申请。"))
    if applicant.organisation is not None and not _agency_covers(applicant, implementation):
        raise DomainError(
            "item_not_authorised",
            _("法定代表人对您的授权不包括此事项，请联系其调整授权范围。"),
            status=403,
        )


def _agency_covers(applicant: Applicant, implementation: Implementation) -> bool:
    """The legal representative may apply for anything; an agent within the granted items."""
    if applicant.organisation.legal_representative_id == applicant.person.pk:
        return True
    grants = AgentAuthorisation.objects.in_force().filter(
        organisation=applicant.organisation, agent=applicant.person
    )
    return any(grant.covers(implementation.item.basic_code) for grant in grants)


def _profile(applicant: Applicant) -> dict:
    uscc = applicant.organisation.uscc if applicant.organisation else None
    return catalog.applicant_profile(applicant.person.user, uscc)


def create_draft(
    *,
    applicant: Applicant,
    implementation_code: str,
    answers: dict,
    form: dict,
    idempotency_key: str = "",
    ip_address: str | None = None,
) -> tuple[Case, bool]:
    """A draft with its number. The same idempotency key gives back the same draft."""
    if idempotency_key:
        existing = Case.objects.filter(
            applicant=applicant.person, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing, False
    implementation = catalog.implementation_detail(implementation_code)
    _check_can_apply(implementation, applicant)
    clean = catalog_guide.check_answers(list(implementation.questions.all()), answers)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=case_number(implementation),
                implementation=implementation,
                applicant=applicant.person,
                organisation=applicant.organisation,
                answers=clean,
                form=form,
                idempotency_key=idempotency_key,
            )
            audit.record(
                "case.drafted",
                case,
                actor=applicant.actor(ip_address),
                changes={"number": case.number, "implementation": implementation.code},
            )
    except IntegrityError:
        return Case.objects.get(applicant=applicant.person, idempotency_key=idempotency_key), False
    return case, True


def _guide(case: Case) -> catalog_guide.GuideOutcome:
    implementation = catalog.implementation_detail(case.implementation.code)
    applicant = Applicant(case.applicant, case.organisation)
    return catalog.guide_for(implementation, case.answers, _profile(applicant))


def _sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in FILE_SIGNATURES.items() if head.startswith(magic)), None)


def _check_upload(upload: UploadedFile) -> tuple[bytes, str]:
    if upload.size > settings.TONGBAN_MAX_UPLOAD_BYTES:
        limit = settings.TONGBAN_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise DomainError(
            "file_too_large",
            _("文件不能超过 %(mb)s MB。") % {"mb": limit},
            fields={"file": _("文件过大。")},
            status=413,
        )
    content = upload.read()
    kind = _sniff(content[:16])
    if kind is None:
        raise DomainError(
            "file_type",
            _("只接受 PDF、JPG 或 PNG 文件。"),
            fields={"file": _("文件类型不支持。")},
            status=415,
        )
    return content, kind


CORRECTION_OUTCOMES = ("request_correction", "return")
EDITABLE_STATES = frozenset({"draft", ProcessState.CORRECTION})


def upload_material(
    case: Case,
    applicant: Applicant,
    material_code: str,
    upload: UploadedFile,
    ip_address: str | None = None,
    source: str = MaterialSource.UPLOAD,
) -> CaseMaterial:
    """Store one material (type and size checked before it is kept, SHA-256 recorded).
    ``source`` says where it came from: uploaded, or fetched from a licence or a dataset."""
    material = Material.objects.filter(
        implementation=case.implementation_id, code=material_code
    ).first()
    if material is None:
        raise DomainError(
            "unknown_material",
            _("该事项没有这项材料。"),
            fields={"material": _("材料代码不正确。")},
        )
    content, kind = _check_upload(upload)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",)).select_related("process").get(pk=case.pk)
        )
        if case.status not in EDITABLE_STATES:
            raise Conflict("not_editable", _("办件已提交，只有在补正时才能更换材料。"))
        CaseMaterial.objects.filter(
            case=case, code=material_code, superseded_at__isnull=True
        ).update(superseded_at=timezone.now())
        stored = CaseMaterial(
            case=case,
            code=material_code,
            name=material.name,
            original_name=upload.name[:200],
            content_type=kind,
            size=len(content),
            sha256=digest,
            source=source,
        )
        stored.file.save(
            f"{case.number}-{material_code}-{digest[:12]}", ContentFile(content), save=False
        )
        stored.save()
        audit.record(
            "case.material_uploaded",
            case,
            actor=applicant.actor(ip_address),
            changes={
                "material": material_code,
                "sha256": digest,
                "size": len(content),
                "source": source,
            },
        )
    return stored


def missing_materials(
    case: Case, outcome: catalog_guide.GuideOutcome | None = None
) -> list[Material]:
    """Materials this situation needs that are not uploaded yet; pass the guide's ``outcome``
    when it is already at hand."""
    outcome = outcome or _guide(case)
    uploaded = set(case.materials.filter(superseded_at__isnull=True).values_list("code", flat=True))
    return [m for m in outcome.needed if m.code not in uploaded]


def submit(case: Case, applicant: Applicant, ip_address: str | None = None) -> Case:
    """Submit once: submitting again changes nothing and answers with the same case."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("implementation__item")
            .get(pk=case.pk)
        )
        if case.process_id:
            return case
        outcome = _guide(case)
        if outcome.pending:
            raise DomainError(
                "questions_pending",
                _("还有情形问题未回答。"),
                fields={q.code: _("请回答此问题。") for q in outcome.pending},
            )
        missing = missing_materials(case, outcome)
        if missing:
            raise DomainError(
                "materials_missing", _("还有材料未上传。"), fields={m.code: m.name for m in missing}
            )
        case.process = workflow.start(
            number=case.number,
            implementation=case.implementation,
            submitted_at=timezone.now(),
            actor=applicant.actor(ip_address),
        )
        case.save(update_fields=["process"])
    return case


def resubmit_correction(case: Case, applicant: Applicant, ip_address: str | None = None) -> Case:
    """补正后重新提交: every material named in the notice must have been uploaded again."""
    process = case.process
    if process is None or process.state != ProcessState.CORRECTION:
        raise Conflict("not_in_correction", _("此办件当前不需要补正。"))
    # The action that opened this correction: an intake notice names materials; a reviewer's
    # return names none (the applicant may replace any).
    cause = (
        process.tasks.filter(status=TaskStatus.DONE, outcome__in=CORRECTION_OUTCOMES)
        .order_by("-completed_at", "-id")
        .first()
    )
    named = {item["material"] for item in cause.missing} if cause else set()
    fresh = set(
        case.materials.filter(
            superseded_at__isnull=True, uploaded_at__gte=process.paused_since
        ).values_list("code", flat=True)
    )
    still = sorted(named - fresh)
    if still:
        raise DomainError(
            "correction_incomplete",
            _("告知补正的材料尚未全部重新上传。"),
            fields={code: _("请重新上传。") for code in still},
        )
    workflow.resubmit(process, applicant.actor(ip_address))
    case.refresh_from_db()
    return case


def withdraw(case: Case, applicant: Applicant, reason: str, ip_address: str | None = None) -> Case:
    if case.process is None:
        raise Conflict("draft_not_submitted", _("草稿尚未提交，无需撤回。"))
    workflow.withdraw(case.process, applicant.actor(ip_address), reason.strip() or _("申请人撤回"))
    case.refresh_from_db()
    return case


def act_on_task(
    task_id: int,
    official: Official,
    action: str,
    *,
    opinion: str = "",
    missing: list[dict] | None = None,
    ip_address: str | None = None,
) -> workflow.ActionResult:
    """An official's action, and the notice it produces, in one transaction."""
    with transaction.atomic():
        result = workflow.act_on_task(
            task_id, official, action, opinion=opinion, missing=missing, ip_address=ip_address
        )
        case = Case.objects.filter(process=result.process).first()
        if case is None:
            raise NotFound("case_not_found", _("未找到该办件。"))
        notices.issue_for_event(case, result.event, result.task)
        if result.process.state == ProcessState.COMPLETED and result.process.decision == "approve":
            signals.case_approved.send(sender=Case, case=case, actor=official)
    return result
