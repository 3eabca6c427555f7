"""/api/v1/items: the service catalogue — an entry's service guide and its situational guide."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from tongban.api.accounts import ErrorOut
from tongban.api.auth import optional_user
from tongban.catalog import selectors
from tongban.catalog.guide import GuideOutcome
from tongban.catalog.models import Implementation, Material, MaterialSource, Question

router = Router(tags=["事项 items"])


class Labelled(Schema):
    code: str
    label: str


class DepartmentOut(Schema):
    uscc: str
    name: str


class RegionOut(Schema):
    code: str
    name: str


class LimitsOut(Schema):
    statutory: int = Field(description="法定办结时限")
    promised: int = Field(description="承诺办结时限")
    unit: Labelled
    note: str


class FeeOut(Schema):
    name: str
    standard: str
    amount: Decimal | None
    basis: str
    reducible: bool


class OptionOut(Schema):
    code: str
    label: str


class QuestionOut(Schema):
    code: str
    text: str
    help: str
    kind: str
    options: list[OptionOut]


class MaterialOut(Schema):
    code: str
    name: str
    why: str
    issuer: str
    form: Labelled
    copies: int
    medium: Labelled
    source: Labelled
    reusable: bool = Field(description="可复用已有证照或部门数据，免于上传")
    conditional: bool = Field(description="是否视情形而定")


class ItemOut(Schema):
    implementation_code: str
    basic_code: str
    name: str
    item_type: Labelled
    audience: Labelled
    basis: str
    description: str
    department: DepartmentOut
    region: RegionOut
    case_type: Labelled
    limits: LimitsOut
    online_depth: Labelled
    visits: int = Field(description="到办事现场次数")
    conditions: str = Field(description="受理条件")
    place: str
    hours: str
    phone: str
    supervision_phone: str
    result: str
    result_is_licence: bool
    is_free: bool
    fees: list[FeeOut]
    questions: list[QuestionOut]
    materials: list[MaterialOut]


class GuideIn(Schema):
    answers: dict[str, str | list[str]] = Field(
        default_factory=dict, description="问题代码→选项代码"
    )
    applicant_type: Literal["person", "organisation"] | None = Field(
        default=None, description="未登录时说明以谁的身份办理"
    )
    on_behalf_of: str | None = Field(default=None, description="代办法人的统一社会信用代码")


class GuideOut(Schema):
    complete: bool = Field(description="材料清单是否已确定")
    materials: list[MaterialOut] = Field(description="需要提交的材料")
    undecided: list[MaterialOut] = Field(description="视尚未回答的情形而定的材料")
    questions: list[QuestionOut] = Field(description="还需回答的问题")
    asked: list[QuestionOut] = Field(description="适用于此情形的全部问题")
    limits: LimitsOut
    fees: list[FeeOut]
    is_free: bool
    visits: int
    online_depth: Labelled


def labelled(code: object, label: object) -> Labelled:
    return Labelled(code=str(code), label=str(label))


def limits_out(entry: Implementation) -> LimitsOut:
    return LimitsOut(
        statutory=entry.statutory_limit,
        promised=entry.promised_limit,
        unit=labelled(entry.limit_unit, entry.get_limit_unit_display()),
        note=entry.limit_note,
    )


def fees_out(entry: Implementation) -> list[FeeOut]:
    return [
        FeeOut(
            name=f.name, standard=f.standard, amount=f.amount, basis=f.basis, reducible=f.reducible
        )
        for f in entry.fees.all()
    ]


def question_out(question: Question) -> QuestionOut:
    return QuestionOut(
        code=question.code,
        text=question.text,
        help=question.help_text,
        kind=question.kind,
        options=[OptionOut(code=o.code, label=o.label) for o in question.options.all()],
    )


def material_out(material: Material) -> MaterialOut:
    return MaterialOut(
        code=material.code,
        name=material.name,
        why=material.why,
        issuer=material.issuer,
        form=labelled(material.form, material.get_form_display()),
        copies=material.copies,
        medium=labelled(material.medium, material.get_medium_display()),
        source=labelled(material.source, material.get_source_display()),
        reusable=material.source != MaterialSource.UPLOAD,
        conditional=bool(material.condition.strip()),
    )


def item_out(entry: Implementation) -> ItemOut:
    item = entry.item
    return ItemOut(
        implementation_code=entry.code,
        basic_code=item.basic_code,
        name=item.name,
        item_type=labelled(item.item_type, item.get_item_type_display()),
        audience=labelled(item.audience, item.get_audience_display()),
        basis=item.basis,
        description=item.description,
        department=DepartmentOut(uscc=entry.department.uscc, name=entry.department.name),
        region=RegionOut(code=entry.region.code, name=entry.region.name),
        case_type=labelled(entry.case_type, entry.get_case_type_display()),
        limits=limits_out(entry),
        online_depth=labelled(entry.online_depth, entry.get_online_depth_display()),
        visits=entry.visits,
        conditions=entry.conditions,
        place=entry.place,
        hours=entry.hours,
        phone=entry.phone,
        supervision_phone=entry.supervision_phone,
        result=entry.result_name,
        result_is_licence=entry.result_is_licence,
        fees=fees_out(entry),
        is_free=not entry.fees.all(),
        questions=[question_out(q) for q in entry.questions.all()],
        materials=[material_out(m) for m in entry.materials.all()],
    )


def guide_out(entry: Implementation, outcome: GuideOutcome) -> GuideOut:
    return GuideOut(
        complete=outcome.complete,
        materials=[material_out(m) for m in outcome.needed],
        undecided=[material_out(m) for m in outcome.undecided],
        questions=[question_out(q) for q in outcome.pending],
        asked=[question_out(q) for q in outcome.asked],
        limits=limits_out(entry),
        fees=fees_out(entry),
        is_free=not entry.fees.all(),
        visits=entry.visits,
        online_depth=labelled(entry.online_depth, entry.get_online_depth_display()),
    )


@router.get(
    "/{implementation_code}", response={200: ItemOut, 404: ErrorOut}, summary="事项办事指南"
)
def item_detail(request: HttpRequest, implementation_code: str) -> ItemOut:
    return item_out(selectors.implementation_detail(implementation_code))


@router.post(
    "/{implementation_code}/guide",
    response={200: GuideOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="按情形计算所需材料",
)
def item_guide(request: HttpRequest, implementation_code: str, payload: GuideIn) -> GuideOut:
    entry = selectors.implementation_detail(implementation_code)
    applicant = selectors.applicant_profile(
        optional_user(request), payload.on_behalf_of, payload.applicant_type
    )
    return guide_out(entry, selectors.guide_for(entry, payload.answers, applicant))
