"""The datasets Tongban knows how to ask for (共享数据目录), by the codes the catalogue's materials
name in ``source_ref`` (docs/catalog/FORMAT.md §4). Plain data: the sandbox process reads it too,
without Django, to know which department answers which dataset with which key.

A licence code is answered by Tongban's own licence library; a dataset code by the department
system of the kind named here."""

from __future__ import annotations

from dataclasses import dataclass

PERSON = "person"
ORGANISATION = "organisation"
LICENCE_LIBRARY = "licence_library"
HTTP = "http"


@dataclass(frozen=True)
class DatasetSpec:
    code: str
    name: str
    department_kind: str  # the demo department kind that holds it (tongban.demo.data)
    subject: str
    kind: str = HTTP


DATASETS: tuple[DatasetSpec, ...] = (
    DatasetSpec("huji", "户籍信息", "gaj", PERSON),
    DatasetSpec("shebao", "社保参保缴费信息", "rsj", PERSON),
    DatasetSpec("wanshui", "完税信息", "sw", PERSON),
    DatasetSpec("bdc", "不动产权属", "zrzy", PERSON),
    DatasetSpec("hunyin", "婚姻登记信息", "mz", PERSON),
    DatasetSpec("wangqian", "房屋网签备案", "zjj", PERSON),
    DatasetSpec("dibao", "低保等救助对象信息", "mz", PERSON),
    DatasetSpec("shiye", "失业登记", "rsj", PERSON),
    DatasetSpec("tuixiu", "退休审批", "rsj", PERSON),
    DatasetSpec("ldnljd", "劳动能力鉴定结论", "rsj", PERSON),
    DatasetSpec("sbkgs", "社保卡挂失", "rsj", PERSON),
    DatasetSpec("qiye", "企业登记（注销）信息", "scjg", ORGANISATION),
    DatasetSpec("xueli", "学历", "rsj", PERSON),
    DatasetSpec("xueji", "学籍", "rsj", PERSON),
    DatasetSpec("yibao", "医保结算", "ybj", PERSON),
    DatasetSpec("fenmian", "分娩记录", "wjw", PERSON),
    DatasetSpec("sfzsl", "身份证受理信息", "gaj", PERSON),
    DatasetSpec("tijian", "驾驶人体检", "wjw", PERSON),
    DatasetSpec("jsjl", "驾驶记录", "gaj", PERSON),
    DatasetSpec("wfzjl", "无犯罪记录", "gaj", PERSON),
    DatasetSpec("cyks", "从业资格考试成绩", "jt", PERSON),
    DatasetSpec("tushen", "施工图审查", "zjj", ORGANISATION),
    DatasetSpec("zhaobiao", "招投标（中标）", "zjj", ORGANISATION),
    DatasetSpec("xfsj", "消防设计审查", "xf", ORGANISATION),
    DatasetSpec("xfys", "消防验收与备案", "xf", ORGANISATION),
    DatasetSpec("ghhs", "规划核实", "zrzy", ORGANISATION),
    DatasetSpec("jgba", "竣工验收备案", "zjj", ORGANISATION),
    # Licences already issued, answered from Tongban's own licence library (电子证照库).
    DatasetSpec("sfz", "居民身份证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("hkb", "居民户口簿", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("jzz", "居住证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("yyzz", "营业执照", "zwfw", ORGANISATION, LICENCE_LIBRARY),
    DatasetSpec("jhz", "结婚证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("bdcqz", "不动产权证书", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("csyxzm", "出生医学证明", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("jsz", "机动车驾驶证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("xsz", "机动车行驶证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("sbk", "社会保障卡", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("cjrz", "残疾人证", "zwfw", PERSON, LICENCE_LIBRARY),
    DatasetSpec("gcghxkz", "建设工程规划许可证", "zwfw", ORGANISATION, LICENCE_LIBRARY),
    DatasetSpec("sgxkz", "建筑工程施工许可证", "zwfw", ORGANISATION, LICENCE_LIBRARY),
    DatasetSpec("cyzgz", "道路运输从业人员从业资格证", "zwfw", PERSON, LICENCE_LIBRARY),
)

BY_CODE = {spec.code: spec for spec in DATASETS}


def provider_code(spec: DatasetSpec) -> str:
    """One provider per department kind: the licence library, or ``dept-<kind>``."""
    return "licence-library" if spec.kind == LICENCE_LIBRARY else f"dept-{spec.department_kind}"
