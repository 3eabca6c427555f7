"""/api/v1/applications (办件) and /api/v1/tasks (the official's queue)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from tongban.accounts import selectors as accounts
from tongban.accounts.models import Official, Person
from tongban.api.accounts import ErrorOut
from tongban.api.auth import BearerToken
from tongban.cases import selectors, services
from tongban.cases.models import Case
from tongban.core.errors import DomainError, NotFound
from tongban.core.http import client_ip
from tongban.core.workdays import WorkCalendar
from tongban.workflow import selectors as workflow
from tongban.workflow.models import ProcessState, Task, TaskStatus

router = Router(tags=["办件 applications"], auth=BearerToken())
tasks_router = Router(tags=["待办 tasks"], auth=BearerToken())
PAGE_SIZE = 20
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class DraftIn(Schema):
    item: str = Field(description="实施编码")
    answers: dict[str, str | list[str]] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict, description="申请表字段")
    on_behalf_of: str | None = Field(default=None, description="代办法人的统一社会信用代码")


class Labelled(Schema):
    code: str
    label: str


class EventOut(Schema):
    kind: str
    department: str
    text: str
    at: dt.datetime


class DocumentOut(Schema):
    kind: Labelled
    number: str
    sha256: str
    url: str


class MaterialOut(Schema):
    code: str
    name: str
    source: str = Field(description="upload | licence | dataset")
    size: int
    sha256: str
    content_type: str
    uploaded_at: dt.datetime


class OpenTaskOut(Schema):
    step: str
    kind: str
    department: str


class ApplicationOut(Schema):
    number: str
    item: Labelled
    status: Labelled
    applicant: str = Field(description="申请人（法人办件时为经办人）")
    organisation: Labelled | None = None
    answers: dict
    submitted_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    deemed_accepted: bool = False
    deadline: dt.date | None = None
    provisional: bool = Field(
        default=False,
        description="办结期限跨入放假安排尚未公布的年份，按预计安排计算；公布后重新计算",
    )
    remaining_working_days: int | None = None
    clock: str = Field(description="green | yellow | red | paused | none")
    open_tasks: list[OpenTaskOut] = []
    timeline: list[EventOut] = []
    documents: list[DocumentOut] = []
    materials: list[MaterialOut] = []
    correction: list[dict] = Field(default=[], description="一次性告知需补正的材料")


class ApplicationListOut(Schema):
    items: list[ApplicationOut]
    next_after: int | None


class ActionIn(Schema):
    action: str = Field(
        description="accept | refuse | request_correction | approve | deny | "
        "return | suspend | resume | issue"
    )
    opinion: str = Field(default="", max_length=2000)
    missing: list[dict[str, str]] = Field(default_factory=list, description="[{material, reason}]")


class WithdrawIn(Schema):
    reason: str = Field(default="", max_length=500)


class TaskOut(Schema):
    id: int
    number: str
    item: str
    kind: Labelled
    step: str
    department: str
    due_on: dt.date | None
    provisional: bool = Field(description="环节期限按预计放假安排计算")
    clock: str
    remaining_working_days: int | None
    proposal: str


class TaskListOut(Schema):
    items: list[TaskOut]
    next_after: str | None


def _person(request: HttpRequest) -> Person:
    person = accounts.person_of(request.auth)
    if person is None:
        raise NotFound("not_a_person", _("只有实名注册的个人可以申请。"))
    return person


def _official(request: HttpRequest) -> Official:
    official = accounts.official_of(request.auth)
    if official is None:
        raise NotFound("not_found", _("未找到。"))
    return official


def _case(request: HttpRequest, number: str) -> Case:
    """The applicant's own case, or, for an official, one their department handles."""
    person = accounts.person_of(request.auth)
    if person is not None:
        return selectors.case_for_person(person, number)
    return selectors.case_for_official(_official(request), number)


def _applicant(request: HttpRequest, case: Case) -> services.Applicant:
    person = _person(request)
    return services.Applicant(person, case.organisation)


def _status(case: Case) -> Labelled:
    if case.process is None:
        return Labelled(code="draft", label="草稿")
    return Labelled(code=case.process.state, label=str(case.process.get_state_display()))


