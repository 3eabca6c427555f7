"""Portal pages of one's applications (办件): apply from the situational guide, the draft with
its materials, the progress of a submitted case with its notices, correction and withdrawal,
and 我的办件. Each view parses, calls one cases service or selector, and renders; a refusal
(DomainError) is shown on the page it came from, never as a server error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongban.accounts.models import Person
from tongban.accounts.selectors import person_of
from tongban.cases import selectors, services
from tongban.cases.models import Case, CaseDocument, CaseMaterial
from tongban.catalog.models import Material, MaterialSource
from tongban.core.errors import DomainError, NotFound
from tongban.core.http import client_ip
from tongban.web import case_display as display
from tongban.web.catalog_views import entry_or_404, guide_context, posted_answers
from tongban.web.paging import newest_first_page
from tongban.workflow import rules
from tongban.workflow.models import ProcessState, TaskStatus

PAGE_SIZE = 20
# What the file input offers; the service decides by the file's content, not its name.
ACCEPT = ".pdf,.jpg,.jpeg,.png"
# The documents that end a case, shown first once it is closed.
DECISIONS = frozenset(
    {CaseDocument.Kind.APPROVAL, CaseDocument.Kind.DENIAL, CaseDocument.Kind.REFUSAL}
)


def _person(request: HttpRequest) -> Person:
    """Only a real-name person has applications; any other account is told "not found"."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


def _case(person: Person, number: str) -> Case:
    try:
        return selectors.case_for_person(person, number)
    except NotFound as missing:
        raise Http404(missing.message) from None


def _applicant(person: Person, case: Case) -> services.Applicant:
    return services.Applicant(person, case.organisation)


def _case_url(case: Case, fragment: str = "") -> str:
    url = reverse("web:application", args=[case.number])
    return f"{url}#{fragment}" if fragment else url


# 在线申请


@require_POST
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """The guide's 在线申请 button: a draft with the answers given, then its page."""
    entry = entry_or_404(code)
    guide = reverse("web:situational_guide", args=[code])
    if not request.user.is_authenticated:
        return redirect_to_login(guide)
    person = person_of(request.user)
    try:
        if person is None:
            raise DomainError("not_a_person", _("只有实名注册的个人可以在线申请。"), status=403)
        case, _created = services.create_draft(
            applicant=services.applicant_for(person, request.POST.get("on_behalf_of") or None),
            implementation_code=entry.code,
            answers=posted_answers(request, entry),
            form={},
            idempotency_key=request.POST.get("apply_key", "")[:64],
            ip_address=client_ip(request),
        )
    except DomainError as refused:
        context = guide_context(request, entry, apply_error=refused)
        return render(request, "web/catalog/situational_guide.html", context, status=refused.status)
    messages.success(request, _("申请草稿已创建。请上传下列材料，然后提交申请。"))
    return redirect(_case_url(case))


# 我的办件


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    status = request.GET.get("status", "")
    if status not in display.STATUS_FILTERS:
        status = ""
    page = newest_first_page(
        display.filter_by_status(selectors.cases_of(person), status),
        after=request.GET.get("after"),
        size=PAGE_SIZE,
    )
    clocks = display.Clocks()
    rows = [
        (case, display.status_label(case), case.process and clocks.of_process(case.process))
        for case in page.items
    ]
    filters = [(code, label) for code, (label, _states) in display.STATUS_FILTERS.items()]
    context = {"page": page, "rows": rows, "status": status, "filters": filters}
    return render(request, "web/cases/list.html", context)


# One application: the draft, then its progress


@dataclass(frozen=True)
class MaterialSlot:
    """One material the situation needs, and the file uploaded for it, if any."""

    code: str
    name: str
    why: str
    uploaded: CaseMaterial | None
    error: str = ""


@dataclass(frozen=True)
class CorrectionItem:
    code: str
    name: str
    reason: str
    uploaded: CaseMaterial | None
    # Uploaded again since the correction notice (what resubmission needs).
    renewed: bool
    error: str = ""


def _current_materials(case: Case) -> dict[str, CaseMaterial]:
    return {m.code: m for m in case.materials.filter(superseded_at__isnull=True)}


def _draft_context(case: Case, error: DomainError | None, error_for: str) -> dict[str, Any]:
    uploaded = _current_materials(case)
    try:
        missing = {m.code for m in services.missing_materials(case)}
    except DomainError as refused:
        # The entry changed or was withdrawn from the catalogue after the draft was made.
        return {"materials": [], "guide_error": refused}
    problems = error.fields if error else {}
    wanted = [
        m
        for m in Material.objects.filter(implementation=case.implementation_id)
        if m.code in missing or m.code in uploaded
    ]
    slots = [
        MaterialSlot(
            code=m.code,
            name=m.name,
            why=m.why,
            uploaded=uploaded.get(m.code),
            error=str(problems.get("file", "")) if m.code == error_for else "",
        )
        for m in wanted
    ]
    reusable = any(m.source != MaterialSource.UPLOAD and m.code in missing for m in wanted)
    return {
        "materials": slots,
        "missing_count": len(missing),
        "guide_error": None,
        "reusable": reusable,
    }


