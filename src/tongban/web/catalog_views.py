"""Catalogue pages of the portal: browsing by life event and department (事项浏览), search
results (事项搜索), an entry's printable service guide (办事指南) and its situational guide
(情形引导).

The guide works without JavaScript (the form posts and the whole page comes back); with htmx
every change posts the same form to a partial endpoint that answers with the material panel
and, out of band, the questions that now apply."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import selectors as accounts
from tongban.accounts.models import Organisation
from tongban.catalog import search, selectors
from tongban.catalog.guide import GuideOutcome
from tongban.catalog.models import (
    Audience,
    Implementation,
    Material,
    MaterialSource,
    OnlineDepth,
    Question,
)
from tongban.core.errors import DomainError, NotFound
from tongban.web.account_views import ACTING_FOR
from tongban.web.paging import popularity_page
from tongban.web.situations import describe

PAGE_SIZE = 20
APPLICANT_TYPES = (Audience.PERSON, Audience.ORGANISATION)


@dataclass(frozen=True)
class MaterialRow:
    material: Material
    situation: str

    @property
    def reusable(self) -> bool:
        """免提交 candidate: it can come from a licence or a department's shared data."""
        return self.material.source != MaterialSource.UPLOAD


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    chosen: list[str]
    pending: bool
    error: str = ""


@dataclass
class GuideState:
    """What the guide page and its panel show for one set of answers."""

    questions: list[QuestionRow]
    outcome: GuideOutcome
    rows: dict[str, MaterialRow]
    applicant_type: str
    # Anonymous visitors say whether they apply as a person or a business, unless the item
    # serves only one of them.
    ask_applicant_type: bool
    error: DomainError | None = None

    @property
    def needed(self) -> list[MaterialRow]:
        return [self.rows[m.code] for m in self.outcome.needed]

    @property
    def undecided(self) -> list[MaterialRow]:
        return [self.rows[m.code] for m in self.outcome.undecided]

    @property
    def pending(self) -> list[QuestionRow]:
        return [row for row in self.questions if row.pending]

    @property
    def applicant_unknown(self) -> bool:
        """The undecided materials may hang on who applies, which the visitor has not said."""
        return self.ask_applicant_type and not self.applicant_type and bool(self.undecided)


def entry_or_404(code: str) -> Implementation:
    try:
        return selectors.implementation_detail(code)
    except NotFound as error:
        raise Http404(error.message) from error


def _material_rows(entry: Implementation) -> dict[str, MaterialRow]:
    questions = {q.code: q for q in entry.questions.all()}
    return {m.code: MaterialRow(m, describe(m.condition, questions)) for m in entry.materials.all()}


def catalogue(request: HttpRequest) -> HttpResponse:
    context = {
        "life_events": selectors.life_events(),
        "departments": selectors.departments_with_items(),
    }
    return render(request, "web/catalog/index.html", context)


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def search_results(request: HttpRequest) -> HttpResponse:
    """搜索: the search function ranks; this page shows one page of its hits."""
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"query": query}
    try:
        context["results"] = search.search(
            query, page=_page_number(request.GET.get("page")), page_size=PAGE_SIZE
        )
    except DomainError as refused:
        context["error"] = refused
    return render(request, "web/catalog/search.html", context)


def life_event(request: HttpRequest, code: str) -> HttpResponse:
    event = selectors.life_events().filter(code=code).first()
    if event is None:
        raise Http404
    page = popularity_page(
        selectors.implementations_for_life_event(code).prefetch_related("fees"),
        after=request.GET.get("after"),
        size=PAGE_SIZE,
    )
    return render(request, "web/catalog/list.html", {"heading": event.name, "page": page})


def department(request: HttpRequest, uscc: str) -> HttpResponse:
    found = selectors.departments_with_items().filter(uscc=uscc).first()
    if found is None:
        raise Http404
    page = popularity_page(
        selectors.implementations_of_department(found).prefetch_related("fees"),
        after=request.GET.get("after"),
        size=PAGE_SIZE,
    )
    context = {"heading": found.name, "region": found.region, "page": page}
    return render(request, "web/catalog/list.html", context)


def service_guide(request: HttpRequest, code: str) -> HttpResponse:
    entry = entry_or_404(code)
    context = {"entry": entry, "materials": list(_material_rows(entry).values())}
    return render(request, "web/catalog/guide.html", context)


def posted_answers(request: HttpRequest, entry: Implementation) -> dict[str, Any]:
    """Answers from the form's fields q-<question code>; unanswered questions are left out."""
    answers: dict[str, Any] = {}
    for question in entry.questions.all():
        chosen = request.POST.getlist(f"q-{question.code}")
        if not chosen:
            continue
        single = question.kind == Question.Kind.SINGLE and len(chosen) == 1
        answers[question.code] = chosen[0] if single else chosen
    return answers