def application_out(
    case: Case, *, detail: bool = True, calendar: WorkCalendar | None = None
) -> ApplicationOut:
    process = case.process
    clock = workflow.clock_of(process, calendar=calendar) if process else None
    out = ApplicationOut(
        number=case.number,
        item=Labelled(code=case.implementation.code, label=case.implementation.item.name),
        status=_status(case),
        applicant=case.applicant.real_name,
        organisation=Labelled(code=case.organisation.uscc, label=case.organisation.name)
        if case.organisation
        else None,
        answers=case.answers,
        clock=clock.colour if clock else "none",
        remaining_working_days=clock.remaining if clock else None,
    )
    if process is not None:
        out.submitted_at, out.accepted_at = process.submitted_at, process.accepted_at
        out.deemed_accepted, out.deadline = process.deemed_accepted, process.deadline
        out.provisional = process.deadline_provisional and process.deadline is not None
    if detail:
        _add_details(out, case)
    return out


def _add_details(out: ApplicationOut, case: Case) -> None:
    process = case.process
    out.materials = [
        MaterialOut(
            code=m.code,
            name=m.name,
            source=m.source,
            size=m.size,
            sha256=m.sha256,
            content_type=m.content_type,
            uploaded_at=m.uploaded_at,
        )
        for m in case.materials.filter(superseded_at__isnull=True)
    ]
    out.documents = [
        DocumentOut(
            kind=Labelled(code=d.kind, label=str(d.get_kind_display())),
            number=d.number,
            sha256=d.sha256,
            url=reverse("api-v1:application_document", args=[case.number, d.pk]),
        )
        for d in case.documents.all()
    ]
    if process is None:
        return
    out.timeline = [
        EventOut(kind=e.kind, department=e.department_name, text=e.text, at=e.at)
        for e in process.events.all()
    ]
    out.open_tasks = [
        OpenTaskOut(step=t.step, kind=t.kind, department=t.department.name)
        for t in process.tasks.filter(status=TaskStatus.OPEN).select_related("department")
    ]
    if process.state == ProcessState.CORRECTION:
        latest = process.tasks.filter(status=TaskStatus.DONE).exclude(missing=[]).order_by("-id")
        out.correction = next((t.missing for t in latest[:1]), [])


@router.post(
    "",
    response={200: ApplicationOut, 201: ApplicationOut, **ERRORS},
    summary="创建申请草稿（带 Idempotency-Key 重复提交无害）",
)
def create_application(request: HttpRequest, payload: DraftIn) -> Status:
    person = _person(request)
    applicant = services.applicant_for(person, payload.on_behalf_of)
    case, created = services.create_draft(
        applicant=applicant,
        implementation_code=payload.item,
        answers=payload.answers,
        form=payload.form,
        idempotency_key=request.headers.get("Idempotency-Key", "")[:64],
        ip_address=client_ip(request),
    )
    return Status(201 if created else 200, application_out(case))


@router.get("", response=ApplicationListOut, summary="我的申请")
def my_applications(
    request: HttpRequest, status: str | None = None, after: int | None = None
) -> ApplicationListOut:
    cases = selectors.cases_of(_person(request))
    if status == "draft":
        cases = cases.filter(process__isnull=True)
    elif status:
        cases = cases.filter(process__state=status)
    if after:
        cases = cases.filter(id__lt=after)
    page = list(cases[: PAGE_SIZE + 1])
    calendar = WorkCalendar()
    items = [application_out(c, detail=False, calendar=calendar) for c in page[:PAGE_SIZE]]
    return ApplicationListOut(
        items=items, next_after=page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    )


@router.get("/{number}", response={200: ApplicationOut, 404: ErrorOut}, summary="办件详情与进度")
def application_detail(request: HttpRequest, number: str) -> ApplicationOut:
    return application_out(_case(request, number))


@router.post(
    "/{number}/materials",
    response={201: MaterialOut, **ERRORS, 413: ErrorOut, 415: ErrorOut},
    summary="上传申请材料",
)
def upload_material(
    request: HttpRequest, number: str, material: Form[str], file: File[UploadedFile]
) -> Status:
    case = selectors.case_for_person(_person(request), number)
    stored = services.upload_material(
        case, _applicant(request, case), material, file, client_ip(request)
    )
    return Status(
        201,
        MaterialOut(
            code=stored.code,
            name=stored.name,
            source=stored.source,
            size=stored.size,
            sha256=stored.sha256,
            content_type=stored.content_type,
            uploaded_at=stored.uploaded_at,
        ),
    )


