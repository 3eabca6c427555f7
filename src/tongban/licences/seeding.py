"""The licence types of the demo catalogue: every result marked ``"licence": true`` in
catalog/fixtures/demo-catalogue.jsonl has one. ``seed_licence_types()`` is idempotent.

证照类型代码 is the defining body's USCC and three digits (STANDARDS.md §4.1). Only
住房和城乡建设部's code is a real one (it appears in real identifiers); the other defining
bodies' codes are demo codes built with a correct check character, in the same 111000000…
range national bodies use."""

from __future__ import annotations

from tongban.core.codes import uscc_check_character
from tongban.licences.models import HolderKind, LicenceType

PER, ORG, ANY = HolderKind.PERSON, HolderKind.ORGANISATION, HolderKind.EITHER
YEAR = 365


def _body(number: int) -> str:
    first17 = f"11100000{number:09d}"
    return first17 + uscc_check_character(first17)


MOHURD = "11100000000013338W"  # 住房和城乡建设部, real
DEFINERS = {
    "samr": ("国家市场监督管理总局", _body(1001)),
    "nhc": ("国家卫生健康委员会", _body(1002)),
    "mps": ("公安部", _body(1003)),
    "mohrss": ("人力资源和社会保障部", _body(1004)),
    "mohurd": ("住房和城乡建设部", MOHURD),
    "mnr": ("自然资源部", _body(1005)),
    "mem": ("应急管理部", _body(1006)),
    "mot": ("交通运输部", _body(1007)),
    "mca": ("民政部", _body(1008)),
    "nmpa": ("国家药品监督管理局", _body(1009)),
}


def _f(*pairs: str) -> list[dict[str, str]]:
    """Field specs from "key:label:from" strings (``from`` defaults to form.<key>)."""
    specs = []
    for pair in pairs:
        key, label, *source = pair.split(":")
        specs.append({"key": key, "label": label, "from": source[0] if source else f"form.{key}"})
    return specs


ITEM = "item:许可事项:item.name"
CASE = "case:办件编号:case.number"
ADDRESS = "address:住所（经营场所）"
# code, name, definer, sequence, holder kind, validity in days, result names, fields
TYPES = [
    ("spjyxkz", "食品经营许可证", "samr", 1, ORG, 5 * YEAR, ["食品经营许可证"],
     _f("shop_name:经营者名称", ADDRESS, "scope:经营项目:answers.scope", CASE)),
    ("yyzz", "营业执照", "samr", 2, ANY, None, ["营业执照", "营业执照（变更后）"],
     _f("shop_name:名称", "scope:经营范围", ADDRESS, CASE)),
    ("tzsbsydjz", "特种设备使用登记证", "samr", 3, ORG, None, ["特种设备使用登记证"],
     _f("equipment:设备名称", ADDRESS, CASE)),
    ("ypjyxkz", "药品经营许可证", "nmpa", 1, ORG, 5 * YEAR, ["药品经营许可证"],
     _f("shop_name:企业名称", ADDRESS, CASE)),
    ("csyxzm", "出生医学证明", "nhc", 1, PER, None, ["出生医学证明"],
     _f("child_name:新生儿姓名", "birth_date:出生日期", "birth_place:出生地点", CASE)),
    ("ggcswsxkz", "公共场所卫生许可证", "nhc", 2, ORG, 4 * YEAR, ["公共场所卫生许可证"],
     _f("shop_name:单位名称", ADDRESS, CASE)),
    ("yljgzyxkz", "医疗机构执业许可证", "nhc", 3, ORG, 5 * YEAR, ["医疗机构执业许可证"],
     _f("shop_name:机构名称", ADDRESS, CASE)),
    ("hkb", "居民户口簿", "mps", 1, PER, None, ["居民户口簿（新生儿户口页）", "居民户口簿（迁入）"],
     _f(ADDRESS, CASE)),
    ("jzz", "居住证", "mps", 2, PER, YEAR, ["居住证"], _f(ADDRESS, CASE)),
    ("sfz", "居民身份证", "mps", 3, PER, 10 * YEAR, ["居民身份证"], _f(ADDRESS, CASE)),
    ("jsz", "机动车驾驶证", "mps", 4, PER, 10 * YEAR, ["机动车驾驶证"],
     _f("vehicle_class:准驾车型", CASE)),
    ("hz", "中华人民共和国普通护照", "mps", 5, PER, 10 * YEAR, ["中华人民共和国普通护照"],
     _f(CASE)),
    ("sbk", "社会保障卡", "mohrss", 1, PER, 10 * YEAR, ["社会保障卡"], _f(CASE)),
    ("jycyz", "就业创业证", "mohrss", 2, PER, None, ["就业创业证（电子证）"],
     _f("identity:申领身份:answers.identity", CASE)),
    ("sgxkz", "建筑工程施工许可证", "mohurd", 9, ORG, None, ["建筑工程施工许可证"],
     _f("project:工程名称", ADDRESS, CASE)),
    ("spfysxkz", "商品房预售许可证", "mohurd", 32, ORG, None, ["商品房预售许可证"],
     _f("project:项目名称", ADDRESS, CASE)),
    ("bdcqz", "不动产权证书", "mnr", 1, ANY, None, ["不动产权证书", "不动产权证书（首次登记）"],
     _f("location:坐落", "area:面积", CASE)),
    ("gcghxkz", "建设工程规划许可证", "mnr", 2, ORG, None, ["建设工程规划许可证"],
     _f("project:建设项目名称", ADDRESS, CASE)),
    ("xfaqjchgz", "公众聚集场所投入使用、营业消防安全检查合格证", "mem", 1, ORG, None,
     ["公众聚集场所投入使用、营业消防安全检查合格证"], _f("shop_name:场所名称", ADDRESS, CASE)),
    ("dlysjyxkz", "道路运输经营许可证", "mot", 1, ORG, 4 * YEAR, ["道路运输经营许可证"],
     _f("shop_name:业户名称", "scope:经营范围", CASE)),
    ("cyzgz", "道路运输从业人员从业资格证", "mot", 2, PER, 6 * YEAR, ["出租汽车驾驶员从业资格证"],
     _f("qualification:从业资格类别", CASE)),
    ("jhz", "结婚证", "mca", 1, PER, None, ["结婚证"], _f("spouse:配偶姓名", CASE)),
    ("syzdjz", "收养登记证", "mca", 2, PER, None, ["收养登记证"],
     _f("child_name:被收养人姓名", CASE)),
    ("shttfrdjzs", "社会团体法人登记证书", "mca", 3, ANY, 5 * YEAR, ["社会团体法人登记证书"],
     _f("shop_name:名称", ADDRESS, "scope:业务范围", CASE)),
]  # fmt: skip


def seed_licence_types() -> int:
    """Create or update the demo licence types; returns how many there are."""
    for code, name, definer, sequence, holder_kind, days, results, fields in TYPES:
        definer_name, definer_code = DEFINERS[definer]
        LicenceType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "type_code": f"{definer_code}{sequence:03d}",
                "definer_name": definer_name,
                "holder_kind": holder_kind,
                "validity_days": days,
                "result_names": results,
                "fields": fields,
            },
        )
    return len(TYPES)
