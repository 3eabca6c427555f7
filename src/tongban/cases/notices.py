"""The notices the law requires, as PDFs kept with the case (行政许可法 arts. 32, 38)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.cases.models import Case, CaseDocument
from tongban.core import audit, sequences
from tongban.core.documents import OfficialDocument, render_pdf
from tongban.core.workdays import WorkCalendar, listed_years, provisional_label
from tongban.workflow.models import Process, ProcessEvent, Task

KIND_OF_EVENT = {
    "accepted": CaseDocument.Kind.ACCEPTANCE,
    "deemed_accepted": CaseDocument.Kind.ACCEPTANCE,
    "refused": CaseDocument.Kind.REFUSAL,
    "correction_requested": CaseDocument.Kind.CORRECTION,
    "approved": CaseDocument.Kind.APPROVAL,
    "denied": CaseDocument.Kind.DENIAL,
}
NUMBER_MARK = {
    CaseDocument.Kind.ACCEPTANCE: "受",
    CaseDocument.Kind.REFUSAL: "不受",
    CaseDocument.Kind.CORRECTION: "补",
    CaseDocument.Kind.APPROVAL: "准",
    CaseDocument.Kind.DENIAL: "不准",
}
APPEAL = _("如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。")


def _number(kind: str, department_short: str) -> str:
    """文书编号 (an..30): department, kind mark, year, sequence: 市场监管准〔2026〕0007号."""
    year = timezone.localdate().year
    seq = sequences.next_value(f"notice:{department_short}:{kind}:{year}")
    return f"{department_short}{NUMBER_MARK[kind]}〔{year}〕{seq:04d}号"[:30]


def _paragraphs(kind: str, case: Case, task: Task) -> list[str]:
    item = case.implementation.item.name
    process = case.process
    if kind == CaseDocument.Kind.ACCEPTANCE:
        deadline = process.deadline.strftime("%Y年%m月%d日") if process.deadline else ""
        return [
            _("你（单位）提出的%(item)s申请，申请材料齐全、符合法定形式，本机关决定予以受理。")
            % {"item": item},
            _("本机关将于%(date)s前作出决定（依法不计入期限的时间除外）。") % {"date": deadline},
            *_provisional_paragraph(process),
        ]
    if kind == CaseDocument.Kind.CORRECTION:
        return [
            _(
                "你（单位）提出的%(item)s申请，申请材料不齐全或者不符合法定形式。根据《中华人民共和国"
                "行政许可法》第三十二条，现一次性告知需要补正的全部内容如下，请补正后重新提交："
            )
            % {"item": item}
        ]
    if kind == CaseDocument.Kind.REFUSAL:
        return [
            _("你（单位）提出的%(item)s申请，经审查，本机关决定不予受理。理由如下：")
            % {"item": item},
            task.opinion,
        ]
    if kind == CaseDocument.Kind.APPROVAL:
        return [
            _("你（单位）提出的%(item)s申请，经审查，符合法定条件、标准，本机关决定准予许可。")
            % {"item": item},
            task.opinion,
        ]
    return [
        _("你（单位）提出的%(item)s申请，经审查，本机关决定不予许可。理由如下：") % {"item": item},
        task.opinion,
    ]


def _provisional_paragraph(process: Process) -> list[str]:
    """A deadline counted through a year whose holiday schedule is not yet announced says so."""
    if not process.deadline_provisional or process.deadline is None:
        return []
    years = WorkCalendar().unannounced_years(
        timezone.localdate(process.accepted_at), process.deadline
    )
    return [
        _("上述期限为%(label)s：国务院办公厅公布%(years)s年放假安排后，本机关将重新计算并告知。")
        % {"label": provisional_label(years), "years": listed_years(years)}
    ]


def _missing_lines(case: Case, task: Task) -> list[str]:
    """Each material to correct, by its name as the applicant knows it, and why."""
    names = dict(case.implementation.materials.values_list("code", "name"))
    return [f"{names.get(m['material'], m['material'])}：{m['reason']}" for m in task.missing]


def issue_for_event(case: Case, event: ProcessEvent, task: Task) -> CaseDocument | None:
    """The notice an event calls for, rendered, stored with its hash, and audited."""
    kind = KIND_OF_EVENT.get(event.kind)
    if kind is None:
        return None
    department = task.department
    document = OfficialDocument(
        title=str(CaseDocument.Kind(kind).label),
        number=_number(kind, department.short_name or department.name[:6]),
        addressee=case.organisation.name if case.organisation else case.applicant.real_name,
        paragraphs=[p for p in _paragraphs(kind, case, task) if p],
        rows=[(_("办件编号"), case.number), (_("事项名称"), case.implementation.item.name)],
        items=_missing_lines(case, task),
        issuer=department.name,
        issued_on=timezone.localdate(),
        footnote=APPEAL if kind in (CaseDocument.Kind.REFUSAL, CaseDocument.Kind.DENIAL) else None,
    )
    pdf = render_pdf(document)
    digest = hashlib.sha256(pdf).hexdigest()
    stored = CaseDocument(case=case, kind=kind, number=document.number, sha256=digest)
    stored.file.save(f"{case.number}-{kind}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
    stored.save()
    audit.record(
        "case.document_issued",
        case,
        changes={
            "kind": kind,
            "number": document.number,
            "sha256": digest,
        },
    )
    return stored