@router.post("/{number}/submit", response={200: ApplicationOut, **ERRORS}, summary="提交申请")
def submit(request: HttpRequest, number: str) -> ApplicationOut:
    case = selectors.case_for_person(_person(request), number)
    case = services.submit(case, _applicant(request, case), client_ip(request))
    return application_out(selectors.case_for_person(_person(request), case.number))


@router.post(
    "/{number}/correction", response={200: ApplicationOut, **ERRORS}, summary="补正后重新提交"
)
def correction(request: HttpRequest, number: str) -> ApplicationOut:
    case = selectors.case_for_person(_person(request), number)
    services.resubmit_correction(case, _applicant(request, case), client_ip(request))
    return application_out(selectors.case_for_person(_person(request), number))


@router.post("/{number}/withdraw", response={200: ApplicationOut, **ERRORS}, summary="撤回申请")
def withdraw(request: HttpRequest, number: str, payload: WithdrawIn) -> ApplicationOut:
    case = selectors.case_for_person(_person(request), number)
    services.withdraw(case, _applicant(request, case), payload.reason, client_ip(request))
    return application_out(selectors.case_for_person(_person(request), number))


@router.get(
    "/{number}/documents/{document_id}",
    response={404: ErrorOut},
    url_name="application_document",
    summary="下载文书 PDF",
)
def document(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    case = _case(request, number)
    found = case.documents.filter(pk=document_id).first()
    if found is None:
        raise NotFound("document_not_found", _("未找到该文书。"))
    return FileResponse(
        found.file.open("rb"), content_type="application/pdf", filename=f"{found.number}.pdf"
    )


def _task_key(after: str) -> tuple[dt.date, int]:
    due, _sep, task_id = after.partition("_")
    try:
        return dt.date.fromisoformat(due), int(task_id)
    except ValueError:
        raise DomainError(
            "invalid_cursor",
            _("分页参数无效。"),
            fields={"after": _("请使用上一页返回的 next_after。")},
        ) from None


def task_out(task: Task, calendar: WorkCalendar) -> TaskOut:
    clock = workflow.clock_of(task.process, calendar=calendar)
    return TaskOut(
        id=task.pk,
        number=task.process.number,
        item=task.process.implementation.item.name,
        kind=Labelled(code=task.kind, label=str(task.get_kind_display())),
        step=task.step,
        department=task.department.name,
        due_on=task.due_on,
        provisional=task.due_provisional,
        clock=clock.colour,
        remaining_working_days=clock.remaining,
        proposal=task.proposal,
    )


@tasks_router.get("", response={200: TaskListOut, 404: ErrorOut}, summary="我的待办（按期限排序）")
def my_tasks(request: HttpRequest, after: str | None = None) -> TaskListOut:
    """``after`` is the ``next_after`` of the previous page: keyset pagination."""
    tasks = workflow.task_queue(_official(request))
    if after:
        tasks = workflow.after_key(tasks, *_task_key(after))
    page = list(tasks[: PAGE_SIZE + 1])
    calendar = WorkCalendar()
    last = page[PAGE_SIZE - 1] if len(page) > PAGE_SIZE else None
    return TaskListOut(
        items=[task_out(t, calendar) for t in page[:PAGE_SIZE]],
        next_after=f"{last.due_on}_{last.pk}" if last else None,
    )


@tasks_router.post(
    "/{task_id}/actions",
    response={200: ApplicationOut, **ERRORS},
    summary="办理：受理、不予受理、一次性告知补正、同意、不同意、退回、决定、出证",
)
def act(request: HttpRequest, task_id: int, payload: ActionIn) -> ApplicationOut:
    official = _official(request)
    result = services.act_on_task(
        task_id,
        official,
        payload.action,
        opinion=payload.opinion,
        missing=payload.missing,
        ip_address=client_ip(request),
    )
    return application_out(selectors.case_for_official(official, result.process.number))