def _as_list(answer: str | list[str] | None) -> list[str]:
    if answer is None:
        return []
    return answer if isinstance(answer, list) else [answer]


def _applicant_type(request: HttpRequest, entry: Implementation) -> str:
    """Who an anonymous visitor applies as: their choice, or the item's only audience."""
    if entry.item.audience in APPLICANT_TYPES:
        return entry.item.audience
    chosen = request.POST.get("applicant_type", "")
    return chosen if chosen in APPLICANT_TYPES else ""


@dataclass
class ApplyOffer:
    """在线申请 from the guide: whether this visitor may apply, and for whom. A person who
    represents or acts for organisations chooses 以个人 or one of them (on_behalf_of); for an
    item only organisations may apply for, the choice is required."""

    online: bool
    signed_in: bool = False
    person: bool = False
    personal_allowed: bool = True
    organisations: list[Organisation] = field(default_factory=list)
    # "" applies personally, a USCC for that organisation, None while nobody was chosen.
    chosen: str | None = ""
    # Posted back with the button: a double click gives back the same draft.
    key: str = ""

    @property
    def ask_for_whom(self) -> bool:
        return bool(self.organisations)

    @property
    def possible(self) -> bool:
        return self.online and self.person and (self.personal_allowed or bool(self.organisations))


def apply_offer(request: HttpRequest, entry: Implementation) -> ApplyOffer:
    online = entry.online_depth >= OnlineDepth.PRE_REVIEW and bool(entry.process_key)
    if not request.user.is_authenticated:
        return ApplyOffer(online=online)
    person = accounts.person_of(request.user)
    if person is None:
        return ApplyOffer(online=online, signed_in=True)
    offer = ApplyOffer(online=online, signed_in=True, person=True, key=uuid.uuid4().hex)
    audience = entry.item.audience
    offer.personal_allowed = audience != Audience.ORGANISATION
    if audience != Audience.PERSON:
        unique = {o.uscc: o for o, _relation in accounts.organisations_of(person)}
        offer.organisations = sorted(unique.values(), key=lambda o: o.name)
    usccs = {o.uscc for o in offer.organisations}
    posted = request.POST.get("on_behalf_of") if request.method == "POST" else None
    # Unless the form says otherwise: whom the person acts for in this session (/me/).
    acting_for = request.session.get(ACTING_FOR)
    if posted in usccs or (posted == "" and offer.personal_allowed):
        offer.chosen = posted
    elif acting_for in usccs:
        offer.chosen = acting_for
    elif not offer.personal_allowed:
        offer.chosen = offer.organisations[0].uscc if len(usccs) == 1 else None
    return offer


def _guide_state(
    request: HttpRequest, entry: Implementation, on_behalf_of: str | None = None
) -> GuideState:
    answers = posted_answers(request, entry) if request.method == "POST" else {}
    applicant_type = _applicant_type(request, entry)
    user = request.user if request.user.is_authenticated else None
    applicant = selectors.applicant_profile(
        user, on_behalf_of or None, anonymous_type=applicant_type or None
    )
    error = None
    try:
        outcome = selectors.guide_for(entry, answers, applicant)
    except DomainError as refused:
        # Show what the valid answers decide, and say next to each question what was wrong.
        error = refused
        answers = {code: value for code, value in answers.items() if code not in refused.fields}
        outcome = selectors.guide_for(entry, answers, applicant)
    pending = {q.code for q in outcome.pending}
    problems = error.fields if error else {}
    questions = [
        QuestionRow(
            question=q,
            chosen=_as_list(answers.get(q.code)),
            pending=q.code in pending,
            error=str(problems.get(q.code, "")),
        )
        for q in outcome.asked
    ]
    return GuideState(
        questions=questions,
        outcome=outcome,
        rows=_material_rows(entry),
        applicant_type=applicant_type,
        ask_applicant_type=user is None and entry.item.audience not in APPLICANT_TYPES,
        error=error,
    )


def guide_context(
    request: HttpRequest, entry: Implementation, apply_error: DomainError | None = None
) -> dict[str, Any]:
    offer = apply_offer(request, entry)
    state = _guide_state(request, entry, on_behalf_of=offer.chosen)
    return {"entry": entry, "state": state, "offer": offer, "apply_error": apply_error}


@require_http_methods(["GET", "POST"])
def situational_guide(request: HttpRequest, code: str) -> HttpResponse:
    entry = entry_or_404(code)
    return render(request, "web/catalog/situational_guide.html", guide_context(request, entry))


@require_POST
def situational_guide_panel(request: HttpRequest, code: str) -> HttpResponse:
    entry = entry_or_404(code)
    return render(request, "web/catalog/_guide_update.html", guide_context(request, entry))