def _correction(
    case: Case, uploaded: dict[str, CaseMaterial], error: DomainError | None, error_for: str
) -> dict[str, Any]:
    """What the applicant is asked to correct, from the task that sent the case back."""
    process = case.process
    task = display.latest_correction(process)
    if task is None:
        return {}
    since = process.paused_since
    names = dict(
        Material.objects.filter(implementation=case.implementation_id).values_list("code", "name")
    )
    problems = error.fields if error else {}
    # A reviewer's return (退回补正) lists nothing: any material may be replaced.
    wanted = task.missing or [{"material": code, "reason": ""} for code in uploaded]
    items = []
    for entry in wanted:
        code = entry["material"]
        current = uploaded.get(code)
        problem = problems.get(code) or (problems.get("file") if code == error_for else "")
        items.append(
            CorrectionItem(
                code=code,
                name=names.get(code, code),
                reason=entry.get("reason", ""),
                uploaded=current,
                renewed=bool(current and since and current.uploaded_at >= since),
                error=str(problem or ""),
            )
        )
    return {"correction_task": task, "correction_items": items}


def _progress_context(case: Case, error: DomainError | None, error_for: str) -> dict[str, Any]:
    process = case.process
    open_tasks = list(process.tasks.filter(status=TaskStatus.OPEN).select_related("department"))
    uploaded = _current_materials(case)
    documents = list(case.documents.all())
    decisions = [d for d in documents if d.kind in DECISIONS] if process.is_final else []
    context: dict[str, Any] = {
        "process": process,
        "badge": display.process_badge(process),
        "step": display.current_step(process),
        "working_departments": sorted({t.department.name for t in open_tasks}),
        "events": [(e, display.event_label(e)) for e in process.events.all()],
        "documents": documents,
        "result": decisions[-1] if decisions else None,
        "uploaded": list(uploaded.values()),
        "withdrawable": process.state in rules.WITHDRAWABLE,
    }
    if process.state == ProcessState.CORRECTION:
        context.update(_correction(case, uploaded, error, error_for))
    return context


def _application_page(
    request: HttpRequest,
    case: Case,
    *,
    error: DomainError | None = None,
    error_for: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "case": case,
        "status_label": display.status_label(case),
        "error": error,
        "error_for": error_for,
        "accept": ACCEPT,
        "max_upload_mb": settings.TONGBAN_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    if case.process is None:
        context.update(_draft_context(case, error, error_for))
        template = "web/cases/draft.html"
    else:
        context.update(_progress_context(case, error, error_for))
        template = "web/cases/progress.html"
    return render(request, template, context, status=status)


@login_required
def application(request: HttpRequest, number: str) -> HttpResponse:
    return _application_page(request, _case(_person(request), number))


@login_required
@require_POST
def upload_material(request: HttpRequest, number: str) -> HttpResponse:
    person = _person(request)
    case = _case(person, number)
    code = request.POST.get("material", "")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError(
                "file_required", _("请选择要上传的文件。"), fields={"file": _("请选择文件。")}
            )
        stored = services.upload_material(
            case, _applicant(person, case), code, upload, client_ip(request)
        )
    except DomainError as refused:
        return _application_page(
            request, case, error=refused, error_for=code, status=refused.status
        )
    messages.success(request, _("已上传“%(name)s”。") % {"name": stored.name})
    return redirect(_case_url(case, f"material-{code}"))


@login_required
@require_POST
def submit(request: HttpRequest, number: str) -> HttpResponse:
    person = _person(request)
    case = _case(person, number)
    try:
        case = services.submit(case, _applicant(person, case), client_ip(request))
    except DomainError as refused:
        return _application_page(request, case, error=refused, status=refused.status)
    messages.success(
        request,
        _("申请已提交，办件编号 %(number)s。综合窗口将在 %(days)s 个工作日内受理。")
        % {"number": case.number, "days": settings.TONGBAN_INTAKE_DAYS},
    )
    return redirect(_case_url(case))


@login_required
@require_POST
def resubmit_correction(request: HttpRequest, number: str) -> HttpResponse:
    person = _person(request)
    case = _case(person, number)
    try:
        services.resubmit_correction(case, _applicant(person, case), client_ip(request))
    except DomainError as refused:
        return _application_page(request, case, error=refused, status=refused.status)
    messages.success(request, _("补正材料已提交，等待重新办理。"))
    return redirect(_case_url(case))


@login_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    """撤回申请 in two steps: the reason, then a page that asks to confirm."""
    person = _person(request)
    case = _case(person, number)
    reason = request.POST.get("reason", "").strip()[:500]
    if request.POST.get("confirmed") != "yes":
        return render(request, "web/cases/withdraw.html", {"case": case, "reason": reason})
    try:
        services.withdraw(case, _applicant(person, case), reason, client_ip(request))
    except DomainError as refused:
        return _application_page(request, case, error=refused, status=refused.status)
    messages.success(request, _("申请已撤回。"))
    return redirect(_case_url(case))


@login_required
def document(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    """A notice (受理通知书, 补正告知书, 决定书 …) as a PDF, for the applicant only."""
    case = _case(_person(request), number)
    found = case.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404
    return pdf_download(found.file, f"{found.number}.pdf")


def pdf_download(file: Any, filename: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
