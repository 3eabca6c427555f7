"""Workbench pages for officials: the queue of open tasks (待办), a case with everything the
official needs to decide (materials previewed inline, opinions so far, the timeline), and the
actions of their open task on it. Anyone who is not an official is told "not found"; an
official sees only the cases their department handles in their region."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from tongban.accounts.models import Official
from tongban.accounts.selectors import official_of
from tongban.cases import selectors, services
from tongban.cases.models import Case
from tongban.catalog.models import Option, Question
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.core.http import client_ip
from tongban.web import case_display as display
from tongban.web.case_views import pdf_download
from tongban.workflow import rules
from tongban.workflow.models import Task, TaskStatus
from tongban.workflow.selectors import after_key, task_queue

PAGE_SIZE = 20
_TASK_KEY = re.compile(r"(\d{4}-\d{2}-\d{2})_(\d+)")


def _official(request: HttpRequest) -> Official:
    official = official_of(request.user)
    if official is None:
        raise Http404
    return official


def _case(official: Official, number: str) -> Case:
    try:
        return selectors.case_for_official(official, number)
    except NotFound as missing:
        raise Http404(missing.message) from None


def _task_key(value: str | None) -> tuple[dt.date, int] | None:
    """The ``after`` parameter "<due>_<id>"; anything else starts from the top."""
    key = _TASK_KEY.fullmatch(value or "")
    if key is None:
        return None
    try:
        return dt.date.fromisoformat(key[1]), int(key[2])
    except ValueError:
        return None


# 待办


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    official = _official(request)
    queue = task_queue(official).select_related("process__definition")
    key = _task_key(request.GET.get("after"))
    if key is not None:
        queue = after_key(queue, *key)
    page = list(queue[: PAGE_SIZE + 1])
    last = page[PAGE_SIZE - 1] if len(page) > PAGE_SIZE else None
    clocks = display.Clocks()
    rows = [
        {
            "task": task,
            "step": display.step_name(task.process, task.step),
            "badge": clocks.of_task(task),
            "proposal": display.action_label("review", task.proposal) if task.proposal else "",
        }
        for task in page[:PAGE_SIZE]
    ]
    context = {
        "official": official,
        "rows": rows,
        "next_after": f"{last.due_on}_{last.pk}" if last and last.due_on else None,
        "is_first": key is None,
    }
    return render(request, "web/workbench/tasks.html", context)


# One case


def _action_forms(official: Official, case: Case, open_tasks: list[Task]) -> list[dict]:
    """The official's open tasks on this case with the actions each allows now."""
    process = case.process
    mine = [
        task
        for task in open_tasks
        if task.department_id == official.department_id and official.has_role(task.role)
    ]
    forms = []
    for task in mine:
        actions = rules.allowed_actions(task.kind, process.state)
        correction = "request_correction" in actions and not process.correction_notice_given
        forms.append(
            {
                "task": task,
                "step": display.step_name(process, task.step),
                "proposal": display.action_label("review", task.proposal) if task.proposal else "",
                "buttons": [
                    (action, display.action_label(task.kind, action), action in rules.NEEDS_OPINION)
                    for action in actions
                    if action != "request_correction"
                ],
                "offers_correction": correction,
                "correction_used": "request_correction" in actions and not correction,
            }
        )
    return forms


def _case_page(
    request: HttpRequest,
    official: Official,
    case: Case,
    *,
    error: DomainError | None = None,
    posted: QueryDict | None = None,
    status: int = 200,
) -> HttpResponse:
    process = case.process
    questions = list(
        Question.objects.filter(implementation=case.implementation_id).prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("order", "id"))
        )
    )
    materials = list(case.materials.all())
    tasks_of_case = list(process.tasks.select_related("department").order_by("created_at", "id"))
    open_tasks = [t for t in tasks_of_case if t.status == TaskStatus.OPEN]
    done = sorted(
        (t for t in tasks_of_case if t.status == TaskStatus.DONE),
        key=lambda t: (t.completed_at, t.pk),
    )
    posted = posted or QueryDict()
    current = [m for m in materials if m.superseded_at is None]
    names = {m.code: m.name for m in materials}
    ticked = set(posted.getlist("missing"))
    context: dict[str, Any] = {
        "official": official,
        "case": case,
        "process": process,
        "status_label": display.status_label(case),
        "badge": display.process_badge(process),
        "step": display.current_step(process),
        "working_departments": sorted({t.department.name for t in open_tasks}),
        "answers": display.answers_in_words(questions, case.answers),
        "current_materials": current,
        "replaced_materials": [m for m in materials if m.superseded_at is not None],
        "opinions": [
            (
                t,
                display.action_label(t.kind, t.outcome),
                [(names.get(m["material"], m["material"]), m["reason"]) for m in t.missing],
            )
            for t in done
        ],
        "events": [(e, display.event_label(e)) for e in process.events.all()],
        "documents": list(case.documents.all()),
        "action_forms": _action_forms(official, case, open_tasks),
        "error": error,
        "posted_action": posted.get("action", ""),
        "posted_opinion": posted.get("opinion", ""),
        "correction_rows": [
            (m, m.code in ticked, posted.get(f"reason-{m.code}", "")) for m in current
        ],
    }
    return render(request, "web/workbench/case.html", context, status=status)


@login_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    official = _official(request)
    return _case_page(request, official, _case(official, number))


def _missing(request: HttpRequest) -> list[dict[str, str]]:
    """一次告知: every ticked material with the reason written beside it."""
    return [
        {"material": code, "reason": request.POST.get(f"reason-{code}", "").strip()[:500]}
        for code in dict.fromkeys(request.POST.getlist("missing"))
    ]


@login_required
@require_POST
def act(request: HttpRequest, number: str, task_id: int) -> HttpResponse:
    official = _official(request)
    case = _case(official, number)
    if not Task.objects.filter(pk=task_id, process=case.process_id).exists():
        raise Http404
    action = request.POST.get("action", "")
    try:
        result = services.act_on_task(
            task_id,
            official,
            action,
            opinion=request.POST.get("opinion", "").strip()[:2000],
            missing=_missing(request) if action == "request_correction" else None,
            ip_address=client_ip(request),
        )
    except NotFound:
        raise Http404 from None
    except Conflict as conflict:
        # Somebody else was first: say so, and show the case as it is now.
        messages.error(request, conflict.message)
        return redirect("web:workbench_case", number=case.number)
    except DomainError as refused:
        return _case_page(
            request, official, case, error=refused, posted=request.POST, status=refused.status
        )
    label = display.action_label(result.task.kind, action)
    messages.success(request, _("已办理：%(action)s。") % {"action": label})
    return redirect("web:workbench_case", number=case.number)


@login_required
@xframe_options_sameorigin
def material_file(request: HttpRequest, number: str, material_id: int) -> FileResponse:
    """An uploaded material shown inline (the case page previews it in a frame). Its type was
    decided from its content when it was uploaded; the browser is told not to guess."""
    case = _case(_official(request), number)
    material = case.materials.filter(pk=material_id).first()
    if material is None:
        raise Http404
    response = FileResponse(
        material.file.open("rb"),
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    case = _case(_official(request), number)
    found = case.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404
    return pdf_download(found.file, f"{found.number}.pdf")
