"""The service catalogue: items (基本目录), their implementation lists (实施清单), materials,
situational questions (情形) and fees. Codes and code lists follow GB/T 39046—2020 Annex A
(STANDARDS.md §1)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongban.core.models import Department, Region


class ItemType(models.TextChoices):
    """事项类型代码 (GB/T 39046 Table A.1)."""

    LICENSING = "01", _("行政许可")
    PENALTY = "02", _("行政处罚")
    ENFORCEMENT = "03", _("行政强制")
    LEVY = "04", _("行政征收")
    BENEFIT = "05", _("行政给付")
    INSPECTION = "06", _("行政检查")
    CONFIRMATION = "07", _("行政确认")
    REWARD = "08", _("行政奖励")
    ADJUDICATION = "09", _("行政裁决")
    OTHER_POWER = "10", _("其他行政权力")
    PUBLIC_SERVICE = "20", _("公共服务")


class Audience(models.TextChoices):
    """服务对象: who may apply (GB/T 39046 A.4, folded to the two portal audiences)."""

    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")
    BOTH = "both", _("自然人和法人")


class LifeEvent(models.Model):
    """主题: a life event or business event people browse by (生育收养, 开办企业 …)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    audience = models.CharField(_("服务对象"), max_length=12, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CatalogueItem(models.Model):
    """基本目录事项: one service item of the catalogue, the same in every region."""

    basic_code = models.CharField(_("基本编码"), max_length=16, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices)
    audience = models.CharField(_("服务对象"), max_length=12, choices=Audience.choices)
    basis = models.TextField(_("设定依据"))
    description = models.TextField(_("事项简介"), blank=True)
    # Everyday words people type for this item (开饭店 for 食品经营许可); fed to search.
    keywords = models.CharField(_("俗称与关键词"), max_length=500, blank=True)
    life_events = models.ManyToManyField(
        LifeEvent, verbose_name=_("主题"), blank=True, related_name="items"
    )

    class Meta:
        verbose_name = _("基本目录事项")
        verbose_name_plural = _("基本目录事项")
        ordering = ["basic_code"]

    def __str__(self) -> str:
        return self.name


class TimeUnit(models.TextChoices):
    """时限单位: G 工作日 / Z 自然日 (STANDARDS.md §7)."""

    WORKING_DAYS = "G", _("工作日")
    CALENDAR_DAYS = "Z", _("自然日")


class CaseType(models.TextChoices):
    """办件类型代码 (GB/T 39046 A.6)."""

    IMMEDIATE = "1", _("即办件")
    PROMISED = "2", _("承诺件")


class OnlineDepth(models.IntegerChoices):
    """网上办理深度."""

    INFORMATION = 1, _("一级：信息公开")
    FORMS = 2, _("二级：表格下载")
    PRE_REVIEW = 3, _("三级：网上预审")
    FULLY_ONLINE = 4, _("四级：全程网办")


class ExerciseLevel(models.IntegerChoices):
    """行使层级代码 (GB/T 39046 A.2)."""

    NATIONAL = 1, _("国家级")
    PROVINCIAL = 2, _("省级")
    CITY = 3, _("市级")
    COUNTY = 4, _("县级")
    TOWNSHIP = 5, _("镇（乡、街道）级")
    VILLAGE = 6, _("村（社区）级")
    TIERED = 7, _("分级管理")


class Implementation(models.Model):
    """实施清单: one department's implementation of a catalogue item in one region."""

    item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("事项"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    code = models.CharField(_("实施编码"), max_length=50, unique=True)
    local_code = models.CharField(_("地方实施编码"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("实施主体"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="implementations"
    )
    exercise_level = models.PositiveSmallIntegerField(_("行使层级"), choices=ExerciseLevel.choices)
    case_type = models.CharField(_("办件类型"), max_length=1, choices=CaseType.choices)
    statutory_limit = models.PositiveSmallIntegerField(_("法定办结时限"))
    promised_limit = models.PositiveSmallIntegerField(_("承诺办结时限"))
    limit_unit = models.CharField(
        _("时限单位"), max_length=1, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    limit_note = models.CharField(_("时限说明"), max_length=300, blank=True)
    online_depth = models.PositiveSmallIntegerField(_("网上办理深度"), choices=OnlineDepth.choices)
    visits = models.PositiveSmallIntegerField(_("到办事现场次数"), default=0)
    conditions = models.TextField(_("受理条件"))
    place = models.CharField(_("办理地点"), max_length=300)
    hours = models.CharField(_("办理时间"), max_length=200)
    phone = models.CharField(_("咨询电话"), max_length=50)
    supervision_phone = models.CharField(_("监督电话"), max_length=50, blank=True)
    result_name = models.CharField(_("办理结果名称"), max_length=100)
    result_is_licence = models.BooleanField(_("结果为证照"), default=False)
    # The workflow definition that runs applications for this entry (issue 4 attaches it).
    process_key = models.SlugField(_("流程定义"), max_length=60, blank=True)
    popularity = models.PositiveIntegerField(_("热度"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Segmented words of name, keywords and item; search indexes this column.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("实施清单")
        verbose_name_plural = _("实施清单")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_limit__lte=F("statutory_limit")),
                name="promised_limit_within_statutory",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "is_active"], name="impl_department"),
            models.Index(fields=["region", "is_active"], name="impl_region"),
            models.Index(fields=["-popularity", "id"], name="impl_popularity"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name}（{self.department.name}）"

    @property
    def is_free(self) -> bool:
        """No fee rows means free. Reads fees through .all(), so a prefetch serves it."""
        return not self.fees.all()


class Fee(models.Model):
    """收费项目: what is charged, how much and on which legal basis (no rows = free)."""

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("收费项目"), max_length=100)
    standard = models.CharField(_("收费标准"), max_length=200)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    basis = models.CharField(_("收费依据"), max_length=300)
    reducible = models.BooleanField(_("可减免"), default=False)

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """情形问题: a question about the applicant's situation; materials depend on the answers."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("代码"), max_length=40)
    text = models.CharField(_("问题"), max_length=200)
    help_text = models.CharField(_("说明"), max_length=300, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    # CEL: ask only when this holds (blank: always ask).
    condition = models.TextField(_("提问条件（CEL）"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("情形问题")
        verbose_name_plural = _("情形问题")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["implementation", "code"], name="question_code_once"),
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("代码"), max_length=40)
    label = models.CharField(_("选项"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_code_once")
        ]

    def __str__(self) -> str:
        return self.label


class MaterialSource(models.TextChoices):
    """Where a material can come from."""

    UPLOAD = "upload", _("申请人上传")
    LICENCE = "licence", _("复用已有电子证照")
    DATASET = "dataset", _("部门共享数据获取")


class Material(models.Model):
    """申请材料, with the condition (CEL over answers and applicant) under which it is needed."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("原件")
        COPY = "copy", _("复印件")
        BOTH = "both", _("原件和复印件")

    class Medium(models.TextChoices):
        ELECTRONIC = "electronic", _("电子")
        PAPER = "paper", _("纸质")
        BOTH = "both", _("纸质和电子")

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="materials"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=200)
    why = models.CharField(_("材料说明"), max_length=500, blank=True)
    issuer = models.CharField(_("出具单位"), max_length=100, blank=True)
    form = models.CharField(
        _("材料形式"), max_length=10, choices=Form.choices, default=Form.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    medium = models.CharField(
        _("载体"), max_length=10, choices=Medium.choices, default=Medium.ELECTRONIC
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=MaterialSource.choices, default=MaterialSource.UPLOAD
    )
    # The licence type or dataset code it can be reused from (issue 6 resolves it).
    source_ref = models.CharField(_("复用来源代码"), max_length=60, blank=True)
    # CEL: needed only when this holds (blank: always needed).
    condition = models.TextField(_("适用条件（CEL）"), blank=True)
    blank_form = models.FileField(_("空白表格"), upload_to="catalog/forms/", blank=True)
    sample = models.FileField(_("示例样表"), upload_to="catalog/samples/", blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["implementation", "code"], name="material_code_once"),
        ]

    def __str__(self) -> str:
        return self.name
