"""/api/v1/items: the service catalogue — search, an entry's service guide and its situational
guide."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from tongban.api.accounts import ErrorOut
from tongban.api.auth import optional_user
from tongban.catalog import search, selectors
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


class ItemSearchIn(Schema):
    q: str = Field(default="", description="搜索词，可用群众说法（如“开饭店”）")
    audience: str = Field(default="", description="person 自然人 | organisation 法人")
    department: str = Field(default="", description="实施部门统一社会信用代码")
    region: str = Field(default="", description="行政区划代码，含其下级区划")
    type: str = Field(default="", description="事项类型代码（GB/T 39046 表A.1）")
    online: bool = Field(default=False, description="只看全程网办")
    page: int = Field(default=1, description="页码，从1开始")
    page_size: int = Field(default=20, description=f"每页条数，最多{search.MAX_PAGE_SIZE}")

    @field_validator("online", mode="before")
    @classmethod
    def empty_is_false(cls, value: object) -> object:
        """A form's unticked box arrives as ``online=``."""
        return False if value == "" else value


class ItemSummaryOut(Schema):
    implementation_code: str
    basic_code: str
    name: str
    name_highlighted: str = Field(description="事项名称，已做 HTML 转义，命中词以 <mark> 标出")
    matched_terms: list[str] = Field(description="该事项命中的搜索词")
    item_type: Labelled
    audience: Labelled
    department: DepartmentOut
    region: RegionOut
    promised_limit: int = Field(description="承诺办结时限")
    limit_unit: Labelled
    online_depth: Labelled
    is_free: bool
    visits: int = Field(description="到办事现场次数")


class ItemPageOut(Schema):
    items: list[ItemSummaryOut]
    total: int = Field(description=f"结果条数，最多数到{search.MAX_COUNTED}")
    total_capped: bool = Field(description=f"结果多于{search.MAX_COUNTED}条")
    page: int
    page_size: int
    has_next: bool


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
        is_free=entry.is_free,
        questions=[question_out(q) for q in entry.questions.all()],
        materials=[material_out(m) for m in entry.materials.all()],
    )


def summary_out(hit: search.Hit) -> ItemSummaryOut:
    entry, item = hit.implementation, hit.implementation.item
    return ItemSummaryOut(
        implementation_code=entry.code,
        basic_code=item.basic_code,
        name=item.name,
        name_highlighted=hit.highlight,
        matched_terms=list(hit.matched_terms),
        item_type=labelled(item.item_type, item.get_item_type_display()),
        audience=labelled(item.audience, item.get_audience_display()),
        department=DepartmentOut(uscc=entry.department.uscc, name=entry.department.name),
        region=RegionOut(code=entry.region.code, name=entry.region.name),
        promised_limit=entry.promised_limit,
        limit_unit=labelled(entry.limit_unit, entry.get_limit_unit_display()),
        online_depth=labelled(entry.online_depth, entry.get_online_depth_display()),
        is_free=entry.is_free,
        visits=entry.visits,
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
        is_free=entry.is_free,
        visits=entry.visits,
        online_depth=labelled(entry.online_depth, entry.get_online_depth_display()),
    )


@router.get("", response={200: ItemPageOut, 400: ErrorOut}, summary="搜索事项")
def item_list(request: HttpRequest, filters: Query[ItemSearchIn]) -> ItemPageOut:
    found = search.search(
        filters.q,
        audience=filters.audience,
        department=filters.department,
        region=filters.region,
        item_type=filters.type,
        online_only=filters.online,
        page=filters.page,
        page_size=filters.page_size,
    )
    return ItemPageOut(
        items=[summary_out(hit) for hit in found.hits],
        total=found.total,
        total_capped=found.total_capped,
        page=found.page,
        page_size=found.page_size,
        has_next=found.has_next,
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
