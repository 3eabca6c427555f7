"""The catalogue exchange format (docs/catalog/FORMAT.md): JSON Lines, one object a line, either
a life event or one implementation entry with its item, fees, questions and materials."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from tongban.catalog.models import (
    Audience,
    CaseType,
    ExerciseLevel,
    ItemType,
    Material,
    MaterialSource,
    OnlineDepth,
    Question,
    TimeUnit,
)

Code = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")
Text = Field(min_length=1)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LifeEventIn(Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=40)
    audience: Audience
    order: int = Field(default=0, ge=0, le=32767)


class ItemIn(Strict):
    basic_code: str = Field(min_length=1, max_length=16)
    name: str = Field(min_length=1, max_length=200)
    type: ItemType
    audience: Audience
    basis: str = Text
    description: str = ""
    keywords: list[str] = []
    life_events: list[str] = []


class FeeIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    standard: str = Field(min_length=1, max_length=200)
    amount: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    basis: str = Field(min_length=1, max_length=300)
    reducible: bool = False


class OptionIn(Strict):
    code: str = Code
    label: str = Field(min_length=1, max_length=100)


class QuestionIn(Strict):
    code: str = Code
    text: str = Field(min_length=1, max_length=200)
    help: str = Field(default="", max_length=300)
    kind: Question.Kind = Question.Kind.SINGLE
    condition: str = ""
    options: list[OptionIn] = Field(min_length=2)


class MaterialIn(Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=200)
    why: str = Field(default="", max_length=500)
    issuer: str = Field(default="", max_length=100)
    form: Material.Form = Material.Form.ORIGINAL
    copies: int = Field(default=1, ge=0, le=99)
    medium: Material.Medium = Material.Medium.ELECTRONIC
    source: MaterialSource = MaterialSource.UPLOAD
    source_ref: str = Field(default="", max_length=60)
    condition: str = ""


class ResultIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    licence: bool = False


class ImplementationIn(Strict):
    item: ItemIn
    code: str = Field(min_length=1, max_length=50)
    local_code: str = Field(default="", max_length=50)
    department: str = Field(min_length=1, description="统一社会信用代码，或 区划代码/部门类别")
    region: str = Field(pattern=r"^[1-9][0-9]{5}$")
    level: ExerciseLevel
    case_type: CaseType
    statutory_limit: int = Field(ge=0, le=3650)
    promised_limit: int = Field(ge=0, le=3650)
    limit_unit: TimeUnit = TimeUnit.WORKING_DAYS
    limit_note: str = Field(default="", max_length=300)
    online_depth: OnlineDepth
    visits: int = Field(ge=0, le=99)
    conditions: str = Text
    place: str = Field(min_length=1, max_length=300)
    hours: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=50)
    supervision_phone: str = Field(default="", max_length=50)
    result: ResultIn
    process: str = Field(default="", max_length=60)
    popularity: int = Field(default=0, ge=0)
    active: bool = True
    fees: list[FeeIn] = []
    questions: list[QuestionIn] = []
    materials: list[MaterialIn] = Field(default=[])


class LineIn(Strict):
    """A line holds exactly one of the two (checked by the importer)."""

    life_event: LifeEventIn | None = None
    implementation: ImplementationIn | None = None
